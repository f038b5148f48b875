package io.sentinel.query.materialize;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.sentinel.query.config.QueryConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Deletes rows older than their table's retention ({@code sentinel.query.retention.*}), in batches
 * of {@code batch-size} so no statement holds locks for long, along the time indexes. Open
 * anomalies and outages and live maintenance windows are never deleted. Every replica runs it; two
 * running at once only share the work.
 */
@ApplicationScoped
public class RetentionJob {
  private static final Logger LOG = Logger.getLogger(RetentionJob.class);

  @Inject Pool pool;
  @Inject QueryConfig config;
  @Inject MeterRegistry registry;

  /** One table's purge: its name and the condition on {@code $1} (the cutoff). */
  private record Rule(String table, String condition, Duration keep) {}

  @Scheduled(
      every = "${sentinel.query.retention.interval:1h}",
      delayed = "30s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    if (!config.retention().enabled()) {
      return;
    }
    try {
      Map<String, Long> deleted = purge(Instant.now()).await().indefinitely();
      long total = deleted.values().stream().mapToLong(Long::longValue).sum();
      if (total > 0) {
        LOG.infof("retention deleted %s", deleted);
      }
    } catch (RuntimeException e) {
      LOG.warnf("retention run failed, retried next run: %s", e.getMessage());
    }
  }

  /** Purges every table for the moment {@code now}; emits the rows deleted per table. */
  public Uni<Map<String, Long>> purge(Instant now) {
    return purge(now, Math.max(1, config.retention().batchSize()));
  }

  /** As {@link #purge(Instant)}, deleting at most {@code batch} rows per statement. */
  Uni<Map<String, Long>> purge(Instant now, int batch) {
    QueryConfig.Retention r = config.retention();
    Rule[] rules = {
      new Rule("events", "time < $1", r.events()),
      new Rule("anomalies", "ended_at IS NOT NULL AND ended_at < $1", r.anomalies()),
      new Rule("outages", "ended_at IS NOT NULL AND ended_at < $1", r.outages()),
      new Rule("rollups", "minute < $1", r.rollups()),
      new Rule("rollups_hourly", "hour < $1", r.rollupsHourly()),
      // a series without data for as long as its hourly aggregates are kept is forgotten
      new Rule("series", "last_minute < $1", r.rollupsHourly()),
      new Rule(
          "maintenance_windows",
          "(cancelled_at IS NOT NULL AND cancelled_at < $1)"
              + " OR (rrule IS NULL AND cron IS NULL"
              + "     AND starts_at + make_interval(secs => duration_seconds) < $1)"
              + " OR (until IS NOT NULL AND until + make_interval(secs => duration_seconds) < $1)",
          r.maintenanceWindows()),
    };
    Map<String, Long> deleted = new LinkedHashMap<>();
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Rule rule : rules) {
      if (rule.keep() == null || rule.keep().isZero() || rule.keep().isNegative()) {
        continue;
      }
      OffsetDateTime cutoff = OffsetDateTime.ofInstant(now.minus(rule.keep()), ZoneOffset.UTC);
      chain =
          chain.chain(
              () ->
                  purge(rule, cutoff, batch, 0L)
                      .invoke(
                          n -> {
                            deleted.put(rule.table(), n);
                            if (n > 0) {
                              registry
                                  .counter(
                                      "sentinel.query.retention.deleted", "table", rule.table())
                                  .increment(n);
                            }
                          })
                      .replaceWithVoid());
    }
    return chain.replaceWith(deleted);
  }

  private Uni<Long> purge(Rule rule, OffsetDateTime cutoff, int batch, long sofar) {
    String sql =
        "DELETE FROM "
            + rule.table()
            + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM "
            + rule.table()
            + " WHERE "
            + rule.condition()
            + " LIMIT "
            + batch
            + "))";
    return pool.preparedQuery(sql)
        .execute(Tuple.of(cutoff))
        .chain(
            rows -> {
              long total = sofar + rows.rowCount();
              return rows.rowCount() < batch
                  ? Uni.createFrom().item(total)
                  : purge(rule, cutoff, batch, total);
            });
  }
}
