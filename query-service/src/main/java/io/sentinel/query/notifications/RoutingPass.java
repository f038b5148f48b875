package io.sentinel.query.notifications;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * What one routing pass decides, in memory: how each outbox event changes the thread of each policy
 * it matches (opened, joined by another monitor of the group, relapsed during the resolve hold,
 * which is a flap and not a new thread, left by a recovered monitor), which thread timers fire
 * (resolve hold over, group interval over, repeat due), and the notifications that follow, one per
 * enabled channel of the policy. {@link NotificationRouter} reads what it needs and writes the
 * outcome in the same transaction.
 */
final class RoutingPass {
  private static final Logger LOG = Logger.getLogger(RoutingPass.class);

  /** One outbox event, with what the policies need to know about it. */
  record OutboxEvent(
      long outboxId,
      long seq,
      String eventId,
      String type,
      String tenant,
      String monitor,
      OffsetDateTime time,
      String status,
      String previousStatus,
      String message,
      String severity,
      String metric,
      List<String> tags,
      boolean inMaintenance) {}

  /** A notification to insert once its thread (if any) has an id. */
  record Pending(
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

  /** What decides whether a thread repeats, for one of its monitors now. */
  record MonitorState(boolean inMaintenance, boolean unacked, boolean acked) {
    /** Between tenant and name in a {@link #key}; a tenant id has none. */
    static final char SEPARATOR = '/';

    /** A monitor's identity: its tenant and name. */
    static String key(String tenant, String monitor) {
      return tenant + SEPARATOR + monitor;
    }
  }

  private final List<Policy> policies;
  private final Map<Long, Policy> byId = new HashMap<>();

  /** The enabled channels' tenants, by id. */
  private final Map<Long, String> channels;

  private final Instant now;

  /**
   * The threads by {@link ThreadState#key}: those the events' groups name and those with a due
   * timer.
   */
  final Map<String, ThreadState> threads;

  /** The notifications decided, in order. */
  final List<Pending> out = new ArrayList<>();

  RoutingPass(
      List<Policy> policies,
      Map<Long, String> channels,
      Map<String, ThreadState> threads,
      Instant now) {
    this.policies = policies;
    this.channels = channels;
    this.threads = threads;
    this.now = now;
    for (Policy p : policies) {
      byId.put(p.id(), p);
    }
  }

  /** Applies the events, in order, to every enabled policy of their tenant. */
  void apply(List<OutboxEvent> events) {
    for (OutboxEvent e : events) {
      for (Policy p : policies) {
        apply(e, p);
      }
    }
  }

  /**
   * Fires the timers of the live threads: resolve hold over, group interval over. Answers the
   * threads whose repeat is due; {@link #repeat} decides on them once the state of their monitors
   * is read.
   */
  List<ThreadState> fireTimers() {
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
          queueStep(p, t, "resolved", "resolved", a);
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
        queueStep(p, t, "r" + t.repeats, "firing", a);
      } else if ("open".equals(t.state) && t.nextRepeatAt != null && !t.nextRepeatAt.isAfter(now)) {
        dueRepeats.add(t);
      }
    }
    return dueRepeats;
  }

  /**
   * Repeats the due threads, except those with a monitor in maintenance and those whose open
   * anomalies are all acknowledged; each is due again a repeat interval later.
   */
  void repeat(List<ThreadState> due, Map<String, MonitorState> monitors) {
    // a thread's monitors are of its policy's tenant
    for (ThreadState t : due) {
      Policy p = byId.get(t.policyId);
      t.nextRepeatAt = now.plusSeconds(p.repeatIntervalSeconds());
      t.dirty = true;
      boolean maintenance = false;
      boolean unacked = false;
      boolean acked = false;
      for (String m : t.monitors) {
        MonitorState s = monitors.get(MonitorState.key(p.tenant(), m));
        if (s != null) {
          maintenance |= s.inMaintenance();
          unacked |= s.unacked();
          acked |= s.acked();
        }
      }
      if (maintenance) {
        LOG.debugf("no repeat of thread %d: in maintenance", t.id);
        continue;
      }
      if (acked && !unacked) {
        LOG.debugf("no repeat of thread %d: acknowledged", t.id);
        continue;
      }
      t.repeats++;
      t.notifiedAt = now;
      Alert a = t.alert.withKind("repeat", now.toString()).withThread(t.monitors, t.flaps);
      queueStep(p, t, "r" + t.repeats, "repeat", a);
    }
  }

  /** The monitors of these threads, by {@link MonitorState#key}, for {@link #repeat}. */
  Set<String> monitorKeys(List<ThreadState> due) {
    Set<String> keys = new HashSet<>();
    for (ThreadState t : due) {
      String tenant = byId.get(t.policyId).tenant();
      t.monitors.forEach(m -> keys.add(MonitorState.key(tenant, m)));
    }
    return keys;
  }

  /** What one event does to one policy's thread. */
  private void apply(OutboxEvent e, Policy p) {
    if (!p.tenant().equals(e.tenant())
        || !p.matchesSubject(e.monitor(), e.tags(), e.severity(), e.metric())) {
      return;
    }
    String group = p.groupKey(e.monitor(), e.tags());
    ThreadState t = threads.get(ThreadState.key(p.id(), group));
    Alert a = alert(e, p, group);
    boolean statusChange = "status_changed".equals(e.type());
    boolean firing = statusChange && Policy.FIRING_STATUSES.contains(e.status());
    if (!statusChange || (firing && e.inMaintenance())) {
      // an alert raised in a maintenance window: logged as suppressed, never sent
      if (statusChange || p.matchesStatus(e.status())) {
        queue(p, null, e, a, "suppressed", now, "monitor in maintenance");
      }
      return;
    }
    if (firing) {
      if (!p.matchesStatus(e.status())) {
        return;
      }
      if (t == null || "resolved".equals(t.state)) {
        open(t, e, p, group, a);
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

  /** Opens (or reopens, a new generation) the thread of a group; notified after the group wait. */
  private void open(ThreadState t, OutboxEvent e, Policy p, String group, Alert a) {
    if (t == null) {
      t = new ThreadState();
      t.policyId = p.id();
      t.groupKey = group;
      t.generation = 0;
      threads.put(t.key(), t);
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
    queue(p, t, e, a, "pending", sendAt, null);
  }

  private static Alert alert(OutboxEvent e, Policy p, String group) {
    return new Alert(
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
  }

  /** Queues the notification of an event (its key is the event's id) to the policy's channels. */
  private void queue(
      Policy p, ThreadState t, OutboxEvent e, Alert a, String status, Instant at, String error) {
    queue(p, t, "e:" + e.eventId(), e.seq(), e.monitor(), "firing", a, status, at, error);
  }

  /**
   * Queues a step of a thread (update, repeat, resolved), to send now, to the policy's channels.
   */
  private void queueStep(Policy p, ThreadState t, String key, String kind, Alert a) {
    queue(p, t, key, null, t.alert.monitor(), kind, a, "pending", now, null);
  }

  /** Queues a notification to every enabled channel of the policy. */
  private void queue(
      Policy p,
      ThreadState t,
      String key,
      Long seq,
      String monitor,
      String kind,
      Alert a,
      String status,
      Instant at,
      String error) {
    for (long ch : p.channelIds()) {
      // a policy sends only to its own tenant's channels (the API refuses others)
      if (p.tenant().equals(channels.get(ch))) {
        out.add(new Pending(t, key, ch, p.id(), seq, monitor, kind, a, status, at, error));
      }
    }
  }
}
