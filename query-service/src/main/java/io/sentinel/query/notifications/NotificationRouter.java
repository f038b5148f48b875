package io.sentinel.query.notifications;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Turns outbox events into notifications, in one transaction per tick: reads (and deletes) a batch
 * of the outbox, applies the policies to it (threads opened, extended by a relapse, resolved),
 * fires the threads' timers (group interval, repeat, resolve hold) and inserts one notification per
 * channel with its idempotency key. One replica routes at a time (a transaction-scoped advisory
 * lock; routing is a few statements, so this costs nothing), which keeps a monitor's events in
 * order; sending, the slow part, is spread over every replica by {@link NotificationDispatcher}.
 */
@ApplicationScoped
public class NotificationRouter {
  private static final Logger LOG = Logger.getLogger(NotificationRouter.class);
  static final long ROUTER_LOCK = 0x5e17_0016L;
  static final int BATCH = 1000;

  private static final String OUTBOX =
      """
      SELECT o.id AS outbox_id, e.seq, e.event_id, e.type, e.monitor, e.time, e.status,
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
        FROM notification_threads
       WHERE state <> 'resolved' OR group_key = ANY($1::text[])
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

  static final String INSERT_NOTIFICATIONS =
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
      SELECT m.name, m.in_maintenance,
             EXISTS (SELECT 1 FROM anomalies a WHERE a.monitor_id = m.id AND a.ended_at IS NULL
                        AND a.acknowledged_at IS NULL) AS unacked,
             EXISTS (SELECT 1 FROM anomalies a WHERE a.monitor_id = m.id AND a.ended_at IS NULL
                        AND a.acknowledged_at IS NOT NULL) AS acked
        FROM monitors m WHERE m.name = ANY($1::text[])
      """;

  @Inject Pool pool;

  /** What one routing pass did. */
  public record Routed(int events, int notifications, boolean skipped) {}

  /** One outbox event, with what the policies need to know about it. */
  record OutboxEvent(
      long outboxId,
      long seq,
      String eventId,
      String type,
      String monitor,
      OffsetDateTime time,
      String status,
      String previousStatus,
      String message,
      String severity,
      String metric,
      List<String> tags,
      boolean inMaintenance) {}

  /** A thread as this pass sees and changes it. */
  static final class ThreadState {
    Long id;
    long policyId;
    String groupKey;
    String state;
    int generation;
    List<String> monitors = new ArrayList<>();
    Alert alert;
    Instant openedAt;
    Instant notifiedAt;
    boolean pendingUpdate;
    Instant nextRepeatAt;
    Instant resolveAt;
    Instant resolvedAt;
    int repeats;
    int flaps;
    boolean dirty;
  }

  /** A notification to insert once its thread has an id. */
  private record Pending(
      ThreadState thread,
      String key,
      long channelId,
      long policyId,
      Long seq,
      String monitor,
      String kind,
      Alert alert,
      String status,
      Instant at,
      String error) {}

  /** Routes one batch of the outbox and fires due thread timers; blocking. */
  public Routed route() {
    return pool.withTransaction(this::route).await().indefinitely();
  }

  private Uni<Routed> route(SqlConnection conn) {
    return conn.query("SELECT pg_try_advisory_xact_lock(" + ROUTER_LOCK + ")")
        .execute()
        .chain(
            locked -> {
              if (!locked.iterator().next().getBoolean(0)) {
                return Uni.createFrom().item(new Routed(0, 0, true));
              }
              return conn.preparedQuery(OUTBOX)
                  .execute(Tuple.of(BATCH))
                  .chain(rows -> withPoliciesAndChannels(conn, events(rows)));
            });
  }

