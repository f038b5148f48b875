package io.sentinel.query.materialize;

import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Severity;
import io.sentinel.query.MonitorStatus;
import io.sentinel.query.StatusFacts;
import io.sentinel.query.StatusRules;
import io.sentinel.query.Times;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a batch of new events does to PostgreSQL, worked out in memory from the state of the batch's
 * monitors before it: the events of each monitor are replayed in order (an anomaly and its
 * resolution in the same batch open and close it; every status change along the way is logged, as
 * if the events had been applied one at a time), and the result is a handful of set-based writes.
 * Pure: no I/O, so the order semantics are unit-tested without a database.
 */
public final class EventBatchPlan {
  /** A new (not redelivered) event with the seq the event log gave it. */
  record NewEvent(MonitorEvent event, long seq) {}

  /**
   * A monitor as the batch's upsert left it (row-locked until the transaction ends).
   *
   * @param errorsId the errors_started event of its open errors episode, null when none is open
   * @param errorsSince when that episode started
   * @param errorsMessage what ingest rejects, from that event
   */
  record MonitorRow(
      long id,
      String tenant,
      String name,
      MonitorStatus status,
      boolean inMaintenance,
      String errorsId,
      OffsetDateTime errorsSince,
      String errorsMessage) {}

  /**
   * An anomaly already in the database: the open ones of the batch's monitors, and any whose id a
   * new anomaly event of the batch carries (so a replayed id is never opened twice).
   */
  record KnownAnomaly(
      String id,
      long monitorId,
      String severity,
      String metric,
      String series,
      OffsetDateTime startedAt,
      boolean open) {}

  /** An outage already in the database, on the same terms as {@link KnownAnomaly}. */
  record KnownOutage(String id, long monitorId, OffsetDateTime startedAt, boolean open) {}

  /** An open anomaly as the status rules see it. */
  public record OpenAnomaly(
      String id, String severity, String metric, String series, OffsetDateTime startedAt) {}

  /** An anomaly to insert; {@code endedAt} is set when its resolution came in the same batch. */
  record AnomalyInsert(
      MonitorEvent event, long monitorId, boolean suppressed, OffsetDateTime endedAt) {}

  /** An outage to insert; {@code endedAt} is set when its resolution came in the same batch. */
  record OutageInsert(MonitorEvent event, long monitorId, OffsetDateTime endedAt) {}

  /** A row that was open before the batch and is closed by it. */
  record Closure(String id, OffsetDateTime endedAt) {}

  /**
   * The status, counters and errors episode a monitor has after the batch.
   *
   * @param since the time of its last status change in the batch, null when it did not change
   */
  record StatusUpdate(
      long id,
      MonitorStatus status,
      OffsetDateTime since,
      int openAnomalies,
      int openOutages,
      int newAnomalies,
      int newOutages,
      String errorsId,
      OffsetDateTime errorsSince,
      String errorsMessage) {}

  /**
   * A status change to log as a {@code status_changed} row, caused by the event {@code causeId}.
   */
  record StatusChange(
      String causeId,
      String tenant,
      String monitor,
      OffsetDateTime time,
      MonitorStatus previous,
      MonitorStatus current,
      String message) {}

  final List<AnomalyInsert> anomalyInserts = new ArrayList<>();
  final List<Closure> anomalyClosures = new ArrayList<>();
  final List<OutageInsert> outageInserts = new ArrayList<>();
  final List<Closure> outageClosures = new ArrayList<>();
  final List<Long> suppressedSeqs = new ArrayList<>();
  final List<StatusUpdate> statusUpdates = new ArrayList<>();
  final List<StatusChange> statusChanges = new ArrayList<>();

  /** One monitor while the batch is replayed. */
  private static final class State {
    final MonitorRow row;
    final Map<String, OpenAnomaly> openAnomalies = new LinkedHashMap<>();
    final Map<String, OffsetDateTime> openOutages = new LinkedHashMap<>();
    MonitorStatus status;
    OffsetDateTime since;
    int newAnomalies;
    int newOutages;
    String errorsId;
    OffsetDateTime errorsSince;
    String errorsMessage;

    State(MonitorRow row) {
      this.row = row;
      this.status = row.status();
      this.errorsId = row.errorsId();
      this.errorsSince = row.errorsSince();
      this.errorsMessage = row.errorsMessage();
    }
  }

