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
    long errorsQuietMs) {

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
        c.errors().quietPeriod().toMillis());
  }

  /** Defaults matching the configuration defaults, for tests. */
  public static TopologySettings defaults(EngineSettings engine) {
    return new TopologySettings(3, 5_000, 60_000, 1_000, 5, 10_000, engine, 600_000, 3, 300_000);
  }
}
