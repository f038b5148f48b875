package io.sentinel.query.notifications;

import io.sentinel.query.Times;
import io.sentinel.query.notifications.RoutingPass.MonitorState;
import io.sentinel.query.notifications.RoutingPass.OutboxEvent;
import io.sentinel.query.notifications.RoutingPass.Pending;
import io.sentinel.query.sql.Rows;
import io.sentinel.query.sql.Unnest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The router's SQL, on the connection of its transaction: the outbox batch with the policies,
 * channels and threads it is routed with, and what a pass writes back (threads, notifications with
 * their idempotency keys, the outbox rows taken).
 */
final class RoutingStore {
  private RoutingStore() {}

  private static final String OUTBOX =
      """
      SELECT o.id AS outbox_id, e.seq, e.event_id, e.type, e.tenant, e.monitor, e.time, e.status,
             e.previous_status, e.message, COALESCE(c.severity, e.severity) AS severity,
             COALESCE(c.metric, e.metric) AS metric, m.tags, COALESCE(m.in_maintenance, false)
             AS in_maintenance
        FROM notification_outbox o
        JOIN events e ON e.seq = o.event_seq
        LEFT JOIN events c ON c.event_id = e.ref
        LEFT JOIN monitors m ON m.tenant = e.tenant AND m.name = e.monitor
       ORDER BY o.id
       LIMIT $1
      """;

  private static final String THREADS =
      """
      SELECT id, policy_id, group_key, state, generation, monitors, alert::text AS alert, opened_at,
             notified_at, pending_update, next_repeat_at, resolve_at, repeats, flaps
        FROM notification_threads t
       WHERE t.group_key = ANY($1::text[])
          OR (t.state = 'resolving' AND t.resolve_at <= now())
          OR (t.state = 'open' AND t.next_repeat_at <= now())
          OR (t.state = 'open' AND t.pending_update
              AND t.notified_at <= now() - make_interval(secs => (
                    SELECT p.group_interval_seconds FROM notification_policies p
                     WHERE p.id = t.policy_id)))
      """;

  private static final String SAVE_THREADS =
      """
      INSERT INTO notification_threads (policy_id, group_key, state, generation, monitors, alert,
                                        opened_at, notified_at, pending_update, next_repeat_at,
                                        resolve_at, resolved_at, repeats, flaps)
      SELECT u.policy_id, u.group_key, u.state, u.generation,
             ARRAY(SELECT jsonb_array_elements_text(u.monitors::jsonb)), u.alert::jsonb,
             u.opened_at, u.notified_at, u.pending_update, u.next_repeat_at, u.resolve_at,
             u.resolved_at, u.repeats, u.flaps
        FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[],
                    $7::timestamptz[], $8::timestamptz[], $9::boolean[], $10::timestamptz[],
                    $11::timestamptz[], $12::timestamptz[], $13::int[], $14::int[])
             AS u(policy_id, group_key, state, generation, monitors, alert, opened_at, notified_at,
                  pending_update, next_repeat_at, resolve_at, resolved_at, repeats, flaps)
      ON CONFLICT (policy_id, group_key) DO UPDATE SET
             state = EXCLUDED.state, generation = EXCLUDED.generation,
             monitors = EXCLUDED.monitors, alert = EXCLUDED.alert, opened_at = EXCLUDED.opened_at,
             notified_at = EXCLUDED.notified_at, pending_update = EXCLUDED.pending_update,
             next_repeat_at = EXCLUDED.next_repeat_at, resolve_at = EXCLUDED.resolve_at,
             resolved_at = EXCLUDED.resolved_at, repeats = EXCLUDED.repeats, flaps = EXCLUDED.flaps
      RETURNING id, policy_id, group_key
      """;

  private static final String INSERT_NOTIFICATIONS =
      """
      INSERT INTO notifications (idempotency_key, channel_id, policy_id, thread_id, event_seq,
                                 monitor, kind, alert, status, next_attempt_at, last_error)
      SELECT k, ch, p, t, s, mo, kind, a::jsonb, st, at, err
        FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[],
                    $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamptz[], $11::text[])
             WITH ORDINALITY AS u(k, ch, p, t, s, mo, kind, a, st, at, err, ord)
       ORDER BY ord
      ON CONFLICT (idempotency_key) DO NOTHING
      """;

