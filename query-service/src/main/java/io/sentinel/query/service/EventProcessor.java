package io.sentinel.query.service;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Severity;
import io.sentinel.query.Anomaly;
import io.sentinel.query.MonitorStatus;
import io.sentinel.query.StatusFacts;
import io.sentinel.query.StatusRules;
import io.sentinel.query.Times;
import io.sentinel.query.repository.AnomalyRepository;
import io.sentinel.query.repository.EventLogRepository;
import io.sentinel.query.repository.MonitorRepository;
import io.sentinel.query.repository.OutageRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

/**
 * Applies one monitor event to PostgreSQL in one transaction: log it, and only if it is new (not a
 * redelivery) upsert the monitor, open or close the anomaly or outage, recompute the status and log
 * a status change. The event-log inserts notify the live feed when the transaction commits.
 */
@ApplicationScoped
public class EventProcessor {
  @Inject EventLogRepository eventLog;
  @Inject MonitorRepository monitors;
  @Inject AnomalyRepository anomalies;
  @Inject OutageRepository outages;

  /** What applying an event did. */
  public enum Outcome {
    APPLIED,
    DUPLICATE
  }

  @WithTransaction
  public Uni<Outcome> apply(MonitorEvent event) {
    return eventLog
        .append(event)
        .chain(
            seq ->
                seq == null
                    ? Uni.createFrom().item(Outcome.DUPLICATE)
                    : applyEffect(event).replaceWith(Outcome.APPLIED));
  }

  private Uni<Void> applyEffect(MonitorEvent e) {
    OffsetDateTime time = Times.utc(e.time());
    return monitors
        .upsert(e.monitor(), time)
        .chain(
            monitor ->
                changeOf(monitor.id(), e)
                    .chain(change -> recomputeStatus(monitor, e, time, change)));
  }

  /** How many anomalies and outages the event opened. */
  private record Opened(int anomalies, int outages) {}

  private Uni<Opened> changeOf(long monitorId, MonitorEvent e) {
    return switch (e.type()) {
      case ANOMALY -> anomalies.open(monitorId, e).map(n -> new Opened(n, 0));
      case ANOMALY_RESOLVED -> anomalies.close(monitorId, e).replaceWith(new Opened(0, 0));
      case OUTAGE_STARTED -> outages.open(monitorId, e).map(n -> new Opened(0, n));
      case OUTAGE_RESOLVED -> outages.close(monitorId, e).replaceWith(new Opened(0, 0));
      case MONITOR_DISCOVERED -> Uni.createFrom().item(new Opened(0, 0));
    };
  }

  private Uni<Void> recomputeStatus(
      MonitorRepository.Upserted monitor, MonitorEvent cause, OffsetDateTime time, Opened opened) {
    return anomalies
        .openOf(monitor.id())
        .chain(
            open ->
                outages
                    .countOpen(monitor.id())
                    .chain(
                        openOutages -> {
                          StatusFacts facts = factsOf(open, openOutages.intValue());
                          MonitorStatus status = StatusRules.statusOf(facts);
                          Uni<Integer> saved =
                              monitors.saveStatus(
                                  monitor.id(),
                                  status,
                                  time,
                                  facts.openAnomalies(),
                                  facts.openOutages(),
                                  opened.anomalies(),
                                  opened.outages());
                          if (status == monitor.status()) {
                            return saved.replaceWithVoid();
                          }
                          return saved
                              .chain(
                                  x ->
                                      eventLog.appendStatusChange(
                                          cause.id(),
                                          cause.monitor(),
                                          time,
                                          monitor.status(),
                                          status,
                                          describe(cause, monitor.status(), status)))
                              .replaceWithVoid();
                        }));
  }

  /** The facts the status rules need; maintenance and agent errors arrive with later features. */
  static StatusFacts factsOf(List<Anomaly> open, int openOutages) {
    int critical =
        (int) open.stream().filter(a -> Severity.CRITICAL.wire().equals(a.severity)).count();
    int metrics =
        (int)
            open.stream()
                .map(a -> a.metric != null ? a.metric : a.series)
                .filter(Objects::nonNull)
                .distinct()
                .count();
    return new StatusFacts(false, openOutages, false, critical, open.size(), metrics);
  }

  private static String describe(MonitorEvent cause, MonitorStatus from, MonitorStatus to) {
    String why = cause.message() != null ? cause.message() : cause.type().wire();
    return cause.monitor() + " is now " + to.wire() + " (was " + from.wire() + "): " + why;
  }
}
