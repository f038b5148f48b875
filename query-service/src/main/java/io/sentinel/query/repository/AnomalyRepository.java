package io.sentinel.query.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.query.Anomaly;
import io.sentinel.query.Times;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Anomalies: opened and closed by native SQL in the consumer's transaction, read with Panache. */
@ApplicationScoped
public class AnomalyRepository implements PanacheRepositoryBase<Anomaly, String> {
  private static final String OPEN =
      """
      INSERT INTO anomalies (id, monitor_id, monitor, metric, series, started_at, score, severity,
                             value, expected_low, expected_high, message, suppressed)
      VALUES (:id, :monitorId, :monitor, CAST(:metric AS text), CAST(:series AS text),
              CAST(:startedAt AS timestamptz), CAST(:score AS double precision),
              CAST(:severity AS text), CAST(:value AS double precision),
              CAST(:expectedLow AS double precision), CAST(:expectedHigh AS double precision),
              CAST(:message AS text), :suppressed)
      ON CONFLICT (id) DO NOTHING
      """;

  private static final String CLOSE =
      """
      UPDATE anomalies SET ended_at = GREATEST(started_at, CAST(:endedAt AS timestamptz))
       WHERE monitor_id = :monitorId AND ended_at IS NULL
         AND (id = CAST(:ref AS text)
              OR (CAST(:ref AS text) IS NULL AND series IS NOT DISTINCT FROM CAST(:series AS text)))
      """;

  /**
   * Opens the anomaly reported by {@code e}, marked suppressed when its monitor is in maintenance;
   * emits 1 if it is new, 0 if it existed.
   */
  public Uni<Integer> open(long monitorId, MonitorEvent e, boolean suppressed) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(OPEN)
                    .setParameter("id", e.id())
                    .setParameter("monitorId", monitorId)
                    .setParameter("monitor", e.monitor())
                    .setParameter("metric", e.metric())
                    .setParameter("series", e.series())
                    .setParameter("startedAt", Times.utc(e.time()))
                    .setParameter("score", e.score())
                    .setParameter("severity", e.severity() == null ? null : e.severity().wire())
                    .setParameter("value", e.value())
                    .setParameter("expectedLow", e.expectedLow())
                    .setParameter("expectedHigh", e.expectedHigh())
                    .setParameter("message", e.message())
                    .setParameter("suppressed", suppressed)
                    .executeUpdate());
  }

  /**
   * Closes the anomaly named by the resolution's {@code ref}; without a ref, the open anomalies of
   * the resolution's series.
   */
  public Uni<Integer> close(long monitorId, MonitorEvent resolution) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(CLOSE)
                    .setParameter("endedAt", Times.utc(resolution.time()))
                    .setParameter("monitorId", monitorId)
                    .setParameter("ref", resolution.ref())
                    .setParameter("series", resolution.series())
                    .executeUpdate());
  }

  /** The open anomalies of a monitor. */
  public Uni<List<Anomaly>> openOf(long monitorId) {
    return list("monitorId = ?1 and endedAt is null", monitorId);
  }
}
