package io.sentinel.ingest.publish;

import io.sentinel.contract.FactSamples;
import io.sentinel.contract.Sample;
import io.sentinel.ingest.auth.Tenants;
import io.sentinel.ingest.config.IngestConfig;
import io.sentinel.ingest.problem.RejectReason;
import io.sentinel.ingest.validation.SampleValidator.Rejection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Publishes the fact that a monitor's data was rejected, as samples of that monitor on the samples
 * topic, so that a later stage can set the monitor's status to Errors: metric {@value #METRIC},
 * labels {@code tenant}, {@code protocol}, {@code reason} and {@code source=}{@value #SOURCE},
 * value = samples rejected for that reason in one request. Best effort: a failure to publish them
 * is logged and does not change the answer to the agent.
 */
@ApplicationScoped
public class RejectionPublisher {
  private static final Logger LOG = Logger.getLogger(RejectionPublisher.class);

  /** Metric of a rejection fact. */
  public static final String METRIC = FactSamples.INGEST_REJECTED;

  /** Value of the {@code source} label of facts published by ingest itself. */
  public static final String SOURCE = FactSamples.INGEST_SOURCE;

  /** Most monitors one request publishes facts for (a request naming many bad monitors). */
  static final int MAX_MONITORS_PER_REQUEST = 100;

  private final SamplePublisher publisher;
  private final IngestConfig config;

  public RejectionPublisher(SamplePublisher publisher, IngestConfig config) {
    this.publisher = publisher;
    this.config = config;
  }

  /** The facts of {@code rejections}: one sample per monitor and reason. */
  public List<Sample> facts(String protocol, String tenant, List<Rejection> rejections, long now) {
    Map<String, Map<RejectReason, Integer>> byMonitor = new LinkedHashMap<>();
    for (Rejection r : rejections) {
      String monitor = r.sample().monitor();
      if (monitor == null || monitor.isBlank() || monitor.length() > config.maxNameLength()) {
        continue; // no monitor to blame
      }
      if (!byMonitor.containsKey(monitor) && byMonitor.size() >= MAX_MONITORS_PER_REQUEST) {
        continue;
      }
      byMonitor
          .computeIfAbsent(monitor, m -> new LinkedHashMap<>())
          .merge(r.reason(), 1, Integer::sum);
    }
    List<Sample> facts = new ArrayList<>();
    byMonitor.forEach(
        (monitor, reasons) ->
            reasons.forEach(
                (reason, count) ->
                    facts.add(
                        new Sample(
                            monitor,
                            METRIC,
                            Map.of(
                                Tenants.LABEL, tenant,
                                FactSamples.PROTOCOL_LABEL, protocol,
                                FactSamples.REASON_LABEL, reason.tag(),
                                FactSamples.SOURCE_LABEL, SOURCE),
                            now,
                            count,
                            tenant))));
    return facts;
  }

  /** Publishes the facts of {@code rejections}, if enabled; never fails the caller. */
  public void publish(String protocol, String tenant, List<Rejection> rejections, long now) {
    if (!config.publishRejections() || rejections.isEmpty()) {
      return;
    }
    List<Sample> facts = facts(protocol, tenant, rejections, now);
    if (facts.isEmpty()) {
      return;
    }
    try {
      publisher
          .publish(facts)
          .whenComplete(
              (n, e) -> {
                if (e != null) {
                  LOG.debugf("Rejection facts not published: %s", e.getMessage());
                }
              });
    } catch (RuntimeException e) {
      LOG.debugf("Rejection facts not published: %s", e.getMessage());
    }
  }
}
