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

  /** Both partitions receive live records every second from {@code from} to {@code to} (wall). */
  private static void live(InputClock.Partition p, InputClock.Partition q, long from, long to) {
    for (long w = from; w <= to; w += 1_000) {
      p.input(w, w);
      q.input(w, w);
    }
  }

  @Test
  void aStallOfTheWholeInputIsNotSilenceWhenThePartitionsResumeOneByOne() {
    // the chaos suite's broker kill: every partition receives live records; the broker is down
    // for 40 s (ingest answers 503, agents queue their samples); when it is back, p is fetched
    // first, and its first record carries a sample its agent queued 39 s ago
    InputClock.Partition p = clock.start(0);
    InputClock.Partition q = clock.start(1);
    live(p, q, T, T + 10_000);
    assertThat(checks(q, T + 11_000, T + 49_000)).isEqualTo(T + 10_000);
    long back = T + 50_000;
    p.input(back, back);
    p.delivered(T + 11_000, back, 0);
    // q has not been fetched yet; p receives live records (its agents' queues draining)
    for (long w = back + 1_000; w <= back + 8_000; w += 1_000) {
      p.input(w, w);
      p.delivered(w - 1_000, w, 0);
      long at = q.at(w);
      assertThat(q.silence(T + 10_000, at))
          .as("q's monitor silent at %d s", (w - back) / 1000)
          .isLessThan(15_000);
    }
    // q's records come: its monitors' silence across the stall is left out; what counts is the 8 s
    // it was counted as idle after the stall (the last half second, not counted, is left out too)
    q.input(back + 8_500, back + 8_500);
    assertThat(q.silence(T + 10_000, back + 8_500)).isEqualTo(8_000);
  }

  @Test
  void aStallIsRecognisedFromASampleDeliveredJustAfterTheFirstRecords() {
    // the first record after the stall is a fresh sample of an agent that had nothing queued; a
    // queued sample follows a moment later: within the grace, q counts nothing meanwhile
    InputClock.Partition p = clock.start(0);
    InputClock.Partition q = clock.start(1);
    live(p, q, T, T + 10_000);
    checks(q, T + 11_000, T + 49_000);
    long back = T + 50_000;
    p.input(back, back);
    p.delivered(back - 200, back, 200);
    assertThat(q.at(back + 1_000)).as("undecided yet").isEqualTo(T + 10_000);
    p.input(back + 1_500, back + 1_500);
    p.delivered(T + 12_000, back + 1_500, 200);
    for (long w = back + 2_000; w <= back + 8_000; w += 1_000) {
      p.input(w, w);
      assertThat(q.silence(T + 10_000, q.at(w))).isLessThan(15_000);
    }
  }

  /**
   * The wall time at which q's only monitor, dead after its send at T, reaches 45 s of silence (3
   * intervals of 15 s), while p's agent sends every {@code everyMs}, its oldest sample as old as
   * usual ({@code delayMs}); {@code Long.MIN_VALUE} if not within two minutes.
   */
  private long deadMonitorReachesItsLimit(long everyMs, long delayMs) {
    InputClock.Partition p = clock.start(0);
    InputClock.Partition q = clock.start(1);
    p.input(T, T);
    q.input(T, T);
    for (long w = T + 1_000; w <= T + 120_000; w += 1_000) {
      if ((w - T) % everyMs == 0) {
        p.input(w, w);
        p.delivered(w - delayMs, w, delayMs);
      }
      if (q.silence(T, q.at(w)) >= 45_000) {
        return w;
      }
    }
    return Long.MIN_VALUE;
  }

  @Test
  void aDeadMonitorIsSilentWhileEveryAgentIsQuietBetweenSends() {
    // agents send every 15 s, fresh samples each time: the silence grows at the wall's pace
    assertThat(deadMonitorReachesItsLimit(15_000, 1_000))
        .as("outage reached")
        .isBetween(T + 45_000, T + 60_000);
  }

  @Test
  void aBatchingAgentsPausesAreNotStalls() {
    // one agent flushes a batch every 20 s; its oldest sample is 20 s old, as it always is
    assertThat(deadMonitorReachesItsLimit(20_000, 20_000))
        .as("outage reached")
        .isBetween(T + 45_000, T + 70_000);
  }

  @Test
  void evidenceOfAStallAfterASilenceWasCountedDoesNotShrinkIt() {
    InputClock.Partition p = clock.start(0);
    InputClock.Partition q = clock.start(1);
    live(p, q, T, T + 10_000);
    checks(q, T + 11_000, T + 49_000);
    long back = T + 50_000;
    long at = Long.MIN_VALUE;
    for (long w = back; w <= back + 5_000; w += 1_000) {
      p.input(w, w);
      p.delivered(w - 100, w, 100);
      at = q.at(w);
    }
    long counted = q.silence(T + 10_000, at);
    assertThat(counted).as("no evidence: the pause counted").isEqualTo(45_000);
    p.input(back + 5_500, back + 5_500);
    p.delivered(T + 20_000, back + 5_500, 100); // a late queued sample
    assertThat(q.silence(T + 10_000, at)).isEqualTo(counted);
  }

  @Test
  void noWallTimeCountsWhileTheConsumerHearsNothingFromTheBrokers() {
    // the broker is down for 80 s, longer than the idle fallback; the stream thread keeps
    // checking, its consumer completes no fetch; when the broker is back, p is fetched first, with
    // fresh samples only (no agent had queued): q's monitors are not silent for the outage
    InputClock.Partition p = clock.start(0);
    InputClock.Partition q = clock.start(1);
    for (long w = T; w <= T + 10_000; w += 1_000) {
      p.input(w, w);
      q.input(w, w);
      p.fetched(w);
      q.fetched(w);
    }
    assertThat(checks(q, T + 11_000, T + 90_000)).isEqualTo(T + 10_000);
    long back = T + 90_000;
    for (long w = back; w <= back + 8_000; w += 1_000) {
      p.fetched(w);
      q.fetched(w);
      p.input(w, w);
      p.delivered(w - 100, w, 100);
      assertThat(q.silence(T + 10_000, q.at(w)))
          .as("q's monitor silent at %d s", (w - back) / 1000)
          .isLessThan(15_000);
    }
  }

  @Test
  void everyAgentQuietWhileTheConsumerFetchesCountsAfterTheFallback() {
    InputClock.Partition p = clock.start(0);
    p.input(T, T);
    long at = Long.MIN_VALUE;
    for (long w = T + 1_000; w <= T + 60_000; w += 1_000) {
      p.fetched(w);
      at = p.at(w);
    }
    assertThat(at).isEqualTo(T + 60_000);
  }
}
