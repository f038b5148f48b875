package io.sentinel.detector.topology;

import io.sentinel.engine.DetectionEngine;
import io.sentinel.engine.SeriesState;

/** What tools outside the topology (the benchmark, operators' checks) may do with stored series. */
public final class SeriesStates {
  private SeriesStates() {}

  /**
   * The engine state a series' stored records stand for.
   *
   * @param hot its value in {@link Names#SERIES_STORE}
   * @param snapshot its value in {@link Names#SNAPSHOT_STORE}, null if there is none
   */
  public static SeriesState rebuild(
      DetectionEngine engine, String seriesId, byte[] hot, byte[] snapshot) {
    SeriesRecord r = SeriesRecord.decode(hot);
    if (r.legacyEngineState != null) {
      return engine.fromBytes(r.legacyEngineState);
    }
    return SeriesDetection.rebuild(engine, r, snapshot, seriesId);
  }
}
