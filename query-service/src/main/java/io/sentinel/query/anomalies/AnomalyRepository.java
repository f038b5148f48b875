package io.sentinel.query.anomalies;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.sentinel.query.events.EventLogRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Anomalies as Panache entities, for what people edit (acknowledgements) and the maintenance job;
 * the consumer writes them set-based (see EventBatchProcessor) and the API reads them with plain
 * SQL ({@link AnomalyReader}).
 */
@ApplicationScoped
public class AnomalyRepository implements PanacheRepositoryBase<Anomaly, String> {
  @Inject EventLogRepository eventLog;

  /** The open anomalies of a monitor. */
  public Uni<List<Anomaly>> openOf(long monitorId) {
    return list("monitorId = ?1 and endedAt is null", monitorId);
  }

  /**
   * Acknowledges an anomaly once: the first acknowledgement is stored with who and why and logged
   * (event type {@value EventLogRepository#ACKNOWLEDGED}, which reaches the live stream), in one
   * transaction with the row locked, so two people acknowledging at once log one acknowledgement;
   * later ones change nothing. Emits false when no anomaly of {@code tenants} (null: of any tenant)
   * has this id: another tenant's anomaly is answered as unknown.
   */
  @WithTransaction
  public Uni<Boolean> acknowledge(String id, String by, String comment, String[] tenants) {
    return findById(id, LockModeType.PESSIMISTIC_WRITE)
        .chain(
            a -> {
              if (a == null || (tenants != null && !List.of(tenants).contains(a.tenant))) {
                return Uni.createFrom().item(false);
              }
              if (a.acknowledgedAt != null) {
                return Uni.createFrom().item(true);
              }
              // PostgreSQL keeps microseconds: the row and the logged event carry the same time
              a.acknowledgedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
              a.acknowledgedBy = by;
              a.ackComment = comment;
              return eventLog
                  .appendAcknowledgement(
                      a.monitorId,
                      a.id,
                      a.monitor,
                      a.metric,
                      a.series,
                      a.acknowledgedAt,
                      a.severity,
                      message(a))
                  .replaceWith(true);
            });
  }

  private static String message(Anomaly a) {
    return "anomaly of "
        + a.monitor
        + (a.metric == null ? "" : " " + a.metric)
        + " acknowledged by "
        + a.acknowledgedBy
        + (a.ackComment == null ? "" : ": " + a.ackComment);
  }
}
