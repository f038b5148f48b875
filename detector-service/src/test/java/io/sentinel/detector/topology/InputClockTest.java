package io.sentinel.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputClockTest {
  private static final long T = 1_000_000_000L;

  /** Input gap 5 s, idle fallback 60 s, checks every second. */
  private final InputClock clock = new InputClock(5_000, 60_000, 1_000);

  /** Checks every second from {@code from} to {@code to} (wall); the last one's reading. */
  private static long checks(InputClock.Partition p, long from, long to) {
    long at = Long.MIN_VALUE;
    for (long w = from; w <= to; w += 1_000) {
      at = p.at(w);
    }
    return at;
  }

  @Test
  void unknownUntilTheFirstRecordOrTheIdleFallback() {
    InputClock.Partition p = clock.start(0);
    assertThat(checks(p, T, T + 59_000)).isEqualTo(Long.MIN_VALUE);
    assertThat(checks(p, T + 60_000, T + 60_000)).isEqualTo(T + 60_000);
  }

  @Test
  void isTheStreamsOwnProgressWhileRecordsCome() {
    InputClock.Partition p = clock.start(0);
    // a backlog of two minutes, read fast
    p.input(T, T + 120_000);
    p.input(T + 30_000, T + 121_000);
    assertThat(p.at(T + 121_500)).isEqualTo(T + 30_000);
  }

  @Test
  void wallTimeDoesNotCountWhileEveryPartitionIsIdleShorterThanTheFallback() {
    InputClock.Partition p = clock.start(0);
    InputClock.Partition q = clock.start(1);
    p.input(T, T);
    q.input(T, T);
    assertThat(checks(p, T + 1_000, T + 59_000)).isEqualTo(T);
    assertThat(checks(p, T + 60_000, T + 60_000)).isEqualTo(T + 60_000);
  }

  @Test
  void wallTimeCountsAfterTheInputGapWhenAnotherPartitionReceives() {
    InputClock.Partition p = clock.start(0);
    InputClock.Partition q = clock.start(1);
    p.input(T, T);
    long at = Long.MIN_VALUE;
    for (long w = T + 1_000; w <= T + 10_000; w += 1_000) {
      q.input(w, w);
      at = p.at(w);
      if (w < T + 5_000) {
        assertThat(at).isEqualTo(T);
      }
    }
    assertThat(at).isEqualTo(T + 10_000);
  }

  @Test
  void aPartitionReplayingOldRecordsDoesNotCountAsReceiving() {
    // the detector restarts an hour after it stopped; both partitions start on their backlog
    long w0 = T + 3_600_000;
    InputClock.Partition p = clock.start(0);
    InputClock.Partition q = clock.start(1);
    p.input(T, w0);
    q.input(T, w0);
    // q replays its hour, thirty times faster than it was written; p's next records are held up
    // (its leader's broker killed, its fetch behind q's): nothing shows the pipeline is live
    for (long w = w0 + 1_000; w < w0 + 60_000; w += 1_000) {
      q.input(T + (w - w0) * 30, w);
      assertThat(p.at(w)).as("at %d s", (w - w0) / 1000).isEqualTo(T);
    }
  }

  @Test
  void wallTimeDoesNotCountWhileAnotherPartitionReplaysHoweverLong() {
    // the chaos suite's case: the detector is two minutes behind on q; p has read everything one
    // poll gave it, and the stream thread works through q's backlog before it fetches again
    long w0 = T + 600_000;
    InputClock.Partition p = clock.start(0);
    InputClock.Partition q = clock.start(1);
    p.input(w0 - 1_000, w0);
    q.input(T, w0);
    for (long w = w0 + 1_000; w <= w0 + 120_000; w += 1_000) {
      q.input(T + (w - w0) * 4, w); // still minutes behind the wall clock
      assertThat(p.at(w)).as("at %d s", (w - w0) / 1000).isEqualTo(w0 - 1_000);
    }
    // p's records of those two minutes arrive: its clock is its stream's progress again
    long w = w0 + 121_000;
    for (long ts = w0; ts <= w - 1_000; ts += 1_000) {
      p.input(ts, w);
    }
    assertThat(p.at(w)).isEqualTo(w - 1_000);
  }

  @Test
  void aPartitionCountsAsReceivingOnceItsRecordsAreLive() {
    long w0 = T + 600_000;
    InputClock.Partition p = clock.start(0);
    InputClock.Partition q = clock.start(1);
    p.input(T, w0);
    q.input(T, w0);
    // q replays its ten minutes at a minute a second: live from w0 + 10 s, read 1 s after sent
    long w = w0 + 1_000;
    for (; q.input(Math.min(T + (w - w0) * 60, w - 1_000), w) < w - 1_000; w += 1_000) {
      assertThat(p.at(w)).as("at %d s", (w - w0) / 1000).isEqualTo(T);
    }
    assertThat(w).isLessThan(w0 + 60_000);
    long lastSeenBehind = w - 1_000;
    // q is live: p, quiet all along, counts wall time from the end of the replay, after the gap
    assertThat(p.at(w)).isEqualTo(T);
    for (long v = w + 1_000; v <= w + 5_000; v += 1_000) {
      q.input(v - 500, v);
    }
    assertThat(p.at(w + 5_000)).isEqualTo(T + (w + 5_000 - lastSeenBehind));
  }

  @Test
  void aPartitionThatReceivedNothingIsNotReceiving() {
    InputClock.Partition p = clock.start(0);
    clock.start(1);
    p.input(T, T);
    assertThat(checks(p, T + 1_000, T + 59_000)).isEqualTo(T);
  }

  @Test
  void aLateCheckDoesNotCountWallTime() {
    InputClock.Partition p = clock.start(0);
    p.input(T, T);
    // this detector's thread stalled for 90 s: its first check after is late
    assertThat(p.at(T + 90_000)).isEqualTo(T);
    assertThat(p.at(T + 91_000)).isEqualTo(T + 91_000);
  }

  @Test
  void aGapInTheStreamThatNoCheckCountedIsNotSilence() {
    InputClock.Partition p = clock.start(0);
    p.input(T, T);
    checks(p, T + 1_000, T + 40_000);
    // ingest published nothing for 40 s; then records again
    p.input(T + 40_000, T + 40_000);
    assertThat(p.silence(T, T + 40_000)).as("across the gap").isZero();
    assertThat(p.silence(T - 10_000, T + 45_000)).isEqualTo(15_000);
    assertThat(p.silence(T + 41_000, T + 50_000)).as("after it").isEqualTo(9_000);
  }

  @Test
  void theCountedPartOfAGapIsSilence() {
    InputClock.Partition p = clock.start(0);
    p.input(T, T);
    checks(p, T + 1_000, T + 70_000);
    p.input(T + 80_000, T + 80_000);
    assertThat(p.silence(T, T + 80_000)).as("70 s counted by the fallback").isEqualTo(70_000);
  }
}
