package io.sentinel.query.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.sentinel.contract.Rollup;
import io.sentinel.query.RollupMinute;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Per-minute rollups as Panache entities (the consumer writes them set-based, see RollupBatchProcessor). */
@ApplicationScoped
public class RollupRepository implements PanacheRepositoryBase<RollupMinute, RollupMinute.Key> {
  /** The labels of a rollup as monitor tags, "key=value", sorted. */
  public static List<String> tagsOf(Rollup r) {
    if (r.labels() == null || r.labels().isEmpty()) {
      return List.of();
    }
    return r.labels().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .map(t -> t.replace('\u001f', ' '))
        .sorted()
        .toList();
  }
}
