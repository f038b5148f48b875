package io.sentinel.query.service;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.sentinel.contract.Rollup;
import io.sentinel.query.Times;
import io.sentinel.query.repository.MonitorRepository;
import io.sentinel.query.repository.RollupRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Stores one rollup and keeps its monitor's {@code last_updated} current, in one transaction.
 * Idempotent by construction: both writes are upserts whose replay changes nothing.
 */
@ApplicationScoped
public class RollupProcessor {
  @Inject RollupRepository rollups;
  @Inject MonitorRepository monitors;

  @WithTransaction
  public Uni<Void> apply(Rollup rollup) {
    // rollup first, monitor second, series third: the lock order of the event path is monitor then
    // its own tables, which never include rollups or series, so the two paths cannot deadlock
    return rollups
        .upsert(rollup)
        .chain(x -> rollups.upsertHour(rollup))
        .chain(
            x ->
                monitors.upsertWithTags(
                    rollup.monitor(),
                    Times.utc(rollup.lastTimestamp()),
                    RollupRepository.tagsOf(rollup)))
        .chain(monitorId -> rollups.upsertSeries(monitorId, rollup))
        .replaceWithVoid();
  }
}
