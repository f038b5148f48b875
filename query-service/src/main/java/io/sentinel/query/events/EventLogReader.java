package io.sentinel.query.events;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the event log with the reactive PostgreSQL client: for the REST API, the live feed and
 * replays. Also answers the feed's question whether a missing seq can still appear.
 */
@ApplicationScoped
public class EventLogReader {
  private static final String COLUMNS =
      "seq, event_id, type, monitor, metric, series, time, score, severity, value, expected_low,"
          + " expected_high, message, ref, status, previous_status, received_at, suppressed, tenant";

  @Inject @io.sentinel.query.config.ApiReads Pool pool;

  /** Rows with {@code after < seq <= upTo}, ascending, at most {@code limit}. */
  public Uni<List<EventRow>> between(long after, long upTo, int limit) {
    return query(
        "SELECT " + COLUMNS + " FROM events WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3",
        Tuple.of(after, upTo, limit));
  }

  /** Rows after {@code after}, ascending, at most {@code limit}. */
  public Uni<List<EventRow>> after(long after, int limit) {
    return between(after, Long.MAX_VALUE, limit);
  }

  /**
   * A page of the log for the REST API.
   *
   * @param after if set, rows with a greater seq in ascending order; else newest first
   * @param before if set (and no after), rows with a smaller seq, newest first
   * @param monitor if set, only this monitor's rows
   * @param types if not empty, only rows of these types
   * @param since if set, only rows whose time is at or after it
   * @param until if set, only rows whose time is before it
   * @param tenants only rows of these tenants; null: of every tenant
   */
  public Uni<List<EventRow>> page(
      String[] tenants,
      Long after,
      Long before,
      String monitor,
      List<String> types,
      Instant since,
      Instant until,
      int limit) {
    List<String> where = new ArrayList<>();
    Tuple args = Tuple.tuple();
    if (tenants != null) {
      args.addArrayOfString(tenants);
      where.add("tenant = ANY($" + args.size() + ")");
    }
    if (after != null) {
      args.addLong(after);
      where.add("seq > $" + args.size());
    } else if (before != null) {
      args.addLong(before);
      where.add("seq < $" + args.size());
    }
    if (monitor != null) {
      args.addString(monitor);
      where.add("monitor = $" + args.size());
    }
    if (types != null && !types.isEmpty()) {
      args.addArrayOfString(types.toArray(String[]::new));
      where.add("type = ANY($" + args.size() + ")");
    }
    if (since != null) {
      args.addOffsetDateTime(OffsetDateTime.ofInstant(since, java.time.ZoneOffset.UTC));
      where.add("time >= $" + args.size());
    }
    if (until != null) {
      args.addOffsetDateTime(OffsetDateTime.ofInstant(until, java.time.ZoneOffset.UTC));
      where.add("time < $" + args.size());
    }
    args.addInteger(limit);
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM events"
            + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
            + (after != null ? " ORDER BY seq ASC" : " ORDER BY seq DESC")
            + " LIMIT $"
            + args.size();
    return query(sql, args);
  }

  /** The highest seq committed so far, 0 for an empty log. */
  public Uni<Long> maxSeq() {
    return pool.query("SELECT coalesce(max(seq), 0) AS m FROM events")
        .execute()
        .map(rows -> rows.iterator().next().getLong("m"));
  }

  /** The current snapshot, to tell later whether the transactions running now have ended. */
  public Uni<String> snapshot() {
    return pool.query("SELECT pg_current_snapshot()::text AS s")
        .execute()
        .map(rows -> rows.iterator().next().getString("s"));
  }

  /** True when none of the transactions in progress at {@code snapshot} is still running. */
  public Uni<Boolean> settled(String snapshot) {
    return pool.preparedQuery(
            "SELECT NOT EXISTS (SELECT 1 FROM pg_snapshot_xip(CAST($1 AS pg_snapshot)) AS x"
                + " WHERE pg_xact_status(x) = 'in progress') AS settled")
        .execute(Tuple.of(snapshot))
        .map(rows -> rows.iterator().next().getBoolean("settled"));
  }

  /** Pings the database, for the readiness check. */
  public Uni<Void> ping() {
    return pool.query("SELECT 1").execute().replaceWithVoid();
  }

  private Uni<List<EventRow>> query(String sql, Tuple args) {
    return pool.preparedQuery(sql).execute(args).map(EventLogReader::rows);
  }

  private static List<EventRow> rows(RowSet<Row> rows) {
    List<EventRow> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(
          new EventRow(
              r.getLong("seq"),
              r.getString("event_id"),
              r.getString("type"),
              r.getString("monitor"),
              r.getString("metric"),
              r.getString("series"),
              instant(r.getOffsetDateTime("time")),
              r.getDouble("score"),
              r.getString("severity"),
              r.getDouble("value"),
              r.getDouble("expected_low"),
              r.getDouble("expected_high"),
              r.getString("message"),
              r.getString("ref"),
              r.getString("status"),
              r.getString("previous_status"),
              instant(r.getOffsetDateTime("received_at")),
              Boolean.TRUE.equals(r.getBoolean("suppressed")) ? Boolean.TRUE : null,
              r.getString("tenant")));
    }
    return out;
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
