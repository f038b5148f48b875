package io.sentinel.query.anomalies;

import io.sentinel.query.config.QueryConfig;
import io.sentinel.query.monitors.MonitorMatch;
import io.sentinel.query.security.TenantScope;
import io.sentinel.query.sql.Page;
import io.sentinel.query.sql.Rows;
import io.sentinel.query.sql.SqlQuery;
import io.sentinel.query.sql.Where;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Reads anomalies with filters and paging, in plain SQL over the reactive client. */
@ApplicationScoped
public class AnomalyReader {
  /** Sort keys a client may use (prefix {@code -} for descending). */
  public static final Map<String, String> SORTS =
      Map.of("started_at", "started_at", "score", "score", "ended_at", "ended_at");

  @Inject @io.sentinel.query.config.ApiReads Pool pool;
  @Inject TenantScope scope;
  @Inject QueryConfig config;

  /**
   * What to list; null fields do not filter.
   *
   * @param monitor a monitor id (digits) or name
   * @param metric the metric name
   * @param severities any of these severities
   * @param from started at or after
   * @param to started before
   * @param open true: open only; false: resolved only
   * @param acknowledged true: acknowledged only; false: not acknowledged only
   * @param suppressed true: raised in maintenance only; false: the others
   */
  public record Filter(
      String monitor,
      String metric,
      List<String> severities,
      Instant from,
      Instant to,
      Boolean open,
      Boolean acknowledged,
      Boolean suppressed) {}

  public Uni<Page<AnomalyView>> page(
      Filter filter, String sort, boolean descending, int limit, int offset) {
    // counting all of a large table would dominate the request
    long cap = config.api().countLimit();
    String[] tenants = scope.tenants();
    Instant now = Instant.now();
    return Page.run(
        pool,
        pageQuery(filter, tenants, sort, descending, limit, offset, cap),
        countQuery(filter, tenants, cap),
        offset,
        cap,
        r -> AnomalyView.of(r, now));
  }

  /**
   * The statement of {@link #page} over every tenant: the page with the total (up to {@code cap +
   * 1}) in a column.
   */
  public static SqlQuery pageQuery(
      Filter f, String sort, boolean descending, int limit, int offset, long cap) {
    return pageQuery(f, null, sort, descending, limit, offset, cap);
  }

  private static SqlQuery pageQuery(
      Filter f,
      String[] tenants,
      String sort,
      boolean descending,
      int limit,
      int offset,
      long cap) {
    Where where = where(f, tenants);
    String dir = descending ? " DESC" : " ASC";
    String key = SORTS.getOrDefault(sort, "started_at");
    String order =
        key
            + dir
            // started_at is NOT NULL; a NULLS clause on it would stop the index from giving the
            // order
            + (key.equals("started_at") ? "" : descending ? " NULLS LAST" : " NULLS FIRST")
            + ", id"
            + dir
            + where.page(limit, offset);
    return new SqlQuery(
        Page.withTotal(AnomalyView.COLUMNS, "anomalies" + where.sql(), order, cap), where.args);
  }

  /** The count of {@link #page} (X-Total-Count), stopping at {@code cap + 1}. */
  private static SqlQuery countQuery(Filter f, String[] tenants, long cap) {
    Where where = where(f, tenants);
    return new SqlQuery(Page.count("anomalies" + where.sql(), cap), where.args);
  }

  /** The WHERE of the filter, in {@code tenants} (null: every tenant). */
  private static Where where(Filter f, String[] tenants) {
    Where where = new Where();
    if (tenants != null) {
      where.and("tenant = ANY(?)", tenants);
    }
    MonitorMatch.apply(f.monitor(), where);
    if (f.metric() != null) {
      where.and("metric = ?", f.metric());
    }
    if (f.severities() != null && f.severities().size() == 1) {
      // a plain = lets anomalies_open_severity_idx give the order as well as the rows
      where.and("severity = ?", f.severities().get(0));
    } else if (f.severities() != null && !f.severities().isEmpty()) {
      where.and("severity = ANY(?)", f.severities().toArray(String[]::new));
    }
    if (f.from() != null) {
      where.and("started_at >= ?", f.from());
    }
    if (f.to() != null) {
      where.and("started_at < ?", f.to());
    }
    if (f.open() != null) {
      where.and(f.open() ? "ended_at IS NULL" : "ended_at IS NOT NULL");
    }
    if (f.acknowledged() != null) {
      where.and(f.acknowledged() ? "acknowledged_at IS NOT NULL" : "acknowledged_at IS NULL");
    }
    if (f.suppressed() != null) {
      where.and(f.suppressed() ? "suppressed" : "NOT suppressed");
    }
    return where;
  }

  /** The anomaly {@code id} if it is of the request's tenants, else null (as if unknown). */
  public Uni<AnomalyView> byId(String id) {
    Where where = scope.restrict(new Where().and("id = ?", id), "tenant");
    return pool.preparedQuery("SELECT " + AnomalyView.COLUMNS + " FROM anomalies" + where.sql())
        .execute(where.args)
        .map(rows -> Rows.first(rows, r -> AnomalyView.of(r, Instant.now())));
  }
}
