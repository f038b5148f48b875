package io.sentinel.query.monitors;

import io.sentinel.query.MonitorStatus;
import io.sentinel.query.Uptime;
import io.sentinel.query.anomalies.AnomalyView;
import io.sentinel.query.outages.OutageView;
import io.sentinel.query.sql.Page;
import io.sentinel.query.sql.SqlQuery;
import io.sentinel.query.sql.Where;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads monitors with the reactive client: search, filters, sort, paging, counts and detail. */
@ApplicationScoped
public class MonitorReader {
  /** Sort keys a client may use (prefix {@code -} for descending) and their ORDER BY. */
  public static final Map<String, String> SORTS =
      Map.of(
          "name", "name",
          "id", "id",
          "status", statusRank(),
          "last_updated", "last_updated",
          "status_since", "status_since",
          "first_seen", "first_seen",
          "open_anomalies", "open_anomalies",
          "anomaly_count", "anomaly_count");

  /** Uptime periods of the detail view, in display order. */
  public static final Map<String, Duration> UPTIME_PERIODS = uptimePeriods();

  @Inject @io.sentinel.query.config.ApiReads Pool pool;
  @Inject io.sentinel.query.system.PipelineCheck pipeline;
  @Inject io.sentinel.query.security.TenantScope scope;

  /**
   * What to list.
   *
   * @param statuses only these statuses (empty: all)
   * @param q keyword: case-insensitive substring of the name or of a tag, or the exact id
   * @param tag exact tag ("key=value") the monitor must have
   * @param tenants only monitors of these tenants; null: of every tenant
   */
  public record Filter(Set<MonitorStatus> statuses, String q, String tag, String[] tenants) {
    /** Monitors of every tenant. */
    public Filter(Set<MonitorStatus> statuses, String q, String tag) {
      this(statuses, q, tag, null);
    }

    Filter in(String[] tenants) {
      return new Filter(statuses, q, tag, tenants);
    }
  }

  public Uni<Page<MonitorView>> page(
      Filter filter, String sort, boolean descending, int limit, int offset) {
    Filter f = filter.in(scope.tenants());
    return Page.run(
        pool,
        pageQuery(f, sort, descending, limit, offset),
        countQuery(f),
        offset,
        null,
        r -> MonitorView.of(r, pipeline.stale()));
  }

  /** The statement of {@link #page}: the page with the total in a column. */
  public static SqlQuery pageQuery(
      Filter f, String sort, boolean descending, int limit, int offset) {
    Where where = where(f, true);
    String dir = descending ? " DESC" : " ASC";
    String order =
        SORTS.getOrDefault(sort, "name") + dir + ", name" + dir + where.page(limit, offset);
    // a search matches few monitors: count them in the same scan (the filter runs once)
    return new SqlQuery(
        Page.withWindowTotal(MonitorView.COLUMNS, "monitors" + where.sql(), order), where.args);
  }

  /** The count of {@link #page} (X-Total-Count), when a page past the end carries none. */
  public static SqlQuery countQuery(Filter f) {
    Where where = where(f, true);
    return new SqlQuery(Page.count("monitors" + where.sql(), null), where.args);
  }

  /** Counts per status of the monitors matching the search (the status filter is ignored). */
  public Uni<MonitorSummary> summary(Filter f) {
    Where where = where(f.in(scope.tenants()), false);
    return pool.preparedQuery(
            "SELECT status, count(*) AS n FROM monitors" + where.sql() + " GROUP BY status")
        .execute(where.args)
        .map(
            rows -> {
              Map<String, Long> n = new LinkedHashMap<>();
              long total = 0;
              for (Row r : rows) {
                n.put(r.getString("status"), r.getLong("n"));
                total += r.getLong("n");
              }
              return new MonitorSummary(
                  total,
                  n.getOrDefault("up", 0L),
                  n.getOrDefault("trouble", 0L),
                  n.getOrDefault("critical", 0L),
                  n.getOrDefault("errors", 0L),
                  n.getOrDefault("down", 0L),
                  n.getOrDefault("maintenance", 0L));
            });
  }

  public Uni<MonitorView> byId(long id) {
    Where where = scope.restrict(new Where().and("id = ?", id), "tenant");
    return pool.preparedQuery("SELECT " + MonitorView.COLUMNS + " FROM monitors" + where.sql())
        .execute(where.args)
        .map(
            rows ->
                rows.size() == 0 ? null : MonitorView.of(rows.iterator().next(), pipeline.stale()));
  }

