package io.sentinel.detector.topology;

import io.sentinel.detector.config.DetectorConfig;
import io.sentinel.engine.EngineSettings;

/**
 * Everything the topology needs to know, as plain values, so that tests build it without Quarkus.
 *
 * @param missedIntervals silent expected intervals after which a monitor is in outage
 * @param minSilenceMs minimum silence before an outage, whatever the interval
 * @param defaultIntervalMs expected interval of a monitor seen only once so far
 * @param checkIntervalMs wall-clock period of the outage check
 * @param resolveAfter consecutive normal samples that close an open anomaly
 * @param rollupEmitIntervalMs wall-clock period of re-publishing a still-filling minute
 * @param engine the detection engine settings
 * @param maxFutureMs how far ahead of the wall clock a sample may be stamped
 * @param errorsMinRejections rejected requests in one streak that open an errors episode
 * @param errorsQuietMs a streak of rejections ends, and an errors episode closes, after this long
 *     without one
 * @param snapshotEvery the whole engine state of a series is written every this many samples (best
 *     a divisor of the warm-up and of the retraining period); the samples in between are journaled
 * @param cachedSeries decoded engine states kept in memory per task (least recently used go first)
 * @param evictAfterMs series and monitors silent for this long (input time) are forgotten
 * @param inputGapMs a partition that received nothing this long while another partition of the
 *     instance received live records (read up to less than this before the wall clock) is idle:
 *     wall time advances its input clock
 * @param idleFallbackMs a partition that received nothing this long while no partition received
 *     live records is idle too (all agents quiet, or a pipeline stall or backlog that long)
 */
public record TopologySettings(
    int missedIntervals,
    long minSilenceMs,
    long defaultIntervalMs,
    long checkIntervalMs,
    int resolveAfter,
    long rollupEmitIntervalMs,
    EngineSettings engine,
    long maxFutureMs,
    int errorsMinRejections,
    long errorsQuietMs,
    int snapshotEvery,
    int cachedSeries,
    long evictAfterMs,
    long inputGapMs,
    long idleFallbackMs) {

  public static final int DEFAULT_SNAPSHOT_EVERY = 50;
  public static final int DEFAULT_CACHED_SERIES = 2_000;
  public static final long DEFAULT_EVICT_AFTER_MS = 7 * 24 * 3_600_000L;
  public static final long DEFAULT_INPUT_GAP_MS = 5_000;
  public static final long DEFAULT_IDLE_FALLBACK_MS = 60_000;

  public TopologySettings {
    if (snapshotEvery < 1) {
      throw new IllegalArgumentException("snapshot-every must be at least 1, was " + snapshotEvery);
    }
    if (evictAfterMs < 1) {
      throw new IllegalArgumentException("evict-after must be positive, was " + evictAfterMs);
    }
    if (cachedSeries < 1) {
      throw new IllegalArgumentException("cached-series must be at least 1, was " + cachedSeries);
    }
    if (inputGapMs < 1 || idleFallbackMs < inputGapMs) {
      throw new IllegalArgumentException(
          "outage input-gap must be positive and idle-fallback at least as long, were "
              + inputGapMs
              + " and "
              + idleFallbackMs
              + " ms");
    }
  }

  /** These settings with other state sizes. */
  public TopologySettings withState(int snapshotEvery, int cachedSeries) {
    return withStateAndClock(snapshotEvery, cachedSeries, evictAfterMs, inputGapMs, idleFallbackMs);
  }

  /** These settings with another eviction time. */
  public TopologySettings withEvictAfter(long ms) {
    return withStateAndClock(snapshotEvery, cachedSeries, ms, inputGapMs, idleFallbackMs);
  }

  /** These settings with another input clock. */
  public TopologySettings withInputClock(long inputGapMs, long idleFallbackMs) {
    return withStateAndClock(snapshotEvery, cachedSeries, evictAfterMs, inputGapMs, idleFallbackMs);
  }

  /** These settings with other state and input-clock settings (the last five components). */
  private TopologySettings withStateAndClock(
      int snapshotEvery,
      int cachedSeries,
      long evictAfterMs,
      long inputGapMs,
      long idleFallbackMs) {
    return new TopologySettings(
        missedIntervals,
        minSilenceMs,
        defaultIntervalMs,
        checkIntervalMs,
        resolveAfter,
        rollupEmitIntervalMs,
        engine,
        maxFutureMs,
        errorsMinRejections,
        errorsQuietMs,
        snapshotEvery,
        cachedSeries,
        evictAfterMs,
        inputGapMs,
        idleFallbackMs);
  }

  public static TopologySettings from(DetectorConfig c) {
    return new TopologySettings(
        c.outage().missedIntervals(),
        c.outage().minSilence().toMillis(),
        c.outage().defaultInterval().toMillis(),
        c.outage().checkInterval().toMillis(),
        c.anomaly().resolveAfter(),
        c.rollup().emitInterval().toMillis(),
        c.engine().toSettings(),
        c.maxFuture().toMillis(),
        c.errors().minRejections(),
        c.errors().quietPeriod().toMillis(),
        c.state().snapshotEvery(),
        c.state().cachedSeries(),
        c.state().evictAfter().toMillis(),
        c.outage().inputGap().toMillis(),
        c.outage().idleFallback().toMillis());
  }

  /** Defaults matching the configuration defaults, for tests. */
  public static TopologySettings defaults(EngineSettings engine) {
    return new TopologySettings(
        3,
        5_000,
        60_000,
        1_000,
        5,
        10_000,
        engine,
        600_000,
        3,
        300_000,
        DEFAULT_SNAPSHOT_EVERY,
        DEFAULT_CACHED_SERIES,
        DEFAULT_EVICT_AFTER_MS,
        DEFAULT_INPUT_GAP_MS,
        DEFAULT_IDLE_FALLBACK_MS);
  }
}
