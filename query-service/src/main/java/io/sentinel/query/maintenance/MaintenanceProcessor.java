package io.sentinel.query.maintenance;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.sentinel.query.MonitorStatus;
import io.sentinel.query.StatusFacts;
import io.sentinel.query.StatusRules;
import io.sentinel.query.anomalies.Anomaly;
import io.sentinel.query.anomalies.AnomalyRepository;
import io.sentinel.query.events.EventLogRepository;
import io.sentinel.query.materialize.EventBatchPlan;
import io.sentinel.query.monitors.MonitorRepository;
import io.sentinel.query.outages.OutageRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Moves one monitor into or out of maintenance in one transaction: flips its flag, logs the
 * transition and recomputes its status (logging the change), with the same status rules as the
 * event consumer ({@link EventBatchPlan#facts}).
 */
@ApplicationScoped
public class MaintenanceProcessor {
  @Inject EventLogRepository eventLog;
  @Inject MonitorRepository monitors;
  @Inject AnomalyRepository anomalies;
  @Inject OutageRepository outages;

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
              String message =
                  flipped.name() + (on ? " entered maintenance: " : " left maintenance: ") + why;
              return eventLog
                  .appendMaintenance(
                      flipped.monitor().id(), causeId, on, flipped.name(), time, message)
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

  /**
   * What the change opened: no anomaly or outage (a flip opens nothing), and no change to the
   * errors episode ({@code errors} null: the monitor's own).
   */
  private record Opened(int anomalies, int outages, Boolean errors) {
    static final Opened NOTHING = new Opened(0, 0, null);
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
                              factsOf(
                                  open, openOutages.intValue(), monitor.inMaintenance(), errors);
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
                                          monitor.id(),
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

  static StatusFacts factsOf(
      List<Anomaly> open, int openOutages, boolean inMaintenance, boolean reportsErrors) {
    return EventBatchPlan.facts(
        open.stream()
            .map(
                a ->
                    new EventBatchPlan.OpenAnomaly(
                        a.id, a.severity, a.metric, a.series, a.startedAt))
            .toList(),
        openOutages,
        inMaintenance,
        reportsErrors);
  }
}
