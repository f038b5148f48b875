package io.sentinel.contract;

/**
 * Samples on {@link Topics#SAMPLES} that report facts about a monitor rather than a measurement:
 * heartbeats pushed by uptime checks, Prometheus' {@code up} of its scrape targets, and the
 * ingest-service's own record of rejected data. The detector does not learn or score them.
 */
public final class FactSamples {
  /** Label naming where a fact sample comes from. */
  public static final String SOURCE_LABEL = "source";

  /** {@link #SOURCE_LABEL} of heartbeats pushed to {@code /api/push/{token}}. */
  public static final String HEARTBEAT_SOURCE = "push";

  /** Heartbeat metric: 1 when the check reports up, 0 when it reports down. */
  public static final String HEARTBEAT_UP = "heartbeat_up";

  /**
   * Heartbeat metric of a check that reports an error ({@code status=error}): the check ran but
   * could not do its job (a misconfigured probe, a failing dependency of the check itself). Its
   * value is 1; the message is in {@link #HEARTBEAT_MESSAGE_HEADER}. Status Errors until the check
   * reports up or down again.
   */
  public static final String HEARTBEAT_ERROR = "heartbeat_error";

  /** Record header carrying the check's own message ({@code msg}). */
  public static final String HEARTBEAT_MESSAGE_HEADER = "sentinel-heartbeat-msg";

  /** {@link #SOURCE_LABEL} of facts the ingest-service publishes itself. */
  public static final String INGEST_SOURCE = "sentinel-ingest";

  /**
   * Count of samples of a monitor that ingest rejected in one request for one reason; labels {@link
   * #REASON_LABEL} and {@link #PROTOCOL_LABEL} say why and how they came.
   */
  public static final String INGEST_REJECTED = "sentinel_ingest_rejected";

  /** Label of a rejection fact: the reason tag, e.g. {@code timestamp_too_old}. */
  public static final String REASON_LABEL = "reason";

  /** Label of a rejection fact: the protocol of the request, e.g. {@code influx}. */
  public static final String PROTOCOL_LABEL = "protocol";

  /**
   * {@link #REASON_LABEL} of valid samples refused only because another sample of their batch was
   * bad.
   */
  public static final String BATCH_REJECTED_REASON = "batch_rejected";

  /**
   * Prometheus' own health series of a scrape target: 1 when the last scrape succeeded, 0 when it
   * failed. Written by Prometheus for every target with its {@link #JOB_LABEL job} label, and sent
   * on by remote_write like any series.
   */
  public static final String PROMETHEUS_UP = "up";

  /** The label Prometheus puts on every series of a target: the scrape job's name. */
  public static final String JOB_LABEL = "job";

  private FactSamples() {}

  /** Prometheus' {@code up} of a target: the agent reporting whether the monitor answers. */
  public static boolean isScrapeHealth(Sample s) {
    return PROMETHEUS_UP.equals(s.metric()) && s.labels().containsKey(JOB_LABEL);
  }

  public static boolean isHeartbeat(Sample s) {
    return HEARTBEAT_UP.equals(s.metric()) && HEARTBEAT_SOURCE.equals(s.labels().get(SOURCE_LABEL));
  }

  public static boolean isHeartbeatError(Sample s) {
    return HEARTBEAT_ERROR.equals(s.metric())
        && HEARTBEAT_SOURCE.equals(s.labels().get(SOURCE_LABEL));
  }

  public static boolean isIngestRejection(Sample s) {
    return INGEST_REJECTED.equals(s.metric()) && INGEST_SOURCE.equals(s.labels().get(SOURCE_LABEL));
  }
}
