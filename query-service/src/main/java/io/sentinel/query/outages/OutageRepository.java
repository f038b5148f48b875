package io.sentinel.query.outages;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Outages as Panache entities (the consumer writes them set-based, see EventBatchProcessor). */
@ApplicationScoped
public class OutageRepository implements PanacheRepositoryBase<Outage, String> {
  /** How many outages of a monitor are open. */
  public Uni<Long> countOpen(long monitorId) {
    return count("monitorId = ?1 and endedAt is null", monitorId);
  }
}
