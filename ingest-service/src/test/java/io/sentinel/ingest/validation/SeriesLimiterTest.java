package io.sentinel.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SeriesLimiterTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final SeriesLimiter limiter = new SeriesLimiter(3, 60_000, now::get);

  @Test
  void aMonitorMayHaveAtMostMaxSeriesAndKnownSeriesStayAdmitted() {
    assertThat(limiter.admit("web", "a")).isTrue();
    assertThat(limiter.admit("web", "b")).isTrue();
    assertThat(limiter.admit("web", "c")).isTrue();
    assertThat(limiter.admit("web", "d")).isFalse();
    assertThat(limiter.admit("web", "a")).isTrue();
    assertThat(limiter.admit("db", "d")).as("other monitors have their own budget").isTrue();
  }

  @Test
  void seriesSilentForTwoWindowsStopCounting() {
    limiter.admit("web", "a");
    limiter.admit("web", "b");
    limiter.admit("web", "c");
    now.addAndGet(60_000);
    assertThat(limiter.admit("web", "a")).as("carried into the new window").isTrue();
    assertThat(limiter.admit("web", "d")).as("b and c still count for one more window").isFalse();
    now.addAndGet(60_000);
    assertThat(limiter.admit("web", "d")).isTrue();
    assertThat(limiter.admit("web", "e")).isTrue();
    assertThat(limiter.admit("web", "f")).isFalse();
  }

  @Test
  void labelOrderDoesNotMakeANewSeries() {
    java.util.Map<String, String> ab = new java.util.LinkedHashMap<>();
    ab.put("a", "1");
    ab.put("b", "2");
    java.util.Map<String, String> ba = new java.util.LinkedHashMap<>();
    ba.put("b", "2");
    ba.put("a", "1");
    SeriesLimiter one = new SeriesLimiter(1, 60_000, now::get);
    assertThat(one.admit("web", "m", ab)).isTrue();
    assertThat(one.admit("web", "m", ba)).isTrue();
    assertThat(one.admit("web", "m", java.util.Map.of("a", "2", "b", "1"))).isFalse();
  }
}
