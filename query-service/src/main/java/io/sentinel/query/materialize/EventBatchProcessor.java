package io.sentinel.query.materialize;

import io.micrometer.core.instrument.MeterRegistry;
import io.sentinel.contract.EventType;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Tenants;
import io.sentinel.query.MonitorStatus;
import io.sentinel.query.Times;
import io.sentinel.query.events.EventLogRepository;
import io.sentinel.query.materialize.EventBatchPlan.AnomalyInsert;
import io.sentinel.query.materialize.EventBatchPlan.Closure;
import io.sentinel.query.materialize.EventBatchPlan.KnownAnomaly;
import io.sentinel.query.materialize.EventBatchPlan.KnownOutage;
import io.sentinel.query.materialize.EventBatchPlan.MonitorRow;
import io.sentinel.query.materialize.EventBatchPlan.NewEvent;
import io.sentinel.query.materialize.EventBatchPlan.OutageInsert;
import io.sentinel.query.materialize.EventBatchPlan.StatusChange;
import io.sentinel.query.materialize.EventBatchPlan.StatusUpdate;
import io.sentinel.query.notifications.NotificationOutbox;
import io.sentinel.query.sql.Unnest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a batch of monitor events to PostgreSQL in one transaction of four round trips, however
 * many events it holds:
 *
 * <ol>
 *   <li>BEGIN;
 *   <li>one statement that appends the events to the log ({@code INSERT ... ON CONFLICT (event_id)
 *       DO NOTHING RETURNING}: only the rows it returns are new, so a redelivered event has no
 *       effect), updates the known monitors of the new events (row-locked in name order, the same
 *       order in every transaction, so it cannot deadlock) and inserts the others (only those take
 *       an id from the sequence, so ids stay dense), and reads their open anomalies and outages;
 *   <li>the {@link EventBatchPlan} worked out from that, written by set-based statements sent
 *       together (pipelined): anomalies and outages inserted and closed, suppressed alerts marked,
 *       statuses and counters updated, {@code status_changed} rows appended;
 *   <li>COMMIT, after which PostgreSQL notifies the live feed (a statement trigger on {@code
 *       events}).
 * </ol>
 */
@ApplicationScoped
public class EventBatchProcessor {
  /** What applying a batch did. */
  public record Result(int applied, int duplicates) {}

  private static final String GATE =
      """
      WITH e AS (
        INSERT INTO events (event_id, type, monitor, metric, series, time, score, severity, value,
                            expected_low, expected_high, message, ref, tenant)
        SELECT event_id, type, monitor, metric, series, time, score, severity, value,
               expected_low, expected_high, message, ref, tenant
          FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                      $6::timestamptz[], $7::float8[], $8::text[], $9::float8[], $10::float8[],
                      $11::float8[], $12::text[], $13::text[], $16::text[])
               WITH ORDINALITY AS u(event_id, type, monitor, metric, series, time, score, severity,
                                    value, expected_low, expected_high, message, ref, tenant, ord)
         ORDER BY ord
        ON CONFLICT (event_id) DO NOTHING
        RETURNING seq, event_id, tenant, monitor, time
      ), n AS (
        SELECT tenant, monitor AS name, min(time) AS first_seen, max(time) AS last_updated
          FROM e GROUP BY tenant, monitor
      ), """
          + MonitorUpsert.ctes(
              "id, tenant, name, status, in_maintenance, errors_id, errors_since, errors_message",
              null)
          + """
      , m AS (
        SELECT * FROM u UNION ALL SELECT * FROM i
      )
      SELECT 'e' AS kind, event_id AS key, seq AS num, NULL::text AS s1, NULL::text AS s2,
             NULL::text AS s3, NULL::timestamptz AS at, NULL::boolean AS flag, NULL::text AS s4
        FROM e
      UNION ALL
      SELECT 'm', name, id, status, errors_id, errors_message, errors_since, in_maintenance, tenant
        FROM m
      UNION ALL
      -- known anomalies and outages: the open ones of these monitors (partial indexes on open
      -- rows), and any whose id an opening event of the batch carries (primary keys); a row can
      -- come twice, the plan keys them by id. The monitor ids go in as an array: joined to the
      -- CTE, the planner (which cannot see it holds a handful of rows) hashes every open row.
      SELECT 'a', a.id, a.monitor_id, a.severity, a.metric, a.series, a.started_at, a.ended_at IS NULL,
             NULL
        FROM anomalies a WHERE a.monitor_id = ANY(ARRAY(SELECT id FROM m)) AND a.ended_at IS NULL
      UNION ALL
      SELECT 'a', a.id, a.monitor_id, a.severity, a.metric, a.series, a.started_at, a.ended_at IS NULL,
             NULL
        FROM anomalies a WHERE a.id = ANY($14::text[])
      UNION ALL
      SELECT 'o', o.id, o.monitor_id, NULL, NULL, NULL, o.started_at, o.ended_at IS NULL,
             NULL
        FROM outages o WHERE o.monitor_id = ANY(ARRAY(SELECT id FROM m)) AND o.ended_at IS NULL
      UNION ALL
      SELECT 'o', o.id, o.monitor_id, NULL, NULL, NULL, o.started_at, o.ended_at IS NULL,
             NULL
        FROM outages o WHERE o.id = ANY($15::text[])
      """;