  private static final String MONITOR_STATE =
      """
      SELECT m.tenant, m.name, m.in_maintenance,
             EXISTS (SELECT 1 FROM anomalies a WHERE a.monitor_id = m.id AND a.ended_at IS NULL
                        AND a.acknowledged_at IS NULL) AS unacked,
             EXISTS (SELECT 1 FROM anomalies a WHERE a.monitor_id = m.id AND a.ended_at IS NULL
                        AND a.acknowledged_at IS NOT NULL) AS acked
        FROM monitors m
        JOIN unnest($1::text[], $2::text[]) AS k(tenant, name)
          ON m.tenant = k.tenant AND m.name = k.name
      """;

  /** Takes the transaction-scoped advisory lock {@code key}; false if another holds it. */
  static Uni<Boolean> tryLock(SqlConnection conn, long key) {
    return conn.query("SELECT pg_try_advisory_xact_lock(" + key + ")")
        .execute()
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  /** The oldest {@code limit} outbox events. */
  static Uni<List<OutboxEvent>> outbox(SqlConnection conn, int limit) {
    return conn.preparedQuery(OUTBOX)
        .execute(Tuple.of(limit))
        .map(
            rows -> {
              List<OutboxEvent> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new OutboxEvent(
                        r.getLong("outbox_id"),
                        r.getLong("seq"),
                        r.getString("event_id"),
                        r.getString("type"),
                        r.getString("tenant"),
                        r.getString("monitor"),
                        r.getOffsetDateTime("time"),
                        r.getString("status"),
                        r.getString("previous_status"),
                        r.getString("message"),
                        r.getString("severity"),
                        r.getString("metric"),
                        NotificationStore.strings(r.getArrayOfStrings("tags")),
                        r.getBoolean("in_maintenance")));
              }
              return out;
            });
  }

  /** The enabled policies, by id. */
  static Uni<List<Policy>> policies(SqlConnection conn) {
    return conn.query(
            "SELECT "
                + NotificationStore.POLICY_COLUMNS
                + " FROM notification_policies WHERE enabled ORDER BY id")
        .execute()
        .map(rows -> Rows.all(rows, NotificationStore::policy));
  }

  /** The tenants of the enabled channels, by id. */
  static Uni<Map<Long, String>> channels(SqlConnection conn) {
    return conn.query("SELECT id, tenant FROM notification_channels WHERE enabled")
        .execute()
        .map(
            rows -> {
              Map<Long, String> out = new HashMap<>();
              rows.forEach(r -> out.put(r.getLong("id"), r.getString("tenant")));
              return out;
            });
  }

  /**
   * The threads of these group keys and those whose timer is due (resolve hold over, repeat due,
   * update after the group interval), by {@link ThreadState#key}: not every live thread, which
   * would be read and parsed on every pass while a whole fleet is down (decision 024). The pass's
   * clock is read after this transaction's {@code now()}, so a thread due here is due there.
   */
  static Uni<Map<String, ThreadState>> threads(SqlConnection conn, Set<String> groupKeys) {
    return conn.preparedQuery(THREADS)
        .execute(Tuple.of(groupKeys.toArray(String[]::new)))
        .map(
            rows -> {
              Map<String, ThreadState> out = new LinkedHashMap<>();
              for (Row r : rows) {
                ThreadState t = new ThreadState();
                t.id = r.getLong("id");
                t.policyId = r.getLong("policy_id");
                t.groupKey = r.getString("group_key");
                t.state = r.getString("state");
                t.generation = r.getInteger("generation");
                t.monitors = new ArrayList<>(List.of(r.getArrayOfStrings("monitors")));
                t.alert = NotificationStore.alert(r.getString("alert"));
                t.openedAt = Rows.instant(r, "opened_at");
                t.notifiedAt = Rows.instant(r, "notified_at");
                t.pendingUpdate = r.getBoolean("pending_update");
                t.nextRepeatAt = Rows.instant(r, "next_repeat_at");
                t.resolveAt = Rows.instant(r, "resolve_at");
                t.repeats = r.getInteger("repeats");
                t.flaps = r.getInteger("flaps");
                out.put(t.key(), t);
              }
              return out;
            });
  }

  /**
   * What decides the repeat of a thread, for these monitors, by {@link MonitorState#key} (tenant
   * and name: two tenants' monitors of the same name are two monitors).
   */
  static Uni<Map<String, MonitorState>> monitorStates(SqlConnection conn, Set<String> keys) {
    List<String> tenants = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String k : keys) {
      int cut = k.indexOf(MonitorState.SEPARATOR);
      tenants.add(k.substring(0, cut));
      names.add(k.substring(cut + 1));
    }
    return conn.preparedQuery(MONITOR_STATE)
        .execute(Tuple.of(tenants.toArray(String[]::new), names.toArray(String[]::new)))
        .map(
            rows -> {
              Map<String, MonitorState> out = new HashMap<>();
              for (Row r : rows) {
                out.put(
                    MonitorState.key(r.getString("tenant"), r.getString("name")),
                    new MonitorState(
                        r.getBoolean("in_maintenance"),
                        r.getBoolean("unacked"),
                        r.getBoolean("acked")));
              }
              return out;
            });
  }

  /** Saves the threads the pass changed; a new thread gets its id. */
  static Uni<Void> saveThreads(SqlConnection conn, Map<String, ThreadState> threads) {
    List<ThreadState> dirty = threads.values().stream().filter(t -> t.dirty).toList();
    if (dirty.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    Tuple args =
        Unnest.of(dirty)
            .column(t -> t.policyId, Long[]::new)
            .column(t -> t.groupKey, String[]::new)
            .column(t -> t.state, String[]::new)
            .column(t -> t.generation, Integer[]::new)
            .column(t -> NotificationStore.json(t.monitors), String[]::new)
            .column(t -> NotificationStore.json(t.alert), String[]::new)
            .column(t -> Times.utc(t.openedAt), OffsetDateTime[]::new)
            .column(t -> Times.utc(t.notifiedAt), OffsetDateTime[]::new)
            .column(t -> t.pendingUpdate, Boolean[]::new)
            .column(t -> Times.utc(t.nextRepeatAt), OffsetDateTime[]::new)
            .column(t -> Times.utc(t.resolveAt), OffsetDateTime[]::new)
            .column(t -> Times.utc(t.resolvedAt), OffsetDateTime[]::new)
            .column(t -> t.repeats, Integer[]::new)
            .column(t -> t.flaps, Integer[]::new)
            .tuple();
    return conn.preparedQuery(SAVE_THREADS)
        .execute(args)
        .invoke(
            rows -> {
              for (Row r : rows) {
                threads.get(ThreadState.key(r.getLong("policy_id"), r.getString("group_key"))).id =
                    r.getLong("id");
              }
            })
        .replaceWithVoid();
  }

  /**
   * Inserts the notifications, each once: its idempotency key names the event (or thread step) and
   * the channel, so the same event never queues twice for a channel. Answers how many are new.
   */
  static Uni<Integer> insertNotifications(SqlConnection conn, List<Pending> out) {
    if (out.isEmpty()) {
      return Uni.createFrom().item(0);
    }
    Tuple args =
        Unnest.of(out)
            .column(p -> idempotencyKey(p), String[]::new)
            .column(Pending::channelId, Long[]::new)
            .column(Pending::policyId, Long[]::new)
            .column(p -> p.thread() == null ? null : p.thread().id, Long[]::new)
            .column(Pending::seq, Long[]::new)
            .column(Pending::monitor, String[]::new)
            .column(Pending::kind, String[]::new)
            .column(p -> NotificationStore.json(p.alert()), String[]::new)
            .column(Pending::status, String[]::new)
            .column(p -> Times.utc(p.at()), OffsetDateTime[]::new)
            .column(Pending::error, String[]::new)
            .tuple();
    return conn.preparedQuery(INSERT_NOTIFICATIONS).execute(args).map(rows -> rows.rowCount());
  }

  private static String idempotencyKey(Pending p) {
    String step =
        p.key().startsWith("e:")
            ? p.key()
            : "t" + p.thread().id + ":g" + p.thread().generation + ":" + p.key();
    return step + ":c" + p.channelId();
  }

  /** Deletes the outbox rows of the routed events. */
  static Uni<Void> deleteOutbox(SqlConnection conn, List<OutboxEvent> events) {
    if (events.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return conn.preparedQuery("DELETE FROM notification_outbox WHERE id = ANY($1::bigint[])")
        .execute(Tuple.of(events.stream().map(OutboxEvent::outboxId).toArray(Long[]::new)))
        .replaceWithVoid();
  }
}
