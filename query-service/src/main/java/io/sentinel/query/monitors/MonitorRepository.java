package io.sentinel.query.monitors;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.sentinel.query.MonitorStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;

/**
 * Monitors: the maintenance flip and status save of {@code MaintenanceProcessor}; Panache reads.
 */
@ApplicationScoped
public class MonitorRepository implements PanacheRepositoryBase<Monitor, Long> {
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

  /**
   * A monitor as a maintenance flip left it (row-locked until the transaction ends).
   *
   * @param id the monitor's id
   * @param status its status before the flip
   * @param inMaintenance whether a maintenance window covers it
   * @param reportsErrors whether an errors episode is open (its data keeps being rejected)
   */
  public record Upserted(
      long id, MonitorStatus status, boolean inMaintenance, boolean reportsErrors) {}

  /**
   * Flips the maintenance flag of a monitor, row-locking it; emits the monitor as it was, or null
   * when the flag already had this value (another replica flipped it).
   */
  public Uni<Flipped> setMaintenance(long id, boolean on) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "UPDATE monitors SET in_maintenance = :on WHERE id = :id"
                            + " AND in_maintenance <> :on"
                            + " RETURNING id, name, status, errors_id IS NOT NULL",
                        Object[].class)
                    .setParameter("on", on)
                    .setParameter("id", id)
                    .getResultList())
        .map(
            rows ->
                rows.isEmpty()
                    ? null
                    : new Flipped(
                        new Upserted(
                            ((Number) rows.get(0)[0]).longValue(),
                            MonitorStatus.fromWire((String) rows.get(0)[2]),
                            on,
                            Boolean.TRUE.equals(rows.get(0)[3])),
                        (String) rows.get(0)[1]));
  }

  /** A monitor whose maintenance flag was flipped: its id, status before, new flag, and name. */
  public record Flipped(Upserted monitor, String name) {}

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
