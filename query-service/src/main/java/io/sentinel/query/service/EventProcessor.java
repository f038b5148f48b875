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
                    : applyEffect(event, seq).replaceWith(Outcome.APPLIED));
  }

  /**
   * Moves a monitor into or out of maintenance: flips its flag, logs {@code maintenance_started} or
   * {@code maintenance_ended} with id {@code causeId}, and recomputes its status (logging the
   * change). Emits false when the flag already had this value, e.g. flipped by another replica.
   */
  @WithTransaction
  public Uni<Boolean> setMaintenance(
      long monitorId, boolean on, String causeId, String why, OffsetDateTime time) {
    return monitors
        .setMaintenance(monitorId, on)
        .chain(
            flipped -> {
              if (flipped == null) {
                return Uni.createFrom().item(false);
              }
              String type =
                  on ? EventLogRepository.MAINTENANCE_STARTED : EventLogRepository.MAINTENANCE_ENDED;
              String message =
                  flipped.name() + (on ? " entered maintenance: " : " left maintenance: ") + why;
              return eventLog
                  .appendMaintenance(causeId, type, flipped.name(), time, message, null)
                  .chain(
                      seq ->
                          recomputeStatus(
                              flipped.monitor(),
                              causeId,
                              flipped.name(),
                              time,
                              Opened.NOTHING,
                              why))
                  .replaceWith(true);
            });
  }

  private Uni<Void> applyEffect(MonitorEvent e, long seq) {
    OffsetDateTime time = Times.utc(e.time());
    return monitors
        .upsert(e.monitor(), time)
        .chain(
            monitor ->
                changeOf(monitor, e, seq)
                    .chain(
                        change ->
                            recomputeStatus(
                                monitor,
                                e.id(),
                                e.monitor(),
                                time,
                                change,
                                e.message() != null ? e.message() : e.type().wire())));
  }

  /**
   * What the event changed: how many anomalies and outages it opened, and whether the monitor's
   * errors episode is open after it (null when the event does not touch it).
   */
  private record Opened(int anomalies, int outages, Boolean errors) {
    static final Opened NOTHING = new Opened(0, 0, null);

    Opened(int anomalies, int outages) {
      this(anomalies, outages, null);
    }
  }

  private Uni<Opened> changeOf(MonitorRepository.Upserted monitor, MonitorEvent e, long seq) {
    long monitorId = monitor.id();
    return switch (e.type()) {
      case ANOMALY -> {
        Uni<Integer> opened = anomalies.open(monitorId, e, monitor.inMaintenance());
        if (monitor.inMaintenance()) {
          // alerts in a maintenance window are kept and shown, marked suppressed
          opened = opened.call(n -> eventLog.markSuppressed(seq));
        }
        yield opened.map(n -> new Opened(n, 0));
      }
      case ANOMALY_RESOLVED -> anomalies.close(monitorId, e).replaceWith(Opened.NOTHING);
      case OUTAGE_STARTED -> outages.open(monitorId, e).map(n -> new Opened(0, n));
      case OUTAGE_RESOLVED -> outages.close(monitorId, e).replaceWith(Opened.NOTHING);
      case ERRORS_STARTED ->
          monitors
              .openErrors(monitorId, e.id(), Times.utc(e.time()), e.message())
              .replaceWith(new Opened(0, 0, true));
      case ERRORS_RESOLVED ->
          monitors.closeErrors(monitorId, e.ref()).map(open -> new Opened(0, 0, open));
      case MONITOR_DISCOVERED -> Uni.createFrom().item(Opened.NOTHING);
    };
  }

  private Uni<Void> recomputeStatus(
      MonitorRepository.Upserted monitor,
      String causeId,
      String monitorName,
      OffsetDateTime time,
      Opened opened,
      String why) {
    return anomalies
        .openOf(monitor.id())
        .chain(
            open ->
                outages
                    .countOpen(monitor.id())
                    .chain(
                        openOutages -> {
                          boolean errors =
                              opened.errors() != null ? opened.errors() : monitor.reportsErrors();
                          StatusFacts facts =
                              factsOf(open, openOutages.intValue(), monitor.inMaintenance(), errors);
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
                                          causeId,
                                          monitorName,
                                          time,
                                          monitor.status(),
                                          status,
                                          monitorName
                                              + " is now "
                                              + status.wire()
                                              + " (was "
                                              + monitor.status().wire()
                                              + "): "
                                              + why))
                              .replaceWithVoid();
                        }));
  }

  /** The facts the status rules need. */
  static StatusFacts factsOf(
      List<Anomaly> open, int openOutages, boolean inMaintenance, boolean reportsErrors) {
    int critical =
        (int) open.stream().filter(a -> Severity.CRITICAL.wire().equals(a.severity)).count();
    int metrics =
        (int)
            open.stream()
                .map(a -> a.metric != null ? a.metric : a.series)
                .filter(Objects::nonNull)
                .distinct()
                .count();
    return new StatusFacts(
        inMaintenance, openOutages, reportsErrors, critical, open.size(), metrics);
  }
}