  private static final String INSERT_ANOMALIES =
      """
      INSERT INTO anomalies (id, monitor_id, monitor, metric, series, started_at, ended_at, score,
                             severity, value, expected_low, expected_high, message, suppressed,
                             tenant)
      SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[],
                           $6::timestamptz[], $7::timestamptz[], $8::float8[], $9::text[],
                           $10::float8[], $11::float8[], $12::float8[], $13::text[], $14::boolean[],
                           $15::text[])
      ON CONFLICT (id) DO NOTHING
      """;

  private static final String CLOSE_ANOMALIES = MonitorUpsert.close("anomalies");

  private static final String INSERT_OUTAGES =
      """
      INSERT INTO outages (id, monitor_id, monitor, started_at, ended_at, cause, tenant)
      SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::timestamptz[],
                           $5::timestamptz[], $6::text[], $7::text[])
      ON CONFLICT (id) DO NOTHING
      """;

  private static final String CLOSE_OUTAGES = MonitorUpsert.close("outages");

  private static final String MARK_SUPPRESSED =
      "UPDATE events SET suppressed = true WHERE seq = ANY($1::bigint[])";

  private static final String SAVE_STATUSES =
      """
      UPDATE monitors m
         SET status = u.status,
             status_since = COALESCE(u.since, m.status_since),
             open_anomalies = u.open_anomalies,
             open_outages = u.open_outages,
             anomaly_count = m.anomaly_count + u.new_anomalies,
             outage_count = m.outage_count + u.new_outages,
             errors_id = u.errors_id,
             errors_since = u.errors_since,
             errors_message = u.errors_message
        FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::int[], $5::int[], $6::int[],
                    $7::int[], $8::text[], $9::timestamptz[], $10::text[])
             AS u(id, status, since, open_anomalies, open_outages, new_anomalies, new_outages,
                  errors_id, errors_since, errors_message)
       -- the ANY makes it a primary-key probe; joined to unnest alone, a generic plan scans monitors
       WHERE m.id = u.id AND m.id = ANY($1::bigint[])
      """;

  private static final String LOG_STATUS_CHANGES =
      """
      INSERT INTO events (event_id, type, monitor, time, message, ref, status, previous_status,
                          tenant)
      SELECT event_id, '%s', monitor, time, message, ref, status, previous_status, tenant
        FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[],
                    $7::text[], $8::text[])
             WITH ORDINALITY AS u(event_id, monitor, time, message, ref, status, previous_status,
                                  tenant, ord)
       ORDER BY ord
      ON CONFLICT (event_id) DO NOTHING
      """
          .formatted(EventLogRepository.STATUS_CHANGED);

  @Inject Pool pool;
  @Inject MeterRegistry registry;

  /**
   * Applies {@code events} in their order, in one transaction. Events whose id is already in the
   * log (or earlier in the batch) change nothing.
   */
  public Uni<Result> apply(List<MonitorEvent> events) {
    Map<String, MonitorEvent> unique = new LinkedHashMap<>();
    for (MonitorEvent e : events) {
      unique.putIfAbsent(e.id(), e);
    }
    if (unique.isEmpty()) {
      return Uni.createFrom().item(new Result(0, 0));
    }
    List<MonitorEvent> batch = List.copyOf(unique.values());
    long start = System.nanoTime();
    return pool.withTransaction(
            conn -> {
              long begun = System.nanoTime();
              phase("begin", start, begun);
              return conn.preparedQuery(GATE)
                  .execute(gateArgs(batch))
                  .chain(
                      rows -> {
                        long gated = System.nanoTime();
                        phase("gate", begun, gated);
                        Gate gate = Gate.of(rows, unique);
                        EventBatchPlan plan =
                            EventBatchPlan.of(
                                gate.newEvents, gate.monitors, gate.anomalies, gate.outages);
                        long planned = System.nanoTime();
                        phase("plan", gated, planned);
                        return write(conn, plan)
                            .invoke(() -> phase("write", planned, System.nanoTime()))
                            .replaceWith(
                                new Result(
                                    gate.newEvents.size(), events.size() - gate.newEvents.size()));
                      });
            })
        .invoke(() -> phase("transaction", start, System.nanoTime()));
  }

