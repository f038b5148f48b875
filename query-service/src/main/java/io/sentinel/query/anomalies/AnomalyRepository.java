package io.sentinel.query.anomalies;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Anomalies as Panache entities (the consumer writes them set-based, see EventBatchProcessor). */
@ApplicationScoped
public class AnomalyRepository implements PanacheRepositoryBase<Anomaly, String> {
  /** The open anomalies of a monitor. */
  public Uni<List<Anomaly>> openOf(long monitorId) {
    return list("monitorId = ?1 and endedAt is null", monitorId);
  }
}
