package io.sentinel.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MaintenanceScheduleTest {
  private static final ZoneId UTC = ZoneId.of("UTC");
  // a Monday
  private static final Instant MON_01 = Instant.parse("2025-09-22T01:00:00Z");

  private static Instant at(String iso) {
    return Instant.parse(iso);
  }

  @Test
  void oneOffWindowIsOnBetweenStartAndEnd() {
    var s = new MaintenanceSchedule(MON_01, Duration.ofHours(2), null, null, UTC, null);
    assertThat(s.activeAt(at("2025-09-22T00:59:59Z"))).isEmpty();
    assertThat(s.activeAt(at("2025-09-22T01:00:00Z"))).contains(MON_01);
    assertThat(s.activeAt(at("2025-09-22T02:59:59Z"))).contains(MON_01);
    assertThat(s.activeAt(at("2025-09-22T03:00:00Z"))).isEmpty();
  }

  @Test
  void dailyRuleRecursAtTheSameLocalTimeUntilTheEnd() {
    var s =
        new MaintenanceSchedule(MON_01, Duration.ofHours(1), "FREQ=DAILY", null, UTC, at("2025-09-24T12:00:00Z"));
    assertThat(s.activeAt(at("2025-09-23T01:30:00Z"))).contains(at("2025-09-23T01:00:00Z"));
    assertThat(s.activeAt(at("2025-09-23T02:30:00Z"))).isEmpty();
    assertThat(s.activeAt(at("2025-09-25T01:30:00Z"))).isEmpty();
    assertThat(s.nextStartAfter(at("2025-09-23T01:30:00Z"))).contains(at("2025-09-24T01:00:00Z"));
  }

  @Test
  void weeklyRuleWithDaysAndIntervalFollowsTheTimeZone() {
    ZoneId paris = ZoneId.of("Europe/Paris");
    // 03:00 Paris = 01:00 UTC in September (CEST)
    var s =
        new MaintenanceSchedule(
            MON_01, Duration.ofHours(1), "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,SA", null, paris, null);
    assertThat(s.activeAt(at("2025-09-27T01:10:00Z"))).isPresent(); // Saturday, week 0
    assertThat(s.activeAt(at("2025-09-29T01:10:00Z"))).isEmpty(); // Monday, week 1
    assertThat(s.activeAt(at("2025-10-06T01:10:00Z"))).isPresent(); // Monday, week 2
    // after the switch to CET, 03:00 Paris is 02:00 UTC
    assertThat(s.activeAt(at("2025-11-03T02:10:00Z"))).isPresent();
  }

  @Test
  void cronWindowStartsAtEachFiring() {
    var s = new MaintenanceSchedule(MON_01, Duration.ofMinutes(30), null, "0 */6 * * *", UTC, null);
    assertThat(s.activeAt(at("2025-09-22T06:10:00Z"))).contains(at("2025-09-22T06:00:00Z"));
    assertThat(s.activeAt(at("2025-09-22T06:40:00Z"))).isEmpty();
    // the firing at midnight is before the window's start
    assertThat(s.activeAt(at("2025-09-22T00:10:00Z"))).isEmpty();
    assertThat(s.nextStartAfter(at("2025-09-22T06:10:00Z"))).contains(at("2025-09-22T12:00:00Z"));
  }

  @Test
  void invalidRulesAreExplained() {
    assertThatThrownBy(() -> new MaintenanceSchedule(MON_01, Duration.ofHours(1), "FREQ=YEARLY", null, UTC, null))
        .hasMessageContaining("DAILY or WEEKLY");
    assertThatThrownBy(() -> new MaintenanceSchedule(MON_01, Duration.ofHours(1), null, "every day", UTC, null))
        .hasMessageContaining("cron");
  }
}