  private Uni<Routed> withPoliciesAndChannels(SqlConnection conn, List<OutboxEvent> events) {
    return conn.query(
            "SELECT "
                + NotificationStore.POLICY_COLUMNS
                + " FROM notification_policies WHERE enabled ORDER BY id")
        .execute()
        .chain(
            prows ->
                conn.query(
                        "SELECT "
                            + NotificationStore.CHANNEL_COLUMNS
                            + " FROM notification_channels WHERE enabled")
                    .execute()
                    .chain(
                        crows -> {
                          List<Policy> policies = new ArrayList<>();
                          prows.forEach(r -> policies.add(NotificationStore.policy(r)));
                          Set<Long> channels = new HashSet<>();
                          crows.forEach(r -> channels.add(r.getLong("id")));
                          Set<String> keys = new HashSet<>();
                          for (OutboxEvent e : events) {
                            for (Policy p : policies) {
                              keys.add(p.groupKey(e.monitor(), e.tags()));
                            }
                          }
                          return conn.preparedQuery(THREADS)
                              .execute(Tuple.of(keys.toArray(String[]::new)))
                              .chain(
                                  trows -> plan(conn, events, policies, channels, threads(trows)));
                        }));
  }

  private Uni<Routed> plan(
      SqlConnection conn,
      List<OutboxEvent> events,
      List<Policy> policies,
      Set<Long> channels,
      Map<String, ThreadState> threads) {
    Instant now = Instant.now();
    List<Pending> out = new ArrayList<>();
    Map<Long, Policy> byId = new HashMap<>();
    for (Policy p : policies) {
      byId.put(p.id(), p);
    }
    for (OutboxEvent e : events) {
      for (Policy p : policies) {
        apply(e, p, channels, threads, out, now);
      }
    }
    // timers of the live threads: resolve hold over, group interval over, repeat due
    List<ThreadState> dueRepeats = new ArrayList<>();
    for (ThreadState t : threads.values()) {
      Policy p = byId.get(t.policyId);
      if (p == null) {
        continue;
      }
      if ("resolving".equals(t.state) && !t.resolveAt.isAfter(now)) {
        t.state = "resolved";
        t.resolvedAt = now;
        t.dirty = true;
        if (p.sendResolved() && t.notifiedAt != null) {
          Alert a = t.alert.withKind("resolved", now.toString()).withThread(List.of(), t.flaps);
          for (long ch : p.channelIds()) {
            if (channels.contains(ch)) {
              out.add(
                  new Pending(
                      t,
                      "resolved",
                      ch,
                      p.id(),
                      null,
                      t.alert.monitor(),
                      "resolved",
                      a,
                      "pending",
                      now,
                      null));
            }
          }
        }
      } else if ("open".equals(t.state)
          && t.pendingUpdate
          && !t.notifiedAt.plusSeconds(p.groupIntervalSeconds()).isAfter(now)) {
        t.pendingUpdate = false;
        t.repeats++;
        t.notifiedAt = now;
        t.nextRepeatAt = now.plusSeconds(p.repeatIntervalSeconds());
        t.dirty = true;
        Alert a = t.alert.withKind("firing", now.toString()).withThread(t.monitors, t.flaps);
        for (long ch : p.channelIds()) {
          if (channels.contains(ch)) {
            out.add(
                new Pending(
                    t,
                    "r" + t.repeats,
                    ch,
                    p.id(),
                    null,
                    t.alert.monitor(),
                    "firing",
                    a,
                    "pending",
                    now,
                    null));
          }
        }
      } else if ("open".equals(t.state) && t.nextRepeatAt != null && !t.nextRepeatAt.isAfter(now)) {
        dueRepeats.add(t);
      }
    }
    Uni<Void> repeats = Uni.createFrom().voidItem();
    if (!dueRepeats.isEmpty()) {
      Set<String> names = new HashSet<>();
      dueRepeats.forEach(t -> names.addAll(t.monitors));
      repeats =
          conn.preparedQuery(MONITOR_STATE)
              .execute(Tuple.of(names.toArray(String[]::new)))
              .invoke(
                  rows -> {
                    Map<String, Row> state = new HashMap<>();
                    rows.forEach(r -> state.put(r.getString("name"), r));
                    for (ThreadState t : dueRepeats) {
                      repeat(t, byId.get(t.policyId), state, channels, out, now);
                    }
                  })
              .replaceWithVoid();
    }
    return repeats.chain(() -> save(conn, events, threads, out));
  }