  /**
   * Time spent in one phase of a batch: begin, gate (log + monitors + known rows), plan (in
   * memory), write (the plan's statements), and the whole transaction with its commit.
   */
  private void phase(String name, long from, long to) {
    registry
        .timer("sentinel.query.events.batch.phase", "phase", name)
        .record(to - from, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /** The rows of the gate statement, sorted by kind. */
  private static final class Gate {
    final List<NewEvent> newEvents = new ArrayList<>();
    final Map<String, MonitorRow> monitors = new LinkedHashMap<>();
    final List<KnownAnomaly> anomalies = new ArrayList<>();
    final List<KnownOutage> outages = new ArrayList<>();

    static Gate of(RowSet<Row> rows, Map<String, MonitorEvent> batch) {
      Gate g = new Gate();
      Map<String, Long> seqs = new LinkedHashMap<>();
      for (Row r : rows) {
        switch (r.getString("kind")) {
          case "e" -> seqs.put(r.getString("key"), r.getLong("num"));
          case "m" ->
              g.monitors.put(
                  Tenants.key(r.getString("s4"), r.getString("key")),
                  new MonitorRow(
                      r.getLong("num"),
                      r.getString("s4"),
                      r.getString("key"),
                      MonitorStatus.fromWire(r.getString("s1")),
                      Boolean.TRUE.equals(r.getBoolean("flag")),
                      r.getString("s2"),
                      r.getOffsetDateTime("at"),
                      r.getString("s3")));
          case "a" ->
              g.anomalies.add(
                  new KnownAnomaly(
                      r.getString("key"),
                      r.getLong("num"),
                      r.getString("s1"),
                      r.getString("s2"),
                      r.getString("s3"),
                      r.getOffsetDateTime("at"),
                      Boolean.TRUE.equals(r.getBoolean("flag"))));
          case "o" ->
              g.outages.add(
                  new KnownOutage(
                      r.getString("key"),
                      r.getLong("num"),
                      r.getOffsetDateTime("at"),
                      Boolean.TRUE.equals(r.getBoolean("flag"))));
          default -> throw new IllegalStateException("unexpected row kind " + r.getString("kind"));
        }
      }
      // in batch order, which is the order of the seqs too
      for (MonitorEvent e : batch.values()) {
        Long seq = seqs.get(e.id());
        if (seq != null) {
          g.newEvents.add(new NewEvent(e, seq));
        }
      }
      return g;
    }
  }

  private static Tuple gateArgs(List<MonitorEvent> batch) {
    return Unnest.of(batch)
        .column(MonitorEvent::id, String[]::new)
        .column(e -> e.type().wire(), String[]::new)
        .column(MonitorEvent::monitor, String[]::new)
        .column(MonitorEvent::metric, String[]::new)
        .column(MonitorEvent::series, String[]::new)
        .column(e -> Times.utc(e.time()), OffsetDateTime[]::new)
        .column(MonitorEvent::score, Double[]::new)
        .column(e -> e.severity() == null ? null : e.severity().wire(), String[]::new)
        .column(MonitorEvent::value, Double[]::new)
        .column(MonitorEvent::expectedLow, Double[]::new)
        .column(MonitorEvent::expectedHigh, Double[]::new)
        .column(MonitorEvent::message, String[]::new)
        .column(MonitorEvent::ref, String[]::new)
        // only events that open a row can meet an existing one
        .arg(idsOf(batch, EventType.ANOMALY))
        .arg(idsOf(batch, EventType.OUTAGE_STARTED))
        .column(MonitorEvent::tenant, String[]::new)
        .tuple();
  }

  private static String[] idsOf(List<MonitorEvent> batch, EventType type) {
    return batch.stream()
        .filter(e -> e.type() == type)
        .map(MonitorEvent::id)
        .toArray(String[]::new);
  }

  /**
   * Sends the plan's writes together on the transaction's connection: the client pipelines them, so
   * they cost one round trip, and PostgreSQL runs them in the order sent.
   */
  private static Uni<Void> write(SqlConnection conn, EventBatchPlan plan) {
    List<Uni<RowSet<Row>>> writes = new ArrayList<>();
    if (!plan.anomalyInserts.isEmpty()) {
      writes.add(conn.preparedQuery(INSERT_ANOMALIES).execute(anomalyArgs(plan.anomalyInserts)));
    }
    if (!plan.anomalyClosures.isEmpty()) {
      writes.add(conn.preparedQuery(CLOSE_ANOMALIES).execute(closureArgs(plan.anomalyClosures)));
    }
    if (!plan.outageInserts.isEmpty()) {
      writes.add(conn.preparedQuery(INSERT_OUTAGES).execute(outageArgs(plan.outageInserts)));
    }
    if (!plan.outageClosures.isEmpty()) {
      writes.add(conn.preparedQuery(CLOSE_OUTAGES).execute(closureArgs(plan.outageClosures)));
    }
    if (!plan.suppressedSeqs.isEmpty()) {
      writes.add(
          conn.preparedQuery(MARK_SUPPRESSED)
              .execute(Tuple.of(plan.suppressedSeqs.toArray(Long[]::new))));
    }
    if (!plan.statusUpdates.isEmpty()) {
      writes.add(conn.preparedQuery(SAVE_STATUSES).execute(statusArgs(plan.statusUpdates)));
    }
    if (!plan.statusChanges.isEmpty()) {
      writes.add(conn.preparedQuery(LOG_STATUS_CHANGES).execute(changeArgs(plan.statusChanges)));
    }
    // the events to notify about go in the outbox in this same transaction (issue 16)
    Uni<RowSet<Row>> outbox =
        NotificationOutbox.enqueue(
            conn,
            plan.statusChanges.stream().map(c -> c.causeId() + "/status").toList(),
            plan.suppressedSeqs);
    if (outbox != null) {
      writes.add(outbox);
    }
    if (writes.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return Uni.join().all(writes).andFailFast().replaceWithVoid();
  }

  private static Tuple anomalyArgs(List<AnomalyInsert> rows) {
    return Unnest.of(rows)
        .column(a -> a.event().id(), String[]::new)
        .column(AnomalyInsert::monitorId, Long[]::new)
        .column(a -> a.event().monitor(), String[]::new)
        .column(a -> a.event().metric(), String[]::new)
        .column(a -> a.event().series(), String[]::new)
        .column(a -> Times.utc(a.event().time()), OffsetDateTime[]::new)
        .column(AnomalyInsert::endedAt, OffsetDateTime[]::new)
        .column(a -> a.event().score(), Double[]::new)
        .column(
            a -> a.event().severity() == null ? null : a.event().severity().wire(), String[]::new)
        .column(a -> a.event().value(), Double[]::new)
        .column(a -> a.event().expectedLow(), Double[]::new)
        .column(a -> a.event().expectedHigh(), Double[]::new)
        .column(a -> a.event().message(), String[]::new)
        .column(AnomalyInsert::suppressed, Boolean[]::new)
        .column(a -> a.event().tenant(), String[]::new)
        .tuple();
  }

  private static Tuple outageArgs(List<OutageInsert> rows) {
    return Unnest.of(rows)
        .column(o -> o.event().id(), String[]::new)
        .column(OutageInsert::monitorId, Long[]::new)
        .column(o -> o.event().monitor(), String[]::new)
        .column(o -> Times.utc(o.event().time()), OffsetDateTime[]::new)
        .column(OutageInsert::endedAt, OffsetDateTime[]::new)
        .column(o -> o.event().message(), String[]::new)
        .column(o -> o.event().tenant(), String[]::new)
        .tuple();
  }

  private static Tuple closureArgs(List<Closure> rows) {
    return Unnest.of(rows)
        .column(Closure::id, String[]::new)
        .column(Closure::endedAt, OffsetDateTime[]::new)
        .tuple();
  }

  private static Tuple statusArgs(List<StatusUpdate> rows) {
    return Unnest.of(rows)
        .column(StatusUpdate::id, Long[]::new)
        .column(s -> s.status().wire(), String[]::new)
        .column(StatusUpdate::since, OffsetDateTime[]::new)
        .column(StatusUpdate::openAnomalies, Integer[]::new)
        .column(StatusUpdate::openOutages, Integer[]::new)
        .column(StatusUpdate::newAnomalies, Integer[]::new)
        .column(StatusUpdate::newOutages, Integer[]::new)
        .column(StatusUpdate::errorsId, String[]::new)
        .column(StatusUpdate::errorsSince, OffsetDateTime[]::new)
        .column(StatusUpdate::errorsMessage, String[]::new)
        .tuple();
  }

  private static Tuple changeArgs(List<StatusChange> rows) {
    // the id is derived from the cause's id: a replay of the cause can never log the change twice
    return Unnest.of(rows)
        .column(c -> c.causeId() + "/status", String[]::new)
        .column(StatusChange::monitor, String[]::new)
        .column(StatusChange::time, OffsetDateTime[]::new)
        .column(StatusChange::message, String[]::new)
        .column(StatusChange::causeId, String[]::new)
        .column(c -> c.current().wire(), String[]::new)
        .column(c -> c.previous().wire(), String[]::new)
        .column(StatusChange::tenant, String[]::new)
        .tuple();
  }
}
