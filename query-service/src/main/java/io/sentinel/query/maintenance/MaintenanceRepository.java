package io.sentinel.query.maintenance;

import io.sentinel.query.limits.MaintenanceLimits;
import io.sentinel.query.sql.Page;
import io.sentinel.query.sql.Rows;
import io.sentinel.query.sql.Where;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Maintenance windows: created and cancelled by SREs, read by the API and the flip job. */
@ApplicationScoped
public class MaintenanceRepository {
  /** Type of the event-log rows written when a window is created, one per covered monitor. */
  public static final String SCHEDULED = "maintenance_scheduled";

  /** Type of the event-log rows written when a window is cancelled, one per covered monitor. */
  public static final String CANCELLED = "maintenance_cancelled";

  @Inject io.sentinel.query.security.TenantScope scope;
  @Inject Pool pool;
  @Inject MaintenanceLimits limits;

  /** A window that is not cancelled nor over: it is on now or will be. */
  private static final String ACTIVE =
      "cancelled_at IS NULL"
          + " AND (((rrule IS NOT NULL OR cron IS NOT NULL)"
          + "       AND (until IS NULL OR until + make_interval(secs => duration_seconds) > now()))"
          + "      OR starts_at + make_interval(secs => duration_seconds) > now())";

  /**
   * A new window.
   *
   * @param durationSeconds length of each occurrence
   */
  public record NewWindow(
      String title,
      List<Long> monitorIds,
      Instant startsAt,
      long durationSeconds,
      String rrule,
      String cron,
      String timeZone,
      Instant until,
      String createdBy,
      String comment) {}

  /** Which of these monitor ids exist in the request's tenants (another tenant's do not). */
  public Uni<Set<Long>> existing(List<Long> ids) {
    Where where =
        scope.restrict(new Where().and("id = ANY(?)", ids.toArray(Long[]::new)), "tenant");
    return pool.preparedQuery("SELECT id FROM monitors" + where.sql())
        .execute(where.args)
        .map(
            rows -> {
              Set<Long> out = new java.util.HashSet<>();
              rows.forEach(r -> out.add(r.getLong("id")));
              return out;
            });
  }

  /**
   * Stores a window and logs {@value #SCHEDULED} for each of its monitors, in one transaction,
   * within the creator's limits ({@link MaintenanceLimits}; windows of one creator are counted
   * under a lock on their name, so two requests at once cannot both take the last place).
   */
  public Uni<WindowView> create(NewWindow w) {
    limits.checkWindow(w.monitorIds().size(), java.time.Duration.ofSeconds(w.durationSeconds()));
    return pool.withTransaction(conn -> activeOf(conn, w.createdBy()).chain(() -> insert(conn, w)));
  }