  /** What one event does to one policy's thread. */
  private static void apply(
      OutboxEvent e,
      Policy p,
      Set<Long> channels,
      Map<String, ThreadState> threads,
      List<Pending> out,
      Instant now) {
    if (!p.matchesSubject(e.monitor(), e.tags(), e.severity(), e.metric())) {
      return;
    }
    String group = p.groupKey(e.monitor(), e.tags());
    ThreadState t = threads.get(p.id() + "/" + group);
    Alert a =
        new Alert(
            "firing",
            "sentinel/" + p.id() + "/" + group,
            group,
            e.monitor(),
            List.of(e.monitor()),
            e.status(),
            e.previousStatus(),
            e.severity(),
            e.metric(),
            e.message(),
            e.time().toInstant().toString(),
            e.eventId(),
            e.tags() == null ? List.of() : e.tags(),
            0);
    boolean statusChange = "status_changed".equals(e.type());
    boolean firing = statusChange && Policy.FIRING_STATUSES.contains(e.status());
    if (!statusChange || (firing && e.inMaintenance())) {
      // an alert raised in a maintenance window: logged as suppressed, never sent
      if (statusChange || p.matchesStatus(e.status())) {
        for (long ch : p.channelIds()) {
          if (channels.contains(ch)) {
            out.add(
                new Pending(
                    null,
                    "e:" + e.eventId(),
                    ch,
                    p.id(),
                    e.seq(),
                    e.monitor(),
                    "firing",
                    a,
                    "suppressed",
                    now,
                    "monitor in maintenance"));
          }
        }
      }
      return;
    }
    if (firing) {
      if (!p.matchesStatus(e.status())) {
        return;
      }
      if (t == null || "resolved".equals(t.state)) {
        if (t == null) {
          t = new ThreadState();
          t.policyId = p.id();
          t.groupKey = group;
          t.generation = 0;
          threads.put(p.id() + "/" + group, t);
        }
        t.state = "open";
        t.generation++;
        t.monitors = new ArrayList<>(List.of(e.monitor()));
        t.alert = a;
        t.openedAt = now;
        Instant sendAt = now.plusSeconds(p.groupWaitSeconds());
        t.notifiedAt = sendAt;
        t.pendingUpdate = false;
        t.nextRepeatAt = sendAt.plusSeconds(p.repeatIntervalSeconds());
        t.resolveAt = null;
        t.resolvedAt = null;
        t.repeats = 0;
        t.flaps = 0;
        t.dirty = true;
        for (long ch : p.channelIds()) {
          if (channels.contains(ch)) {
            out.add(
                new Pending(
                    t,
                    "e:" + e.eventId(),
                    ch,
                    p.id(),
                    e.seq(),
                    e.monitor(),
                    "firing",
                    a,
                    "pending",
                    sendAt,
                    null));
          }
        }
        return;
      }
      // an open thread: a relapse during the resolve hold is a flap, not a new thread
      if ("resolving".equals(t.state)) {
        t.state = "open";
        t.flaps++;
        t.resolveAt = null;
      } else if (!t.monitors.contains(e.monitor()) || !e.status().equals(t.alert.status())) {
        // another monitor of the group, or another status: one update after the group interval
        t.pendingUpdate = true;
      }
      if (!t.monitors.contains(e.monitor())) {
        t.monitors.add(e.monitor());
      }
      t.alert = a.withThread(List.copyOf(t.monitors), t.flaps);
      t.dirty = true;
      return;
    }
    // recovered (up), or handed to maintenance: the monitor leaves the thread
    if (t == null || "resolved".equals(t.state) || !t.monitors.contains(e.monitor())) {
      return;
    }
    if ("maintenance".equals(e.status())) {
      return;
    }
    t.monitors.remove(e.monitor());
    t.dirty = true;
    if (t.monitors.isEmpty() && "open".equals(t.state)) {
      t.state = "resolving";
      t.resolveAt = now.plusSeconds(p.resolveHoldSeconds());
      if (p.resolveHoldSeconds() == 0) {
        // resolved in this same pass by the timers
        t.resolveAt = now;
      }
    }
  }

