package io.sentinel.query.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.sentinel.query.Monitor;
import io.sentinel.query.MonitorStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;

/** Monitors: native upserts for the consumers, Panache for reads. */
@ApplicationScoped
public class MonitorRepository implements PanacheRepositoryBase<Monitor, Long> {
  private static final String UPSERT =
      """
      INSERT INTO monitors (name, status, first_seen, last_updated, status_since)
      VALUES (:name, 'up', CAST(:seen AS timestamptz), CAST(:seen AS timestamptz),
              CAST(:seen AS timestamptz))
      ON CONFLICT (name) DO UPDATE
         SET last_updated = GREATEST(monitors.last_updated, EXCLUDED.last_updated),
             first_seen = LEAST(monitors.first_seen, EXCLUDED.first_seen)
      RETURNING id, status
      """;

  private static final String SAVE_STATUS =
      """
      UPDATE monitors
         SET status = :status,
             status_since = CASE WHEN status = :status THEN status_since
                                 ELSE CAST(:at AS timestamptz) END,
             open_anomalies = :openAnomalies,
             open_outages = :openOutages,
             anomaly_count = anomaly_count + :newAnomalies,
             outage_count = outage_count + :newOutages
       WHERE id = :id
      """;

  /** The id and status of a monitor as its upsert left it. */
  public record Upserted(long id, MonitorStatus status) {}

  /**
   * Creates the monitor (status up) or moves its {@code last_updated} forward to {@code seen}. The
   * upsert also row-locks the monitor until the transaction ends, which serializes the status
   * computation of one monitor across consumers and replicas.
   */
  public Uni<Upserted> upsert(String name, OffsetDateTime seen) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(UPSERT, Object[].class)
                    .setParameter("name", name)
                    .setParameter("seen", seen)
                    .getSingleResult())
        .map(
            row ->
                new Upserted(
                    ((Number) row[0]).longValue(), MonitorStatus.fromWire((String) row[1])));
  }

  /** Stores the recomputed status and counters of a monitor. */
  public Uni<Integer> saveStatus(
      long id,
      MonitorStatus status,
      OffsetDateTime at,
      int openAnomalies,
      int openOutages,
      int newAnomalies,
      int newOutages) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(SAVE_STATUS)
                    .setParameter("status", status.wire())
                    .setParameter("at", at)
                    .setParameter("openAnomalies", openAnomalies)
                    .setParameter("openOutages", openOutages)
                    .setParameter("newAnomalies", newAnomalies)
                    .setParameter("newOutages", newOutages)
                    .setParameter("id", id)
                    .executeUpdate());
  }
}