  private EventBatchPlan() {}

  /**
   * Plans the effects of {@code events} (new ones only, in consumption order).
   *
   * @param monitors the batch's monitors by name, as upserted
   * @param anomalies known anomalies (see {@link KnownAnomaly})
   * @param outages known outages (see {@link KnownOutage})
   */
  static EventBatchPlan of(
      List<NewEvent> events,
      Map<String, MonitorRow> monitors,
      Collection<KnownAnomaly> anomalies,
      Collection<KnownOutage> outages) {
    EventBatchPlan plan = new EventBatchPlan();
    Map<Long, State> states = new LinkedHashMap<>();
    for (MonitorRow m : monitors.values()) {
      states.put(m.id(), new State(m));
    }
    Map<String, KnownAnomaly> knownAnomalies = new LinkedHashMap<>();
    for (KnownAnomaly a : anomalies) {
      knownAnomalies.put(a.id(), a);
      State s = states.get(a.monitorId());
      if (a.open() && s != null) {
        s.openAnomalies.put(
            a.id(), new OpenAnomaly(a.id(), a.severity(), a.metric(), a.series(), a.startedAt()));
      }
    }
    Map<String, KnownOutage> knownOutages = new LinkedHashMap<>();
    for (KnownOutage o : outages) {
      knownOutages.put(o.id(), o);
      State s = states.get(o.monitorId());
      if (o.open() && s != null) {
        s.openOutages.put(o.id(), o.startedAt());
      }
    }
    for (NewEvent ne : events) {
      MonitorEvent e = ne.event();
      MonitorRow row = monitors.get(e.key());
      if (row == null) {
        throw new IllegalStateException("monitor " + e.monitor() + " was not upserted");
      }
      State s = states.get(row.id());
      OffsetDateTime time = Times.utc(e.time());
      // a switch expression, so a new event type does not compile until it says what it does
      boolean unused =
          switch (e.type()) {
            case ANOMALY -> plan.openAnomaly(s, ne, time, knownAnomalies);
            case ANOMALY_RESOLVED -> plan.resolveAnomaly(s, e, time);
            case OUTAGE_STARTED -> plan.openOutage(s, e, time, knownOutages);
            case OUTAGE_RESOLVED -> plan.resolveOutage(s, e, time);
            case ERRORS_STARTED -> openErrors(s, e, time);
            case ERRORS_RESOLVED -> resolveErrors(s, e);
            case MONITOR_DISCOVERED -> true; // the upsert created the monitor
          };
      MonitorStatus next =
          StatusRules.statusOf(
              facts(
                  s.openAnomalies.values(),
                  s.openOutages.size(),
                  row.inMaintenance(),
                  s.errorsId != null));
      if (next != s.status) {
        String why = e.message() != null ? e.message() : e.type().wire();
        plan.statusChanges.add(
            new StatusChange(
                e.id(),
                row.tenant(),
                row.name(),
                time,
                s.status,
                next,
                row.name() + " is now " + next.wire() + " (was " + s.status.wire() + "): " + why));
        s.status = next;
        s.since = time;
      }
    }
    for (State s : states.values()) {
      plan.statusUpdates.add(
          new StatusUpdate(
              s.row.id(),
              s.status,
              s.since,
              s.openAnomalies.size(),
              s.openOutages.size(),
              s.newAnomalies,
              s.newOutages,
              s.errorsId,
              s.errorsSince,
              s.errorsMessage));
    }
    return plan;
  }

  /** Rows inserted by this batch, by id, at their index in the insert lists. */
  private final Map<String, Integer> insertedAnomaly = new LinkedHashMap<>();

  private final Map<String, Integer> insertedOutage = new LinkedHashMap<>();

  private boolean openAnomaly(
      State s, NewEvent ne, OffsetDateTime time, Map<String, KnownAnomaly> known) {
    MonitorEvent e = ne.event();
    boolean suppressed = s.row.inMaintenance();
    if (suppressed) {
      // alerts in a maintenance window are kept and shown, marked suppressed
      suppressedSeqs.add(ne.seq());
    }
    if (known.containsKey(e.id()) || insertedAnomaly.containsKey(e.id())) {
      return true; // this anomaly exists already: a replay opens nothing
    }
    insertedAnomaly.put(e.id(), anomalyInserts.size());
    anomalyInserts.add(new AnomalyInsert(e, s.row.id(), suppressed, null));
    s.openAnomalies.put(
        e.id(),
        new OpenAnomaly(
            e.id(),
            e.severity() == null ? null : e.severity().wire(),
            e.metric(),
            e.series(),
            time));
    s.newAnomalies++;
    return true;
  }

