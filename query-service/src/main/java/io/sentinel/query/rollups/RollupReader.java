package io.sentinel.query.rollups;

import io.sentinel.query.sql.Rows;
import io.sentinel.query.sql.SqlQuery;
import io.sentinel.query.sql.Where;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/** Reads per-minute rollups with plain SQL over the reactive client, oldest minute first. */
@ApplicationScoped
public class RollupReader {
  static final String COLUMNS =
      "series, monitor, metric, minute, count, min, max, mean, last, last_timestamp,"
          + " expected_low, expected_high, max_score";

  @Inject @io.sentinel.query.config.ApiReads Pool pool;
  @Inject io.sentinel.query.security.TenantScope scope;

  /**
   * What to list: one series, or the series of a monitor (optionally of one metric), in [from, to).
   */
  public record Filter(String series, String monitor, String metric, Instant from, Instant to) {}

  public Uni<List<RollupView>> list(Filter f, int limit) {
    SqlQuery q = query(f, limit, scope.tenants());
    return pool.preparedQuery(q.sql())
        .execute(q.args())
        .map(rows -> Rows.all(rows, RollupReader::view));
  }

  static SqlQuery query(Filter f, int limit) {
    return query(f, limit, null);
  }

  /** The statement of {@link #list}, of the rollups of {@code tenants} (null: of every tenant). */
  static SqlQuery query(Filter f, int limit, String[] tenants) {
    Where where = new Where();
    if (tenants != null) {
      where.and("tenant = ANY(?)", tenants);
    }
    if (f.series() != null) {
      where.and("series = ?", f.series());
    } else {
      where.and("monitor = ?", f.monitor());
    }
    if (f.metric() != null) {
      where.and("metric = ?", f.metric());
    }
    if (f.from() != null) {
      where.and("minute >= ?", f.from());
    }
    if (f.to() != null) {
      where.and("minute < ?", f.to());
    }
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM rollups"
            + where.sql()
            + " ORDER BY minute, series LIMIT "
            + where.arg(limit);
    return new SqlQuery(sql, where.args);
  }

  private static RollupView view(Row r) {
    return new RollupView(
        r.getString("series"),
        r.getString("monitor"),
        r.getString("metric"),
        Rows.instant(r, "minute"),
        r.getLong("count"),
        r.getDouble("min"),
        r.getDouble("max"),
        r.getDouble("mean"),
        r.getDouble("last"),
        Rows.instant(r, "last_timestamp"),
        r.getDouble("expected_low"),
        r.getDouble("expected_high"),
        r.getDouble("max_score"));
  }
}
