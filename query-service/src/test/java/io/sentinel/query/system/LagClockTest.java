package io.sentinel.query.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LagClockTest {
  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);
  private static final Instant T = Instant.parse("2025-09-21T14:56:00Z");

  @Test
  void aGroupThatKeepsUpHasNoDelayAndTheClockForgetsWhatIsPassed() {
    LagClock clock = new LagClock(100);
    for (int i = 0; i < 50; i++) {
      Map<TopicPartition, Long> end = Map.of(P0, 10L * i, P1, 5L * i);
      assertThat(clock.delay(T.plusSeconds(2L * i), end, end)).isZero();
    }
    assertThat(clock.remembered()).isEqualTo(1);
  }

  @Test
  void theDelayIsCountedFromTheLastCheckWhoseRecordsAreAllProcessed() {
    LagClock clock = new LagClock(100);
    clock.delay(T, Map.of(P0, 10L, P1, 10L), Map.of(P0, 10L, P1, 10L));
    // from here on the group is stuck at 10 on P0 while records keep arriving
    clock.delay(T.plusSeconds(2), Map.of(P0, 12L, P1, 10L), Map.of(P0, 10L, P1, 10L));
    Duration d = clock.delay(T.plusSeconds(40), Map.of(P0, 30L, P1, 11L), Map.of(P0, 10L, P1, 11L));
    assertThat(d).isEqualTo(Duration.ofSeconds(40));
    // it catches up with what had arrived by T+2: the delay counts from there
    d = clock.delay(T.plusSeconds(42), Map.of(P0, 31L, P1, 11L), Map.of(P0, 12L, P1, 11L));
    assertThat(d).isEqualTo(Duration.ofSeconds(40));
    d = clock.delay(T.plusSeconds(44), Map.of(P0, 31L, P1, 11L), Map.of(P0, 31L, P1, 11L));
    assertThat(d).isZero();
  }

  @Test
  void aGroupBehindSinceBeforeTheFirstCheckIsAtLeastThatLate() {
    LagClock clock = new LagClock(3);
    for (int i = 0; i < 10; i++) {
      clock.delay(T.plusSeconds(i), Map.of(P0, 100L + i), Map.of(P0, 5L));
    }
    // only the last 3 checks are remembered (T+8, T+9, T+10): the delay is at least the age of
    // the oldest of them
    assertThat(clock.delay(T.plusSeconds(10), Map.of(P0, 110L), Map.of(P0, 5L)))
        .isEqualTo(Duration.ofSeconds(2));
  }
}
