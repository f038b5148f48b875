package io.sentinel.query.monitors;

import io.sentinel.query.sql.SqlQuery;
import io.sentinel.query.sql.Where;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Downsamples rollups into step buckets in SQL: min of min, max of max, count-weighted mean, last
 * value, band envelope and max score. Steps that are whole hours read the hourly aggregates.
 */
@ApplicationScoped
public class SeriesReader {
  private static final String FROM_MINUTES =
      """
      SELECT series, floor(extract(epoch FROM minute) / CAST($4 AS bigint))::bigint AS bucket, sum(count) AS count,
             min(min) AS min, max(max) AS max, sum(mean * count) / nullif(sum(count), 0) AS mean,
             (array_agg(last ORDER BY minute DESC))[1] AS last, min(expected_low) AS expected_low,
             max(expected_high) AS expected_high, max(max_score) AS max_score
        FROM rollups
       WHERE series = ANY($1) AND minute >= $2 AND minute < $3
       GROUP BY series, bucket
       ORDER BY series, bucket
      """;

  private static final String FROM_HOURS =
      """
      SELECT series, floor(extract(epoch FROM hour) / CAST($4 AS bigint))::bigint AS bucket, sum(count) AS count,
             min(min) AS min, max(max) AS max, sum(sum) / nullif(sum(count), 0) AS mean,
             (array_agg(last ORDER BY last_minute DESC))[1] AS last,
             min(expected_low) AS expected_low, max(expected_high) AS expected_high,
             max(max_score) AS max_score
        FROM rollups_hourly
       WHERE series = ANY($1) AND hour >= $2 AND hour < $3
       GROUP BY series, bucket
       ORDER BY series, bucket
      """;

  /** A 1-hour step is the hourly table itself: one row per bucket, nothing to aggregate. */
  private static final String HOURS_AS_THEY_ARE =
      """
      SELECT series, floor(extract(epoch FROM hour) / CAST($4 AS bigint))::bigint AS bucket, count,
             min, max, sum / nullif(count, 0) AS mean, last, expected_low, expected_high, max_score
        FROM rollups_hourly
       WHERE series = ANY($1) AND hour >= $2 AND hour < $3
       ORDER BY series, hour
      """;

  /** A 1-minute step is the minute table itself. */
  private static final String MINUTES_AS_THEY_ARE =
      """
      SELECT series, floor(extract(epoch FROM minute) / CAST($4 AS bigint))::bigint AS bucket, count,
             min, max, mean, last, expected_low, expected_high, max_score
        FROM rollups
       WHERE series = ANY($1) AND minute >= $2 AND minute < $3
       ORDER BY series, minute
      """;

  /** Most series one request may chart. */
  public static final int MAX_SERIES = 50;

  @Inject @io.sentinel.query.config.ApiReads Pool pool;
  @Inject io.sentinel.query.security.TenantScope scope;

  /**
   * The chart of a monitor's series. {@code from} and {@code to} must be multiples of {@code
   * stepSeconds} (the caller aligns them); null when the monitor does not exist or is not of the
   * request's tenants.
   */
  public Uni<SeriesChart> chart(
      long monitorId, String metric, String series, Instant from, Instant to, long stepSeconds) {
    SqlQuery catalogQuery = catalogQuery(monitorId, metric, series, scope.tenants());
    // one round trip: the monitor's name (no row if it does not exist or is another tenant's)
    // with its matching series
    Uni<List<Row>> catalog =
        pool.preparedQuery(catalogQuery.sql())
            .execute(catalogQuery.args())
            .map(rows -> MonitorReader.map(rows, r -> r));
    return catalog.chain(
        found -> {
          if (found.isEmpty()) {
            return Uni.createFrom().nullItem();
          }
          String monitorName = found.get(0).getString("name");
          boolean hourly = stepSeconds % 3600 == 0;
          Map<String, SeriesChart.Line> lines = new LinkedHashMap<>();
          for (Row r : found) {
            if (r.getString("series") == null) {
              continue;
            }
            lines.put(
                r.getString("series"),
                new SeriesChart.Line(
                    r.getString("series"),
                    r.getString("metric"),
                    io.sentinel.query.sql.Rows.labels(r, "labels"),
                    new ArrayList<>()));
          }
          SeriesChart chart =
              new SeriesChart(
                  monitorId,
                  monitorName,
                  metric,
                  from,
                  to,
                  stepSeconds,
                  hourly ? "hour" : "minute",
                  List.copyOf(lines.values()));
          if (lines.isEmpty()) {
            return Uni.createFrom().item(chart);
          }
          SqlQuery points = pointsQuery(List.copyOf(lines.keySet()), from, to, stepSeconds);
          return pool.preparedQuery(points.sql())
              .execute(points.args())
              .map(
                  rows -> {
                    for (Row r : rows) {
                      lines.get(r.getString(0)).points().add(point(r, stepSeconds));
                    }
                    return chart;
                  });
        });
  }

  /**
   * The catalog statement of {@link #chart} over every tenant: the monitor's name and its matching
   * series.
   */
  public static SqlQuery catalogQuery(long monitorId, String metric, String series) {
    return catalogQuery(monitorId, metric, series, null);
  }

  /**
   * The catalog statement of {@link #chart}: the monitor's name and its matching series, no row
   * when the monitor is not of {@code tenants} (null: every tenant).
   */
  public static SqlQuery catalogQuery(
      long monitorId, String metric, String series, String[] tenants) {
    Where w = new Where().and("monitor_id = ?", monitorId);
    if (metric != null) {
      w.and("metric = ?", metric);
    }
    if (series != null) {
      w.and("series = ?", series);
    }
    String tenant = tenants == null ? "" : " AND m.tenant = ANY(" + w.arg(tenants) + ")";
    return new SqlQuery(
        "SELECT m.name, s.series, s.metric, s.labels FROM monitors m LEFT JOIN LATERAL"
            + " (SELECT series, metric, labels FROM series"
            + w.sql()
            + " ORDER BY metric, series LIMIT "
            + MAX_SERIES
            + ") s ON true WHERE m.id = $1"
            + tenant,
        w.args);
  }

  /**
   * The points statement of {@link #chart}: whole-hour steps read the hourly aggregates, others the
   * minutes; a step equal to the table's own interval reads its rows as they are.
   */
  public static SqlQuery pointsQuery(
      List<String> series, Instant from, Instant to, long stepSeconds) {
    String sql;
    if (stepSeconds == 3600) {
      sql = HOURS_AS_THEY_ARE;
    } else if (stepSeconds % 3600 == 0) {
      sql = FROM_HOURS;
    } else if (stepSeconds == 60) {
      sql = MINUTES_AS_THEY_ARE;
    } else {
      sql = FROM_MINUTES;
    }
    return new SqlQuery(
        sql, Tuple.of(series.toArray(String[]::new), Where.utc(from), Where.utc(to), stepSeconds));
  }

  /**
   * One bucket from a points row, read by position (every points statement selects series, bucket,
   * count, min, max, mean, last, expected_low, expected_high, max_score in this order): a chart is
   * hundreds of rows, and a lookup by name hashes the name each time.
   */
  private static SeriesChart.Point point(Row r, long step) {
    return new SeriesChart.Point(
        Instant.ofEpochSecond(r.getLong(1) * step),
        r.getLong(2),
        r.getDouble(3),
        r.getDouble(4),
        r.getDouble(5),
        r.getDouble(6),
        r.getDouble(7),
        r.getDouble(8),
        r.getDouble(9));
  }
}
