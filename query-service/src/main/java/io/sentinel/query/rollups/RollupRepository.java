package io.sentinel.query.rollups;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.sentinel.contract.Rollup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

/**
 * Per-minute rollups as Panache entities (the consumer writes them set-based, see
 * RollupBatchProcessor).
 */
@ApplicationScoped
public class RollupRepository implements PanacheRepositoryBase<RollupMinute, RollupMinute.Key> {
  /**
   * The identifying labels of a rollup (those whose name is in {@code names}) as monitor tags,
   * "key=value", sorted. Per-series labels (device, cpu, address...) are left out.
   */
  public static List<String> tagsOf(Rollup r, Set<String> names) {
    if (r.labels() == null || r.labels().isEmpty()) {
      return List.of();
    }
    return r.labels().entrySet().stream()
        .filter(e -> names.contains(e.getKey()))
        .map(e -> e.getKey() + "=" + e.getValue())
        .map(t -> t.replace('\u001f', ' '))
        .sorted()
        .toList();
  }
}
