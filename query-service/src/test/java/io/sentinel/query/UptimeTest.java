package io.sentinel.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UptimeTest {
  private static final Instant FROM = Instant.parse("2025-09-21T00:00:00Z");
  private static final Instant TO = Instant.parse("2025-09-22T00:00:00Z");

  @Test
  void noOutageIsFullUptime() {
    assertThat(Uptime.percent(List.of(), FROM, TO)).isEqualTo(100.0);
  }

  @Test
  void outageOfAQuarterOfThePeriodLeavesSeventyFivePercent() {
    var outage = new Uptime.Interval(FROM.plusSeconds(3600), FROM.plusSeconds(7 * 3600));
    assertThat(Uptime.percent(List.of(outage), FROM, TO)).isEqualTo(75.0);
  }

  @Test
  void overlappingAndClippedOutagesAreCountedOnce() {
    var before = new Uptime.Interval(FROM.minusSeconds(3600), FROM.plusSeconds(3600));
    var a = new Uptime.Interval(FROM.plusSeconds(7200), FROM.plusSeconds(4 * 3600));
    var b = new Uptime.Interval(FROM.plusSeconds(3 * 3600), FROM.plusSeconds(5 * 3600));
    var open = new Uptime.Interval(TO.minusSeconds(3600), null);
    // down: 1h + 3h + 1h = 5h of 24h
    assertThat(Uptime.percent(List.of(open, b, a, before), FROM, TO))
        .isEqualTo(Math.round(100_000.0 * 19 / 24) / 1000.0);
  }

  @Test
  void emptyPeriodHasNoUptime() {
    assertThat(Uptime.percent(List.of(), TO, TO)).isNull();
  }
}
