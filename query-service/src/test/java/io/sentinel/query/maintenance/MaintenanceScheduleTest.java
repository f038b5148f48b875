package io.sentinel.query.maintenance;

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
        new MaintenanceSchedule(
            MON_01, Duration.ofHours(1), "FREQ=DAILY", null, UTC, at("2025-09-24T12:00:00Z"));
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
    assertThatThrownBy(
            () ->
                new MaintenanceSchedule(
                    MON_01, Duration.ofHours(1), "FREQ=YEARLY", null, UTC, null))
        .hasMessageContaining("DAILY or WEEKLY");
    assertThatThrownBy(
            () ->
                new MaintenanceSchedule(MON_01, Duration.ofHours(1), null, "every day", UTC, null))
        .hasMessageContaining("cron");
  }

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @Test
  void aDailyTimeThatDoesNotExistOnTheSpringForwardDayHappensAnHourLater() {
    // 02:30 does not exist in Paris on 2026-03-29 (02:00 CET -> 03:00 CEST): it is 03:30 CEST that
    // day
    var s =
        new MaintenanceSchedule(
            at("2026-03-27T01:30:00Z"), Duration.ofMinutes(30), "FREQ=DAILY", null, PARIS, null);
    assertThat(s.activeAt(at("2026-03-28T01:45:00Z")))
        .contains(at("2026-03-28T01:30:00Z")); // 02:30 CET
    assertThat(s.nextStartAfter(at("2026-03-28T12:00:00Z")))
        .contains(at("2026-03-29T01:30:00Z")); // 03:30 CEST
    assertThat(s.activeAt(at("2026-03-29T01:45:00Z"))).contains(at("2026-03-29T01:30:00Z"));
    assertThat(s.nextStartAfter(at("2026-03-29T12:00:00Z")))
        .contains(at("2026-03-30T00:30:00Z")); // 02:30 CEST
  }

  @Test
  void aDailyTimeThatHappensTwiceOnTheFallBackDayIsTakenOnceAtItsFirst() {
    // 02:30 happens twice in Paris on 2025-10-26 (03:00 CEST -> 02:00 CET): the first, 00:30Z
    var s =
        new MaintenanceSchedule(
            at("2025-10-24T00:30:00Z"), Duration.ofMinutes(20), "FREQ=DAILY", null, PARIS, null);
    assertThat(s.nextStartAfter(at("2025-10-25T12:00:00Z"))).contains(at("2025-10-26T00:30:00Z"));
    assertThat(s.activeAt(at("2025-10-26T00:40:00Z"))).contains(at("2025-10-26T00:30:00Z"));
    assertThat(s.activeAt(at("2025-10-26T01:40:00Z"))).as("not again an hour later").isEmpty();
    assertThat(s.nextStartAfter(at("2025-10-26T00:35:00Z")))
        .contains(at("2025-10-27T01:30:00Z")); // 02:30 CET
  }

  @Test
  void aCronWindowFollowsTheZonesOffsetAcrossTheChange() {
    var s =
        new MaintenanceSchedule(
            at("2026-03-25T00:00:00Z"), Duration.ofMinutes(30), null, "0 4 * * *", PARIS, null);
    assertThat(s.activeAt(at("2026-03-28T03:10:00Z")))
        .contains(at("2026-03-28T03:00:00Z")); // 04:00 CET
    assertThat(s.activeAt(at("2026-03-29T02:10:00Z")))
        .contains(at("2026-03-29T02:00:00Z")); // 04:00 CEST
    assertThat(s.activeAt(at("2026-03-29T03:10:00Z"))).isEmpty();
  }

  @Test
  void everyOtherDayWithInterval() {
    var s =
        new MaintenanceSchedule(
            MON_01, Duration.ofHours(1), "FREQ=DAILY;INTERVAL=2", null, UTC, null);
    assertThat(s.activeAt(at("2025-09-22T01:30:00Z"))).isPresent();
    assertThat(s.activeAt(at("2025-09-23T01:30:00Z"))).isEmpty();
    assertThat(s.activeAt(at("2025-09-24T01:30:00Z"))).contains(at("2025-09-24T01:00:00Z"));
    assertThat(s.nextStartAfter(at("2025-09-24T01:30:00Z"))).contains(at("2025-09-26T01:00:00Z"));
  }

  @Test
  void theLastOccurrenceBeforeUntilRunsItsFullDuration() {
    // daily occurrences of 30 h overlap; the last one starts on day 2 and still runs on day 3
    var s =
        new MaintenanceSchedule(
            MON_01, Duration.ofHours(30), "FREQ=DAILY", null, UTC, at("2025-09-23T12:00:00Z"));
    assertThat(s.activeAt(at("2025-09-24T05:00:00Z"))).contains(at("2025-09-23T01:00:00Z"));
    assertThat(s.activeAt(at("2025-09-24T07:30:00Z"))).isEmpty();
    assertThat(s.nextStartAfter(at("2025-09-23T02:00:00Z"))).isEmpty();
  }
}
