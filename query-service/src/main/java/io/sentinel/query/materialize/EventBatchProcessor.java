package io.sentinel.query.materialize;

import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.function.Function;

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
      ), l AS MATERIALIZED (
        -- the known monitors, row-locked in (tenant, name) order
        SELECT id FROM monitors WHERE (tenant, name) IN (SELECT tenant, name FROM n)
         ORDER BY tenant, name FOR UPDATE
      ), u AS (
        UPDATE monitors mo
           SET last_updated = GREATEST(mo.last_updated, n.last_updated),
               first_seen = LEAST(mo.first_seen, n.first_seen)
          FROM l, n
         WHERE mo.id = l.id AND mo.tenant = n.tenant AND mo.name = n.name
        RETURNING mo.id, mo.tenant, mo.name, mo.status, mo.in_maintenance, mo.errors_id,
                  mo.errors_since, mo.errors_message
      ), i AS (
        -- only the monitors not there yet take an id from the sequence (a conflict is left to a
        -- monitor another transaction created meanwhile)
        INSERT INTO monitors (tenant, name, status, first_seen, last_updated, status_since)
        SELECT tenant, name, 'up', first_seen, last_updated, first_seen FROM n
         WHERE NOT EXISTS (SELECT 1 FROM monitors mo WHERE mo.tenant = n.tenant AND mo.name = n.name)
         ORDER BY tenant, name
        ON CONFLICT (tenant, name) DO UPDATE
           SET last_updated = GREATEST(monitors.last_updated, EXCLUDED.last_updated),
               first_seen = LEAST(monitors.first_seen, EXCLUDED.first_seen)
        RETURNING id, tenant, name, status, in_maintenance, errors_id, errors_since, errors_message
      ), m AS (
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

  private static final String CLOSE_ANOMALIES =
      """
      UPDATE anomalies a SET ended_at = GREATEST(a.started_at, u.ended_at)
        FROM unnest($1::text[], $2::timestamptz[]) AS u(id, ended_at)
       WHERE a.id = u.id AND a.ended_at IS NULL
      """;

  private static final String INSERT_OUTAGES =
      """
      INSERT INTO outages (id, monitor_id, monitor, started_at, ended_at, cause, tenant)
      SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::timestamptz[],
                           $5::timestamptz[], $6::text[], $7::text[])
      ON CONFLICT (id) DO NOTHING
      """;

  private static final String CLOSE_OUTAGES =
      """
      UPDATE outages o SET ended_at = GREATEST(o.started_at, u.ended_at)
        FROM unnest($1::text[], $2::timestamptz[]) AS u(id, ended_at)
       WHERE o.id = u.id AND o.ended_at IS NULL
      """;

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
    int n = batch.size();
    String[] id = new String[n];
    String[] type = new String[n];
    String[] monitor = new String[n];
    String[] metric = new String[n];
    String[] series = new String[n];
    OffsetDateTime[] time = new OffsetDateTime[n];
    Double[] score = new Double[n];
    String[] severity = new String[n];
    Double[] value = new Double[n];
    Double[] low = new Double[n];
    Double[] high = new Double[n];
    String[] message = new String[n];
    String[] ref = new String[n];
    String[] tenant = new String[n];
    List<String> anomalyIds = new ArrayList<>();
    List<String> outageIds = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      MonitorEvent e = batch.get(i);
      id[i] = e.id();
      type[i] = e.type().wire();
      monitor[i] = e.monitor();
      metric[i] = e.metric();
      series[i] = e.series();
      time[i] = Times.utc(e.time());
      score[i] = e.score();
      severity[i] = e.severity() == null ? null : e.severity().wire();
      value[i] = e.value();
      low[i] = e.expectedLow();
      high[i] = e.expectedHigh();
      message[i] = e.message();
      ref[i] = e.ref();
      tenant[i] = e.tenant();
      switch (e.type()) {
        case ANOMALY -> anomalyIds.add(e.id());
        case OUTAGE_STARTED -> outageIds.add(e.id());
        default -> {
          // only events that open a row can meet an existing one
        }
      }
    }
    return Tuple.tuple()
        .addValue(id)
        .addValue(type)
        .addValue(monitor)
        .addValue(metric)
        .addValue(series)
        .addValue(time)
        .addValue(score)
        .addValue(severity)
        .addValue(value)
        .addValue(low)
        .addValue(high)
        .addValue(message)
        .addValue(ref)
        .addValue(anomalyIds.toArray(String[]::new))
        .addValue(outageIds.toArray(String[]::new))
        .addValue(tenant);
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
    return Tuple.tuple()
        .addValue(column(rows, a -> a.event().id(), String[]::new))
        .addValue(column(rows, AnomalyInsert::monitorId, Long[]::new))
        .addValue(column(rows, a -> a.event().monitor(), String[]::new))
        .addValue(column(rows, a -> a.event().metric(), String[]::new))
        .addValue(column(rows, a -> a.event().series(), String[]::new))
        .addValue(column(rows, a -> Times.utc(a.event().time()), OffsetDateTime[]::new))
        .addValue(column(rows, AnomalyInsert::endedAt, OffsetDateTime[]::new))
        .addValue(column(rows, a -> a.event().score(), Double[]::new))
        .addValue(
            column(
                rows,
                a -> a.event().severity() == null ? null : a.event().severity().wire(),
                String[]::new))
        .addValue(column(rows, a -> a.event().value(), Double[]::new))
        .addValue(column(rows, a -> a.event().expectedLow(), Double[]::new))
        .addValue(column(rows, a -> a.event().expectedHigh(), Double[]::new))
        .addValue(column(rows, a -> a.event().message(), String[]::new))
        .addValue(column(rows, AnomalyInsert::suppressed, Boolean[]::new))
        .addValue(column(rows, a -> a.event().tenant(), String[]::new));
  }

  private static Tuple outageArgs(List<OutageInsert> rows) {
    return Tuple.tuple()
        .addValue(column(rows, o -> o.event().id(), String[]::new))
        .addValue(column(rows, OutageInsert::monitorId, Long[]::new))
        .addValue(column(rows, o -> o.event().monitor(), String[]::new))
        .addValue(column(rows, o -> Times.utc(o.event().time()), OffsetDateTime[]::new))
        .addValue(column(rows, OutageInsert::endedAt, OffsetDateTime[]::new))
        .addValue(column(rows, o -> o.event().message(), String[]::new))
        .addValue(column(rows, o -> o.event().tenant(), String[]::new));
  }

  private static Tuple closureArgs(List<Closure> rows) {
    return Tuple.of(
        column(rows, Closure::id, String[]::new),
        column(rows, Closure::endedAt, OffsetDateTime[]::new));
  }

  private static Tuple statusArgs(List<StatusUpdate> rows) {
    return Tuple.tuple()
        .addValue(column(rows, StatusUpdate::id, Long[]::new))
        .addValue(column(rows, s -> s.status().wire(), String[]::new))
        .addValue(column(rows, StatusUpdate::since, OffsetDateTime[]::new))
        .addValue(column(rows, StatusUpdate::openAnomalies, Integer[]::new))
        .addValue(column(rows, StatusUpdate::openOutages, Integer[]::new))
        .addValue(column(rows, StatusUpdate::newAnomalies, Integer[]::new))
        .addValue(column(rows, StatusUpdate::newOutages, Integer[]::new))
        .addValue(column(rows, StatusUpdate::errorsId, String[]::new))
        .addValue(column(rows, StatusUpdate::errorsSince, OffsetDateTime[]::new))
        .addValue(column(rows, StatusUpdate::errorsMessage, String[]::new));
  }

  private static Tuple changeArgs(List<StatusChange> rows) {
    // the id is derived from the cause's id: a replay of the cause can never log the change twice
    return Tuple.tuple()
        .addValue(column(rows, c -> c.causeId() + "/status", String[]::new))
        .addValue(column(rows, StatusChange::monitor, String[]::new))
        .addValue(column(rows, StatusChange::time, OffsetDateTime[]::new))
        .addValue(column(rows, StatusChange::message, String[]::new))
        .addValue(column(rows, StatusChange::causeId, String[]::new))
        .addValue(column(rows, c -> c.current().wire(), String[]::new))
        .addValue(column(rows, c -> c.previous().wire(), String[]::new))
        .addValue(column(rows, StatusChange::tenant, String[]::new));
  }

  private static <R, T> T[] column(
      List<R> rows, Function<R, T> f, java.util.function.IntFunction<T[]> array) {
    T[] out = array.apply(rows.size());
    for (int i = 0; i < out.length; i++) {
      out[i] = f.apply(rows.get(i));
    }
    return out;
  }
}
