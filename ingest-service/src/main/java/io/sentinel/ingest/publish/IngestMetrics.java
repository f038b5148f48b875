package io.sentinel.ingest.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sentinel.ingest.config.IngestConfig;
import io.sentinel.ingest.problem.RejectReason;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counters of accepted and rejected input. Rejected samples carry the monitor tag so that a later
 * stage can turn persistent rejections into the monitor status Errors.
 */
@ApplicationScoped
public class IngestMetrics {
  /** Samples acknowledged by Kafka, tagged by protocol. */
  public static final String ACCEPTED = "sentinel.ingest.samples.accepted";

  /** Samples rejected as invalid, tagged by protocol, reason and monitor. */
  public static final String REJECTED = "sentinel.ingest.samples.rejected";

  /** Requests rejected before samples could be read, tagged by protocol and reason. */
  public static final String REQUESTS_REJECTED = "sentinel.ingest.requests.rejected";

  /** Valid samples that could not be written because Kafka was unavailable. */
  public static final String FAILED = "sentinel.ingest.samples.failed";

  /** Samples deliberately not published (e.g. Prometheus stale markers), by protocol and reason. */
  public static final String DROPPED = "sentinel.ingest.samples.dropped";

  /** Monitor tag of rejected samples whose monitor is absent or invalid. */
  public static final String UNKNOWN_MONITOR = "_unknown";

  /** Monitor tag once {@code sentinel.ingest.max-monitor-tags} distinct monitors were tagged. */
  public static final String OTHER_MONITOR = "_other";

  private final MeterRegistry registry;
  private final IngestConfig config;
  private final Set<String> taggedMonitors = ConcurrentHashMap.newKeySet();

  public IngestMetrics(MeterRegistry registry, IngestConfig config) {
    this.registry = registry;
    this.config = config;
  }

  public void accepted(String protocol, int samples) {
    Counter.builder(ACCEPTED)
        .description("Samples acknowledged by Kafka")
        .tag("protocol", protocol)
        .register(registry)
        .increment(samples);
  }

  /** One rejected sample; {@code monitor} is null when the sample named no valid monitor. */
  public void rejected(String protocol, RejectReason reason, String monitor) {
    Counter.builder(REJECTED)
        .description("Samples rejected as invalid")
        .tag("protocol", protocol)
        .tag("reason", reason.tag())
        .tag("monitor", monitorTag(monitor))
        .register(registry)
        .increment();
  }

  public void requestRejected(String protocol, RejectReason reason) {
    Counter.builder(REQUESTS_REJECTED)
        .description("Requests rejected before their samples could be read")
        .tag("protocol", protocol)
        .tag("reason", reason.tag())
        .register(registry)
        .increment();
  }

  /** Samples skipped on purpose, not errors: stale markers, string fields, "no value" points. */
  public void dropped(String protocol, String reason, int samples) {
    if (samples == 0) {
      return;
    }
    Counter.builder(DROPPED)
        .description("Samples deliberately not published (not errors)")
        .tag("protocol", protocol)
        .tag("reason", reason)
        .register(registry)
        .increment(samples);
  }

  public void failed(String protocol, int samples) {
    Counter.builder(FAILED)
        .description("Valid samples not written because Kafka was unavailable")
        .tag("protocol", protocol)
        .register(registry)
        .increment(samples);
  }

  private String monitorTag(String monitor) {
    if (monitor == null || monitor.isBlank() || monitor.length() > config.maxNameLength()) {
      return UNKNOWN_MONITOR;
    }
    if (taggedMonitors.contains(monitor)) {
      return monitor;
    }
    if (taggedMonitors.size() < config.maxMonitorTags()) {
      taggedMonitors.add(monitor);
      return monitor;
    }
    return OTHER_MONITOR;
  }
}