  private static void repeat(
      ThreadState t,
      Policy p,
      Map<String, Row> monitors,
      Set<Long> channels,
      List<Pending> out,
      Instant now) {
    t.nextRepeatAt = now.plusSeconds(p.repeatIntervalSeconds());
    t.dirty = true;
    boolean maintenance = false;
    boolean unacked = false;
    boolean acked = false;
    for (String m : t.monitors) {
      Row r = monitors.get(m);
      if (r != null) {
        maintenance |= r.getBoolean("in_maintenance");
        unacked |= r.getBoolean("unacked");
        acked |= r.getBoolean("acked");
      }
    }
    if (maintenance) {
      LOG.debugf("no repeat of thread %d: in maintenance", t.id);
      return;
    }
    if (acked && !unacked) {
      LOG.debugf("no repeat of thread %d: acknowledged", t.id);
      return;
    }
    t.repeats++;
    t.notifiedAt = now;
    Alert a = t.alert.withKind("repeat", now.toString()).withThread(t.monitors, t.flaps);
    for (long ch : p.channelIds()) {
      if (channels.contains(ch)) {
        out.add(
            new Pending(
                t,
                "r" + t.repeats,
                ch,
                p.id(),
                null,
                t.alert.monitor(),
                "repeat",
                a,
                "pending",
                now,
                null));
      }
    }
  }

  private Uni<Routed> save(
      SqlConnection conn,
      List<OutboxEvent> events,
      Map<String, ThreadState> threads,
      List<Pending> out) {
    List<ThreadState> dirty = threads.values().stream().filter(t -> t.dirty).toList();
    Uni<Void> saved = Uni.createFrom().voidItem();
    if (!dirty.isEmpty()) {
      saved =
          conn.preparedQuery(SAVE_THREADS)
              .execute(threadArgs(dirty))
              .invoke(
                  rows -> {
                    for (Row r : rows) {
                      threads.get(r.getLong("policy_id") + "/" + r.getString("group_key")).id =
                          r.getLong("id");
                    }
                  })
              .replaceWithVoid();
    }
    return saved
        .chain(
            () ->
                out.isEmpty()
                    ? Uni.createFrom().<RowSet<Row>>nullItem()
                    : conn.preparedQuery(INSERT_NOTIFICATIONS).execute(notificationArgs(out)))
        .chain(
            inserted ->
                events.isEmpty()
                    ? Uni.createFrom().item(inserted)
                    : conn.preparedQuery(
                            "DELETE FROM notification_outbox WHERE id = ANY($1::bigint[])")
                        .execute(
                            Tuple.of(
                                events.stream().map(OutboxEvent::outboxId).toArray(Long[]::new)))
                        .replaceWith(inserted))
        .map(
            inserted -> {
              int n = inserted == null ? 0 : inserted.rowCount();
              if (!events.isEmpty() || n > 0) {
                LOG.debugf("routed %d events into %d notifications", events.size(), n);
              }
              return new Routed(events.size(), n, false);
            });
  }

