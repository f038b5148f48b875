package io.sentinel.detector.topology;

/** The names of the detector topology's nodes and stores, in one place. */
public final class Names {
  /** Per series: the hot record ({@link SeriesRecord}), written on every sample. */
  public static final String SERIES_STORE = "series-state";

  /** Per series: the engine state as of the hot record's base, written every few samples. */
  public static final String SNAPSHOT_STORE = "series-snapshot";

  /** Per monitor: liveness, outage and errors episode ({@link MonitorState}). */
  public static final String MONITOR_STORE = "monitor-state";

  static final String SOURCE = "samples-source";
  static final String PROCESSOR = "detector";
  static final String EVENTS_SINK = "events-sink";
  static final String ROLLUPS_SINK = "rollups-sink";
  static final String DLQ_SINK = "dlq-sink";

  private Names() {}
}
