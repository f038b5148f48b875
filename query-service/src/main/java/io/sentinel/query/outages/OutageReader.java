package io.sentinel.query.outages;

import io.sentinel.query.config.QueryConfig;
import io.sentinel.query.monitors.MonitorMatch;
import io.sentinel.query.security.TenantScope;
import io.sentinel.query.sql.Page;
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
  @Inject TenantScope scope;
  @Inject QueryConfig config;

  private static final Page.Listing LIST =
      new Page.Listing(OutageView.COLUMNS, "outages", "started_at DESC, id DESC");

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
    Instant now = Instant.now();
    // counting all of a large table would dominate the request
    long cap = config.api().countLimit();
    return Page.read(pool, LIST, where, limit, offset, cap, r -> OutageView.of(r, now));
  }
}
