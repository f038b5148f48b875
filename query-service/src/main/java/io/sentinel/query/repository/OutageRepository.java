package io.sentinel.query.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.query.Outage;
import io.sentinel.query.Times;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Outages: opened and closed by native SQL in the consumer's transaction, read with Panache. */
@ApplicationScoped
public class OutageRepository implements PanacheRepositoryBase<Outage, String> {
  private static final String OPEN =
      """
      INSERT INTO outages (id, monitor_id, monitor, started_at, cause)
      VALUES (:id, :monitorId, :monitor, CAST(:startedAt AS timestamptz), CAST(:cause AS text))
      ON CONFLICT (id) DO NOTHING
      """;

  private static final String CLOSE =
      """
      UPDATE outages SET ended_at = GREATEST(started_at, CAST(:endedAt AS timestamptz))
       WHERE monitor_id = :monitorId AND ended_at IS NULL
         AND (id = CAST(:ref AS text) OR CAST(:ref AS text) IS NULL)
      """;

  /** Opens the outage reported by {@code e}; emits 1 if it is new, 0 if it existed. */
  public Uni<Integer> open(long monitorId, MonitorEvent e) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(OPEN)
                    .setParameter("id", e.id())
                    .setParameter("monitorId", monitorId)
                    .setParameter("monitor", e.monitor())
                    .setParameter("startedAt", Times.utc(e.time()))
                    .setParameter("cause", e.message())
                    .executeUpdate());
  }

  /** Closes the outage named by {@code ref}; without a ref, every open outage of the monitor. */
  public Uni<Integer> close(long monitorId, MonitorEvent resolution) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(CLOSE)
                    .setParameter("endedAt", Times.utc(resolution.time()))
                    .setParameter("monitorId", monitorId)
                    .setParameter("ref", resolution.ref())
                    .executeUpdate());
  }

  /** How many outages of a monitor are open. */
  public Uni<Long> countOpen(long monitorId) {
    return count("monitorId = ?1 and endedAt is null", monitorId);
  }
}