  /** Checks the creator's count of active windows, holding its lock until the transaction ends. */
  private Uni<Void> activeOf(io.vertx.mutiny.sqlclient.SqlConnection conn, String createdBy) {
    if (createdBy == null) {
      return Uni.createFrom().voidItem();
    }
    // two statements: the count's snapshot must be taken after the lock is held
    return conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtext('maintenance:' || $1))")
        .execute(Tuple.of(createdBy))
        .chain(
            () ->
                conn.preparedQuery(
                        "SELECT count(*) AS active FROM maintenance_windows WHERE created_by = $1"
                            + " AND "
                            + ACTIVE)
                    .execute(Tuple.of(createdBy)))
        .invoke(rows -> limits.checkActive(createdBy, rows.iterator().next().getLong("active")))
        .replaceWithVoid();
  }

  private Uni<WindowView> insert(io.vertx.mutiny.sqlclient.SqlConnection conn, NewWindow w) {
    return conn.preparedQuery(
            "INSERT INTO maintenance_windows (title, monitor_ids, starts_at,"
                + " duration_seconds, rrule, cron, time_zone, until, created_by, comment,"
                + " tenant) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
                // the tenant of its monitors (all of the caller's tenants)
                + " COALESCE((SELECT min(tenant) FROM monitors WHERE id = ANY($2)),"
                + " 'default')) RETURNING "
                + WindowView.COLUMNS)
        .execute(
            Tuple.tuple()
                .addString(w.title())
                .addArrayOfLong(w.monitorIds().toArray(Long[]::new))
                .addValue(Where.utc(w.startsAt()))
                .addLong(w.durationSeconds())
                .addString(w.rrule())
                .addString(w.cron())
                .addString(w.timeZone())
                .addValue(Where.utc(w.until()))
                .addString(w.createdBy())
                .addString(w.comment()))
        .chain(
            rows -> {
              WindowView view = WindowView.of(rows.iterator().next(), Instant.now());
              String message =
                  "maintenance window '"
                      + view.title()
                      + "' scheduled from "
                      + view.startsAt()
                      + (view.rrule() != null ? " (" + view.rrule() + ")" : "")
                      + (view.cron() != null ? " (cron " + view.cron() + ")" : "")
                      + (view.createdBy() != null ? " by " + view.createdBy() : "");
              return log(conn, view, SCHEDULED, message).replaceWith(view);
            });
  }

  /**
   * Cancels a window once; a second cancellation changes nothing. Emits the window, or null when no
   * window has this id.
   */
  public Uni<WindowView> cancel(long id, String by) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    "UPDATE maintenance_windows SET cancelled_at = now(), cancelled_by = $2"
                        + " WHERE id = $1 AND cancelled_at IS NULL"
                        + " AND (CAST($3 AS text[]) IS NULL OR tenant = ANY($3)) RETURNING "
                        + WindowView.COLUMNS)
                .execute(Tuple.of(id, by).addArrayOfString(scope.tenants()))
                .chain(
                    rows -> {
                      if (rows.size() == 0) {
                        return byId(id);
                      }
                      WindowView view = WindowView.of(rows.iterator().next(), Instant.now());
                      String message =
                          "maintenance window '"
                              + view.title()
                              + "' cancelled"
                              + (by != null ? " by " + by : "");
                      return log(conn, view, CANCELLED, message).replaceWith(view);
                    }));
  }

  private static Uni<Void> log(
      io.vertx.mutiny.sqlclient.SqlConnection conn, WindowView w, String type, String message) {
    return conn.preparedQuery(
            "INSERT INTO events (event_id, type, monitor, time, message, ref, tenant)"
                + " SELECT 'window:' || $1 || ':' || $2 || ':' || m.id, $2, m.name, now(), $3, $1,"
                + " m.tenant"
                + " FROM monitors m WHERE m.id = ANY($4) ON CONFLICT (event_id) DO NOTHING")
        .execute(
            Tuple.of(Long.toString(w.id()), type, message, w.monitorIds().toArray(Long[]::new)))
        .replaceWithVoid();
  }

  private static final Page.Listing LIST =
      new Page.Listing(WindowView.COLUMNS, "maintenance_windows", "starts_at DESC, id DESC");

  /** The window {@code id} if it is of the request's tenants, else null (as if unknown). */
  public Uni<WindowView> byId(long id) {
    Where where = scope.restrict(new Where().and("id = ?", id), "tenant");
    return pool.preparedQuery(
            "SELECT " + WindowView.COLUMNS + " FROM maintenance_windows" + where.sql())
        .execute(where.args)
        .map(rows -> Rows.first(rows, r -> WindowView.of(r, Instant.now())));
  }

  /** Windows newest first, optionally only those covering a monitor and not cancelled. */
  public Uni<Page<WindowView>> page(
      Long monitorId, boolean includeCancelled, int limit, int offset) {
    Where where = scope.restrict(new Where(), "tenant");
    if (monitorId != null) {
      where.and("? = ANY(monitor_ids)", monitorId);
    }
    if (!includeCancelled) {
      where.and("cancelled_at IS NULL");
    }
    Instant now = Instant.now();
    return Page.read(pool, LIST, where, limit, offset, null, r -> WindowView.of(r, now));
  }

  /** The rows of every window not cancelled nor over (the flip job computes which are on). */
  public Uni<List<Row>> live() {
    return pool.query("SELECT " + WindowView.COLUMNS + " FROM maintenance_windows WHERE " + ACTIVE)
        .execute()
        .map(
            rows -> {
              List<Row> out = new ArrayList<>();
              rows.forEach(out::add);
              return out;
            });
  }

  /** Ids of the monitors flagged in maintenance now. */
  public Uni<Set<Long>> flagged() {
    return pool.query("SELECT id FROM monitors WHERE in_maintenance")
        .execute()
        .map(
            rows -> {
              Set<Long> out = new java.util.HashSet<>();
              rows.forEach(r -> out.add(r.getLong("id")));
              return out;
            });
  }
}
