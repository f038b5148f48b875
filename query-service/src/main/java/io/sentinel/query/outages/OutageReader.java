package io.sentinel.query.outages;

import io.sentinel.query.monitors.MonitorMatch;
import io.sentinel.query.sql.Page;
import io.sentinel.query.sql.SqlQuery;
import io.sentinel.query.sql.Where;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/** Reads outages with filters and paging. */
@ApplicationScoped
public class OutageReader {
  @Inject @io.sentinel.query.config.ApiReads Pool pool;
  @Inject io.sentinel.query.security.TenantScope scope;

  /**
   * Most rows counted for X-Total-Count; counting all of a large table would dominate the request.
   */
  @org.eclipse.microprofile.config.inject.ConfigProperty(
      name = "sentinel.query.api.count-limit",
      defaultValue = "1000")
  long countLimit;

  /**
   * What to list; null fields do not filter.
   *
   * @param monitor a monitor id (digits) or name
   * @param from outages overlapping [from, to): ended at or after from (or still open)
   * @param to outages overlapping [from, to): started before to
   * @param open true: open only; false: ended only
   */
  public record Filter(String monitor, Instant from, Instant to, Boolean open) {}

  public Uni<Page<OutageView>> page(Filter f, int limit, int offset) {
    Where where = scope.restrict(new Where(), "tenant");
    MonitorMatch.apply(f.monitor(), where);
    if (f.from() != null) {
      where.and("(ended_at IS NULL OR ended_at >= ?)", f.from());
    }
    if (f.to() != null) {
      where.and("started_at < ?", f.to());
    }
    if (f.open() != null) {
      where.and(f.open() ? "ended_at IS NULL" : "ended_at IS NOT NULL");
    }
    Where count = where.copy();
    String order = "started_at DESC, id DESC" + where.page(limit, offset);
    Instant now = Instant.now();
    return Page.run(
        pool,
        new SqlQuery(
            Page.withTotal(OutageView.COLUMNS, "outages" + where.sql(), order, countLimit),
            where.args),
        new SqlQuery(Page.count("outages" + count.sql(), countLimit), count.args),
        offset,
        countLimit,
        r -> OutageView.of(r, now));
  }
}
