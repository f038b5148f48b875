package io.sentinel.contract;

/** Kafka topic names. Keys and values are described in docs/architecture.md. */
public final class Topics {
  /** One metric sample per record, keyed by {@link Sample#key()} ({@code tenant/monitor}). */
  public static final String SAMPLES = "sentinel.samples";

  /** Monitor events (anomalies, outages, discoveries), keyed by {@link MonitorEvent#key()}. */
  public static final String EVENTS = "sentinel.events";

  /** Per-series per-minute aggregates for charts, keyed by series id. */
  public static final String ROLLUPS = "sentinel.rollups";

  /** Suffix of the dead-letter topic of a source topic; the reason travels in headers. */
  public static final String DLQ_SUFFIX = ".dlq";

  /** Header on a dead-letter record that says why it could not be processed. */
  public static final String DLQ_REASON_HEADER = "sentinel-dlq-reason";

  private Topics() {}

  /** The dead-letter topic of {@code topic}. */
  public static String dlq(String topic) {
    return topic + DLQ_SUFFIX;
  }
}
