package io.sentinel.query.monitors;

import io.sentinel.query.sql.Where;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One series per monitor (the first by metric name, or the one of a given metric) downsampled into
 * a few buckets from the per-minute rollups, for many monitors in one query: one index range scan
 * of {@code rollups (series, minute)} per series.
 */
@ApplicationScoped
public class SparklineReader {
  @Inject @io.sentinel.query.config.ApiReads Pool pool;
  @Inject io.sentinel.query.security.TenantScope scope;

  /**
   * Sparklines of the given monitors (all monitors when {@code monitorIds} is null), ordered by
   * monitor id; {@code from} must be {@code to} minus {@code points} steps, aligned to the step.
   */
  public Uni<Sparklines> sparklines(
      Long[] monitorIds,
      String metric,
      Instant from,
      Instant to,
      long stepSeconds,
      int points,
      int limit,
      int offset) {
    Where w = scope.restrict(new Where(), "tenant");
    if (monitorIds != null) {
      w.and("monitor_id = ANY(?)", monitorIds);
    }
    if (metric != null) {
      w.and("metric = ?", metric);
    }
    String fromArg = w.arg(from);
    String toArg = w.arg(to);
    String stepArg = w.arg(stepSeconds);
    String limitArg = w.arg(limit);
    String offsetArg = w.arg(offset);
    String sql =
        "WITH s AS (SELECT * FROM (SELECT DISTINCT ON (monitor_id) monitor_id, series, metric FROM series"
            + w.sql()
            + " ORDER BY monitor_id, metric, series) d ORDER BY monitor_id LIMIT "
            + limitArg
            + " OFFSET "
            + offsetArg
            + ")"
            + " SELECT s.monitor_id, s.series, s.metric,"
            + " floor((extract(epoch FROM r.minute) - extract(epoch FROM CAST("
            + fromArg
            + " AS timestamptz))) / CAST("
            + stepArg
            + " AS bigint))::int AS i,"
            + " sum(r.mean * r.count) / nullif(sum(r.count), 0) AS value, max(r.max_score) AS max_score"
            + " FROM s LEFT JOIN rollups r ON r.series = s.series AND r.minute >= "
            + fromArg
            + " AND r.minute < "
            + toArg
            + " GROUP BY s.monitor_id, s.series, s.metric, i ORDER BY s.monitor_id, i";
    return pool.preparedQuery(sql)
        .execute(w.args)
        .map(
            rows -> {
              Map<Long, Acc> lines = new LinkedHashMap<>();
              for (Row r : rows) {
                Acc a =
                    lines.computeIfAbsent(
                        r.getLong("monitor_id"),
                        id -> new Acc(id, r.getString("series"), r.getString("metric"), points));
                Integer i = r.getInteger("i");
                if (i != null && i >= 0 && i < points) {
                  a.values[i] = r.getDouble("value");
                  a.scores[i] = r.getDouble("max_score");
                }
              }
              List<Sparklines.Line> items = new ArrayList<>(lines.size());
              for (Acc a : lines.values()) {
                items.add(
                    new Sparklines.Line(
                        a.monitorId,
                        a.series,
                        a.metric,
                        Arrays.asList(a.values),
                        Arrays.asList(a.scores)));
              }
              return new Sparklines(from, to, stepSeconds, items);
            });
  }

  private static final class Acc {
    final long monitorId;
    final String series;
    final String metric;
    final Double[] values;
    final Double[] scores;

    Acc(long monitorId, String series, String metric, int points) {
      this.monitorId = monitorId;
      this.series = series;
      this.metric = metric;
      this.values = new Double[points];
      this.scores = new Double[points];
    }
  }
}