  /**
   * The id of the monitor named {@code name} in the request's tenants, null if none; with several
   * tenants holding that name, the first tenant's (a caller narrows with the tenant header).
   */
  public Uni<Long> idOf(String name) {
    Where where = scope.restrict(new Where().and("name = ?", name), "tenant");
    return pool.preparedQuery("SELECT id FROM monitors" + where.sql() + " ORDER BY tenant LIMIT 1")
        .execute(where.args)
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("id"));
  }

  /**
   * {@code read} of the monitor a path names, null when none matches, for a {@code read} that
   * itself finds only monitors of the request's tenants (null otherwise): a numeric path goes
   * straight to {@code read}, with no visibility check of its own (one round trip fewer), then, if
   * that finds nothing, is tried as a name.
   */
  public <T> Uni<T> readScopedFor(String idOrName, java.util.function.Function<Long, Uni<T>> read) {
    Uni<T> byName = byName(idOrName, read);
    if (!idOrName.matches("\\d{1,18}")) {
      return byName;
    }
    return read.apply(Long.parseLong(idOrName)).onItem().ifNull().switchTo(byName);
  }

  /** {@code read} of the monitor named {@code name}, null when none is. */
  private <T> Uni<T> byName(String name, java.util.function.Function<Long, Uni<T>> read) {
    return Uni.createFrom()
        .deferred(() -> idOf(name))
        .chain(id -> id == null ? Uni.createFrom().nullItem() : read.apply(id));
  }

  /** {@code id} if that monitor is in the request's tenants, else null. */
  private Uni<Long> visible(long id) {
    Where where = scope.restrict(new Where().and("id = ?", id), "tenant");
    return pool.preparedQuery("SELECT id FROM monitors" + where.sql())
        .execute(where.args)
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("id"));
  }

  /**
   * {@code read} of the monitor a path names, null when none matches. A numeric path is tried as an
   * id first by {@code read} itself (which answers null for an unknown id), and only then as a
   * name: the common request costs no round trip of its own to resolve the monitor.
   */
  public <T> Uni<T> readFor(String idOrName, java.util.function.Function<Long, Uni<T>> read) {
    Uni<T> byName = byName(idOrName, read);
    if (!idOrName.matches("\\d{1,18}")) {
      return byName;
    }
    // an id is read only once known to be of the request's tenants: read may be any reader
    return visible(Long.parseLong(idOrName))
        .chain(id -> id == null ? byName : read.apply(id).onItem().ifNull().switchTo(byName));
  }

  /** The detail view, null if no monitor has this id. */
  public Uni<MonitorDetail> detail(long id, Instant now) {
    return byId(id)
        .onItem()
        .ifNotNull()
        .transformToUni(
            m -> {
              Uni<List<SeriesInfo>> series =
                  pool.preparedQuery(
                          "SELECT "
                              + SeriesInfo.COLUMNS
                              + " FROM series WHERE monitor_id = $1 ORDER BY metric, series")
                      .execute(Tuple.of(id))
                      .map(rows -> map(rows, SeriesInfo::of));
              Uni<List<AnomalyView>> anomalies =
                  pool.preparedQuery(
                          "SELECT "
                              + AnomalyView.COLUMNS
                              + " FROM anomalies WHERE monitor_id = $1 AND ended_at IS NULL"
                              + " ORDER BY started_at DESC, id")
                      .execute(Tuple.of(id))
                      .map(rows -> map(rows, r -> AnomalyView.of(r, now)));
              Instant oldest = now.minus(UPTIME_PERIODS.get("30d"));
              Uni<List<OutageView>> outages =
                  pool.preparedQuery(
                          "SELECT "
                              + OutageView.COLUMNS
                              + " FROM outages WHERE monitor_id = $1"
                              + " AND (ended_at IS NULL OR ended_at > $2) ORDER BY started_at DESC")
                      .execute(Tuple.of(id, Where.utc(oldest)))
                      .map(rows -> map(rows, r -> OutageView.of(r, now)));
              return Uni.combine()
                  .all()
                  .unis(series, anomalies, outages)
                  .with(
                      (s, a, o) ->
                          new MonitorDetail(
                              m,
                              s,
                              a,
                              o.stream().filter(OutageView::open).toList(),
                              uptime(m, o, now)));
            });
  }

  static Map<String, Double> uptime(MonitorView m, List<OutageView> outages, Instant now) {
    List<Uptime.Interval> intervals =
        outages.stream().map(o -> new Uptime.Interval(o.startedAt(), o.endedAt())).toList();
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, Duration> period : UPTIME_PERIODS.entrySet()) {
      Instant from = now.minus(period.getValue());
      if (m.firstSeen() != null && m.firstSeen().isAfter(from)) {
        from = m.firstSeen();
      }
      Double pct = Uptime.percent(intervals, from, now);
      if (pct != null) {
        out.put(period.getKey(), pct);
      }
    }
    return out;
  }

  private static Where where(Filter f, boolean withStatus) {
    Where w = new Where();
    if (f.tenants() != null) {
      w.and("tenant = ANY(?)", f.tenants());
    }
    if (withStatus && f.statuses() != null && !f.statuses().isEmpty()) {
      w.and(
          "status = ANY(?)", f.statuses().stream().map(MonitorStatus::wire).toArray(String[]::new));
    }
    if (f.q() != null && !f.q().isBlank()) {
      String q = f.q().trim();
      // search is lower(name) and the lower-cased tags joined by a unit separator (V4), with a
      // trigram index where pg_trgm is installed
      String like = "%" + likeEscape(q.toLowerCase(Locale.ROOT)) + "%";
      String idMatch = "";
      String p = w.arg(like);
      if (q.chars().allMatch(Character::isDigit) && q.length() < 19) {
        idMatch = " OR id = " + w.arg(Long.parseLong(q));
      }
      w.and("(search LIKE " + p + " ESCAPE '!'" + idMatch + ")");
    }
    if (f.tag() != null && !f.tag().isBlank()) {
      w.and("tags @> ?", new String[] {f.tag().trim()});
    }
    return w;
  }

  static String likeEscape(String s) {
    return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }

  private static String statusRank() {
    StringBuilder sb = new StringBuilder("CASE status");
    for (MonitorStatus s : MonitorStatus.values()) {
      sb.append(" WHEN '").append(s.wire()).append("' THEN ").append(s.ordinal());
    }
    return sb.append(" END").toString();
  }

  private static Map<String, Duration> uptimePeriods() {
    Map<String, Duration> m = new LinkedHashMap<>();
    m.put("24h", Duration.ofHours(24));
    m.put("7d", Duration.ofDays(7));
    m.put("30d", Duration.ofDays(30));
    return java.util.Collections.unmodifiableMap(m);
  }

  public static <T> List<T> map(
      io.vertx.mutiny.sqlclient.RowSet<Row> rows, java.util.function.Function<Row, T> f) {
    List<T> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(f.apply(r));
    }
    return out;
  }
}