  private static List<OutboxEvent> events(RowSet<Row> rows) {
    List<OutboxEvent> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(
          new OutboxEvent(
              r.getLong("outbox_id"),
              r.getLong("seq"),
              r.getString("event_id"),
              r.getString("type"),
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
  }

  private static Map<String, ThreadState> threads(RowSet<Row> rows) {
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
      t.openedAt = instant(r.getOffsetDateTime("opened_at"));
      t.notifiedAt = instant(r.getOffsetDateTime("notified_at"));
      t.pendingUpdate = r.getBoolean("pending_update");
      t.nextRepeatAt = instant(r.getOffsetDateTime("next_repeat_at"));
      t.resolveAt = instant(r.getOffsetDateTime("resolve_at"));
      t.repeats = r.getInteger("repeats");
      t.flaps = r.getInteger("flaps");
      out.put(t.policyId + "/" + t.groupKey, t);
    }
    return out;
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime odt(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC);
  }

  private static Tuple threadArgs(List<ThreadState> ts) {
    int n = ts.size();
    Long[] policy = new Long[n];
    String[] group = new String[n];
    String[] state = new String[n];
    Integer[] generation = new Integer[n];
    String[] monitors = new String[n];
    String[] alert = new String[n];
    OffsetDateTime[] opened = new OffsetDateTime[n];
    OffsetDateTime[] notified = new OffsetDateTime[n];
    Boolean[] pending = new Boolean[n];
    OffsetDateTime[] repeat = new OffsetDateTime[n];
    OffsetDateTime[] resolve = new OffsetDateTime[n];
    OffsetDateTime[] resolved = new OffsetDateTime[n];
    Integer[] repeats = new Integer[n];
    Integer[] flaps = new Integer[n];
    for (int i = 0; i < n; i++) {
      ThreadState t = ts.get(i);
      policy[i] = t.policyId;
      group[i] = t.groupKey;
      state[i] = t.state;
      generation[i] = t.generation;
      monitors[i] = NotificationStore.json(t.monitors);
      alert[i] = NotificationStore.json(t.alert);
      opened[i] = odt(t.openedAt);
      notified[i] = odt(t.notifiedAt);
      pending[i] = t.pendingUpdate;
      repeat[i] = odt(t.nextRepeatAt);
      resolve[i] = odt(t.resolveAt);
      resolved[i] = odt(t.resolvedAt);
      repeats[i] = t.repeats;
      flaps[i] = t.flaps;
    }
    return Tuple.tuple()
        .addValue(policy)
        .addValue(group)
        .addValue(state)
        .addValue(generation)
        .addValue(monitors)
        .addValue(alert)
        .addValue(opened)
        .addValue(notified)
        .addValue(pending)
        .addValue(repeat)
        .addValue(resolve)
        .addValue(resolved)
        .addValue(repeats)
        .addValue(flaps);
  }

  private static Tuple notificationArgs(List<Pending> ps) {
    int n = ps.size();
    String[] key = new String[n];
    Long[] channel = new Long[n];
    Long[] policy = new Long[n];
    Long[] thread = new Long[n];
    Long[] seq = new Long[n];
    String[] monitor = new String[n];
    String[] kind = new String[n];
    String[] alert = new String[n];
    String[] status = new String[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    String[] error = new String[n];
    for (int i = 0; i < n; i++) {
      Pending p = ps.get(i);
      // per event (or thread step) and channel: the same event never queues twice for a channel
      String step =
          p.key().startsWith("e:")
              ? p.key()
              : "t" + p.thread().id + ":g" + p.thread().generation + ":" + p.key();
      key[i] = step + ":c" + p.channelId();
      channel[i] = p.channelId();
      policy[i] = p.policyId();
      thread[i] = p.thread() == null ? null : p.thread().id;
      seq[i] = p.seq();
      monitor[i] = p.monitor();
      kind[i] = p.kind();
      alert[i] = NotificationStore.json(p.alert());
      status[i] = p.status();
      at[i] = odt(p.at());
      error[i] = p.error();
    }
    return Tuple.tuple()
        .addValue(key)
        .addValue(channel)
        .addValue(policy)
        .addValue(thread)
        .addValue(seq)
        .addValue(monitor)
        .addValue(kind)
        .addValue(alert)
        .addValue(status)
        .addValue(at)
        .addValue(error);
  }
}