  /** Closes the anomaly named by ref; without a ref, the open anomalies of the event's series. */
  private boolean resolveAnomaly(State s, MonitorEvent e, OffsetDateTime time) {
    for (Iterator<OpenAnomaly> it = s.openAnomalies.values().iterator(); it.hasNext(); ) {
      OpenAnomaly a = it.next();
      boolean match =
          e.ref() != null ? e.ref().equals(a.id()) : Objects.equals(e.series(), a.series());
      if (!match) {
        continue;
      }
      it.remove();
      OffsetDateTime ended = later(a.startedAt(), time);
      Integer i = insertedAnomaly.get(a.id());
      if (i != null) {
        AnomalyInsert ins = anomalyInserts.get(i);
        anomalyInserts.set(
            i, new AnomalyInsert(ins.event(), ins.monitorId(), ins.suppressed(), ended));
      } else {
        anomalyClosures.add(new Closure(a.id(), ended));
      }
    }
    return true;
  }

  private boolean openOutage(
      State s, MonitorEvent e, OffsetDateTime time, Map<String, KnownOutage> known) {
    if (known.containsKey(e.id()) || insertedOutage.containsKey(e.id())) {
      return true;
    }
    insertedOutage.put(e.id(), outageInserts.size());
    outageInserts.add(new OutageInsert(e, s.row.id(), null));
    s.openOutages.put(e.id(), time);
    s.newOutages++;
    return true;
  }

  /** Closes the outage named by ref; without a ref, every open outage of the monitor. */
  private boolean resolveOutage(State s, MonitorEvent e, OffsetDateTime time) {
    for (Iterator<Map.Entry<String, OffsetDateTime>> it = s.openOutages.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<String, OffsetDateTime> o = it.next();
      if (e.ref() != null && !e.ref().equals(o.getKey())) {
        continue;
      }
      it.remove();
      OffsetDateTime ended = later(o.getValue(), time);
      Integer i = insertedOutage.get(o.getKey());
      if (i != null) {
        OutageInsert ins = outageInserts.get(i);
        outageInserts.set(i, new OutageInsert(ins.event(), ins.monitorId(), ended));
      } else {
        outageClosures.add(new Closure(o.getKey(), ended));
      }
    }
    return true;
  }

  /** Opens an errors episode; while one is open, a second start keeps the first. */
  private static boolean openErrors(State s, MonitorEvent e, OffsetDateTime time) {
    if (s.errorsId == null) {
      s.errorsId = e.id();
      s.errorsSince = time;
      s.errorsMessage = e.message();
    }
    return true;
  }

  /** Closes the errors episode named by ref; the resolution of an older one closes nothing. */
  private static boolean resolveErrors(State s, MonitorEvent e) {
    if (s.errorsId != null && s.errorsId.equals(e.ref())) {
      s.errorsId = null;
      s.errorsSince = null;
      s.errorsMessage = null;
    }
    return true;
  }

  /** The facts the status rules need from a monitor's open anomalies, outages and errors. */
  public static StatusFacts facts(
      Collection<OpenAnomaly> open, int openOutages, boolean inMaintenance, boolean reportsErrors) {
    int critical =
        (int) open.stream().filter(a -> Severity.CRITICAL.wire().equals(a.severity())).count();
    int metrics =
        (int)
            open.stream()
                .map(a -> a.metric() != null ? a.metric() : a.series())
                .filter(Objects::nonNull)
                .distinct()
                .count();
    return new StatusFacts(
        inMaintenance, openOutages, reportsErrors, critical, open.size(), metrics);
  }

  /** GREATEST(started_at, time): an end is never before its start. */
  private static OffsetDateTime later(OffsetDateTime startedAt, OffsetDateTime time) {
    return startedAt != null && startedAt.isAfter(time) ? startedAt : time;
  }
}
