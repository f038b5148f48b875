package io.sentinel.query.insights;

import io.sentinel.query.monitors.MonitorReader;
import io.sentinel.query.sql.Where;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Aggregates anomalies for the insights page. Every query reads anomalies by {@code started_at}
 * (indexed); the four run at once on the pool.
 */
@ApplicationScoped
public class InsightsReader {
  /** The anomalies of the range, of the tenants in parameter {@code %T} (null: of every tenant). */
  private static final String RANGE =
      " FROM anomalies WHERE started_at >= $1 AND started_at < $2"
          + " AND (CAST(%T AS text[]) IS NULL OR tenant = ANY(%T))";

  private static final String TOP_MONITORS =
      ("SELECT monitor_id, monitor, NULL AS metric, count(*) AS anomalies,"
              + " count(*) FILTER (WHERE severity = 'critical') AS critical, max(score) AS max_score,"
              + " max(started_at) AS last_at"
              + RANGE
              + " GROUP BY monitor_id, monitor ORDER BY anomalies DESC, max_score DESC NULLS LAST,"
              + " monitor LIMIT $3")
          .replace("%T", "$4");

  private static final String TOP_METRICS =
      ("SELECT monitor_id, monitor, coalesce(metric, '') AS metric, count(*) AS anomalies,"
              + " count(*) FILTER (WHERE severity = 'critical') AS critical, max(score) AS max_score,"
              + " max(started_at) AS last_at"
              + RANGE
              + " GROUP BY monitor_id, monitor, coalesce(metric, '') ORDER BY anomalies DESC,"
              + " max_score DESC NULLS LAST, monitor, metric LIMIT $3")
          .replace("%T", "$4");

  private static final String RATE =
      ("SELECT floor(extract(epoch FROM started_at) / CAST($3 AS bigint))::bigint AS bucket,"
              + " count(*) AS anomalies, count(*) FILTER (WHERE severity = 'minor') AS minor,"
              + " count(*) FILTER (WHERE severity = 'major') AS major,"
              + " count(*) FILTER (WHERE severity = 'critical') AS critical"
              + RANGE
              + " GROUP BY bucket ORDER BY bucket")
          .replace("%T", "$4");

  private static final String SEVERITY =
      ("SELECT coalesce(severity, 'unknown') AS severity, count(*) AS n,"
              + " count(*) FILTER (WHERE ended_at IS NULL) AS open"
              + RANGE
              + " GROUP BY 1")
          .replace("%T", "$3");

  @Inject @io.sentinel.query.config.ApiReads Pool pool;
  @Inject io.sentinel.query.security.TenantScope scope;

  /**
   * Insights for [from, to); both must be multiples of {@code stepSeconds} (the caller aligns
   * them).
   */
  public Uni<Insights> insights(Instant from, Instant to, long stepSeconds, int top) {
    String[] tenants = scope.tenants();
    Tuple range = Tuple.of(Where.utc(from), Where.utc(to)).addArrayOfString(tenants);
    Uni<RowSet<Row>> monitors =
        pool.preparedQuery(TOP_MONITORS)
            .execute(Tuple.of(Where.utc(from), Where.utc(to), top).addArrayOfString(tenants));
    Uni<RowSet<Row>> metrics =
        pool.preparedQuery(TOP_METRICS)
            .execute(Tuple.of(Where.utc(from), Where.utc(to), top).addArrayOfString(tenants));
    Uni<RowSet<Row>> rate =
        pool.preparedQuery(RATE)
            .execute(
                Tuple.of(Where.utc(from), Where.utc(to), stepSeconds).addArrayOfString(tenants));
    Uni<RowSet<Row>> severity = pool.preparedQuery(SEVERITY).execute(range);
    return Uni.combine()
        .all()
        .unis(monitors, metrics, rate, severity)
        .with(
            (m, mt, r, s) -> {
              Map<String, Long> bySeverity = new LinkedHashMap<>();
              for (String level : List.of("minor", "major", "critical")) {
                bySeverity.put(level, 0L);
              }
              long total = 0;
              long open = 0;
              for (Row row : s) {
                bySeverity.put(row.getString("severity"), row.getLong("n"));
                total += row.getLong("n");
                open += row.getLong("open");
              }
              return new Insights(
                  from,
                  to,
                  stepSeconds,
                  total,
                  open,
                  ranked(m, false),
                  ranked(mt, true),
                  dense(r, from, to, stepSeconds),
                  bySeverity);
            });
  }

  private static List<Insights.Ranked> ranked(RowSet<Row> rows, boolean withMetric) {
    return MonitorReader.map(
        rows,
        r ->
            new Insights.Ranked(
                r.getLong("monitor_id"),
                r.getString("monitor"),
                withMetric ? r.getString("metric") : null,
                r.getLong("anomalies"),
                r.getLong("critical"),
                r.getDouble("max_score"),
                r.getOffsetDateTime("last_at").toInstant()));
  }

  /** Every bucket of the range, zero where no anomaly started, so a chart shows quiet times. */
  private static List<Insights.Bucket> dense(
      RowSet<Row> rows, Instant from, Instant to, long step) {
    long first = from.getEpochSecond() / step;
    int n = (int) ((to.getEpochSecond() - from.getEpochSecond()) / step);
    List<Insights.Bucket> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new Insights.Bucket(Instant.ofEpochSecond((first + i) * step), 0, 0, 0, 0));
    }
    for (Row r : rows) {
      int i = (int) (r.getLong("bucket") - first);
      if (i >= 0 && i < n) {
        out.set(
            i,
            new Insights.Bucket(
                out.get(i).time(),
                r.getLong("anomalies"),
                r.getLong("minor"),
                r.getLong("major"),
                r.getLong("critical")));
      }
    }
    return out;
  }
}
