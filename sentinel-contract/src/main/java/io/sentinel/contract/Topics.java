package io.sentinel.contract;

/** Kafka topic names. Keys and values are described in docs/architecture.md. */
public final class Topics {
  /** One metric sample per record, keyed by {@link Sample#key()} ({@code tenant/monitor}). */
  public static final String SAMPLES = "sentinel.samples";

  /** Monitor events (anomalies, outages, discoveries), keyed by {@link MonitorEvent#key()}. */
  public static final String EVENTS = "sentinel.events";

  /** Per-series per-minute aggregates for charts, keyed by series id. */
  public static final String ROLLUPS = "sentinel.rollups";

  /**
   * Agent tokens managed by administrators ({@link AgentTokenRecord}), keyed by token hash;
   * compacted ({@code cleanup.policy=compact}): the query-service publishes, every ingest replica
   * reads the whole topic from the beginning.
   */
  public static final String AGENT_TOKENS = "sentinel.agent-tokens";

  /**
   * Use of agent tokens ({@link AgentTokenUse}), keyed by token hash, at most once a minute per
   * token and ingest replica; the query-service materializes the last use.
   */
  public static final String AGENT_TOKEN_USAGE = "sentinel.agent-token-usage";

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
