package io.sentinel.query.materialize;

import io.sentinel.contract.Json;
import io.sentinel.contract.Rollup;
import io.sentinel.query.Times;
import io.sentinel.query.config.QueryConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Stores a batch of per-minute rollups in one transaction, three statements sent together
 * (pipelined, so about one round trip besides BEGIN and COMMIT): the minutes (the last rollup of a
 * series' minute wins), the hourly aggregates of the hours they touch (each recomputed once from
 * its minutes, so a replaced minute never counts twice), and the monitors (last update, tags) with
 * the series catalog. Idempotent: every write is an upsert whose replay changes nothing.
 */
@ApplicationScoped
public class RollupBatchProcessor {
  private static final String UPSERT_MINUTES =
      """
      INSERT INTO rollups (series, monitor, metric, labels, minute, count, min, max, mean, last,
                           last_timestamp, expected_low, expected_high, max_score, tenant)
      SELECT series, monitor, metric, labels::jsonb, minute, count, min, max, mean, last,
             last_timestamp, expected_low, expected_high, max_score, tenant
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::bigint[],
                    $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::timestamptz[],
                    $12::float8[], $13::float8[], $14::float8[], $15::text[])
             AS u(series, monitor, metric, labels, minute, count, min, max, mean, last,
                  last_timestamp, expected_low, expected_high, max_score, tenant)
       ORDER BY series, minute
      ON CONFLICT (series, minute) DO UPDATE
         SET monitor = EXCLUDED.monitor, metric = EXCLUDED.metric, labels = EXCLUDED.labels,
             count = EXCLUDED.count, min = EXCLUDED.min, max = EXCLUDED.max,
             mean = EXCLUDED.mean, last = EXCLUDED.last, last_timestamp = EXCLUDED.last_timestamp,
             expected_low = EXCLUDED.expected_low, expected_high = EXCLUDED.expected_high,
             max_score = EXCLUDED.max_score
      """;

  private static final String UPSERT_HOURS =
      """
      INSERT INTO rollups_hourly (series, hour, count, min, max, sum, last, last_minute,
                                  expected_low, expected_high, max_score)
      SELECT r.series, t.hour, sum(r.count), min(r.min), max(r.max), sum(r.mean * r.count),
             (array_agg(r.last ORDER BY r.minute DESC))[1], max(r.minute), min(r.expected_low),
             max(r.expected_high), max(r.max_score)
        FROM unnest($1::text[], $2::timestamptz[]) AS t(series, hour)
        JOIN rollups r ON r.series = t.series AND r.minute >= t.hour
                      AND r.minute < t.hour + interval '1 hour'
       GROUP BY r.series, t.hour
       ORDER BY r.series, t.hour
      ON CONFLICT (series, hour) DO UPDATE
         SET count = EXCLUDED.count, min = EXCLUDED.min, max = EXCLUDED.max, sum = EXCLUDED.sum,
             last = EXCLUDED.last, last_minute = EXCLUDED.last_minute,
             expected_low = EXCLUDED.expected_low, expected_high = EXCLUDED.expected_high,
             max_score = EXCLUDED.max_score
      """;

  /**
   * Monitors first (the known ones updated, row-locked in name order as on the event path; only the
   * new ones inserted, so the sequence is not burned by monitors that exist), then the series
   * catalog joined to the monitors' ids, in one statement.
   */
  private static final String UPSERT_MONITORS_AND_SERIES =
      """
      WITH n AS (
        SELECT tenant, name, first_seen, last_updated, string_to_array(tags, chr(31)) AS tags
          FROM unnest($16::text[], $1::text[], $2::timestamptz[], $3::timestamptz[], $4::text[])
               AS u(tenant, name, first_seen, last_updated, tags)
      ), l AS MATERIALIZED (
        -- the known monitors, row-locked in (tenant, name) order
        SELECT id FROM monitors WHERE (tenant, name) IN (SELECT tenant, name FROM n)
         ORDER BY tenant, name FOR UPDATE
      ), u AS (
        UPDATE monitors mo
           SET last_updated = GREATEST(mo.last_updated, n.last_updated),
               first_seen = LEAST(mo.first_seen, n.first_seen),
               tags = ARRAY(SELECT DISTINCT t FROM unnest(mo.tags || n.tags) AS t
                             WHERE split_part(t, '=', 1) = ANY($15::text[]) ORDER BY t)
          FROM l, n
         WHERE mo.id = l.id AND mo.tenant = n.tenant AND mo.name = n.name
        RETURNING mo.id, mo.tenant, mo.name
      ), i AS (
        -- only the monitors not there yet take an id from the sequence (a conflict is left to a
        -- monitor another transaction created meanwhile)
        INSERT INTO monitors (tenant, name, status, first_seen, last_updated, status_since, tags)
        SELECT tenant, name, 'up', first_seen, last_updated, first_seen, tags FROM n
         WHERE NOT EXISTS (SELECT 1 FROM monitors mo WHERE mo.tenant = n.tenant AND mo.name = n.name)
         ORDER BY tenant, name
        ON CONFLICT (tenant, name) DO UPDATE
           SET last_updated = GREATEST(monitors.last_updated, EXCLUDED.last_updated),
               first_seen = LEAST(monitors.first_seen, EXCLUDED.first_seen),
               tags = ARRAY(SELECT DISTINCT t FROM unnest(monitors.tags || EXCLUDED.tags) AS t
                             WHERE split_part(t, '=', 1) = ANY($15::text[]) ORDER BY t)
        RETURNING id, tenant, name
      ), m AS (
        SELECT id, tenant, name FROM u UNION ALL SELECT id, tenant, name FROM i
      )
      INSERT INTO series (series, monitor_id, monitor, metric, labels, first_minute, last_minute,
                          last, expected_low, expected_high, max_score, tenant)
      SELECT s.series, m.id, s.monitor, s.metric, s.labels::jsonb, s.first_minute, s.last_minute,
             s.last, s.expected_low, s.expected_high, s.max_score, s.tenant
        FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[],
                    $10::timestamptz[], $11::float8[], $12::float8[], $13::float8[], $14::float8[],
                    $17::text[])
             AS s(series, monitor, metric, labels, first_minute, last_minute, last, expected_low,
                  expected_high, max_score, tenant)
        JOIN m ON m.tenant = s.tenant AND m.name = s.monitor
       ORDER BY s.series
      ON CONFLICT (series) DO UPDATE
         SET first_minute = LEAST(series.first_minute, EXCLUDED.first_minute),
             last_minute = GREATEST(series.last_minute, EXCLUDED.last_minute),
             labels = EXCLUDED.labels, metric = EXCLUDED.metric,
             last = CASE WHEN EXCLUDED.last_minute >= series.last_minute THEN EXCLUDED.last
                         ELSE series.last END,
             expected_low = CASE WHEN EXCLUDED.last_minute >= series.last_minute
                                 THEN EXCLUDED.expected_low ELSE series.expected_low END,
             expected_high = CASE WHEN EXCLUDED.last_minute >= series.last_minute
                                  THEN EXCLUDED.expected_high ELSE series.expected_high END,
             max_score = CASE WHEN EXCLUDED.last_minute >= series.last_minute
                              THEN EXCLUDED.max_score ELSE series.max_score END
      """;

  @Inject Pool pool;

  @Inject QueryConfig config;

  /**
   * Stores {@code rollups} (in consumption order: a later rollup of a minute replaces an earlier).
   */
  public Uni<Integer> apply(List<Rollup> rollups) {
    if (rollups.isEmpty()) {
      return Uni.createFrom().item(0);
    }
    // one row per (series, minute), the last received; ON CONFLICT DO UPDATE cannot touch a row
    // twice
    Map<String, Rollup> minutes = new LinkedHashMap<>();
    Map<String, Long> hours = new TreeMap<>();
    Map<String, MonitorAcc> monitors = new TreeMap<>();
    Map<String, SeriesAcc> series = new TreeMap<>();
    Set<String> tagLabels = config.monitorTagLabels();
    for (Rollup r : rollups) {
      minutes.put(r.series() + '\u0000' + r.minute(), r);
      long hour = r.minute() - Math.floorMod(r.minute(), 3_600_000L);
      hours.put(r.series() + '\u0000' + hour, hour);
      monitors
          .computeIfAbsent(r.tenant() + '\u0000' + r.monitor(), k -> new MonitorAcc())
          .add(r, tagLabels);
      series.computeIfAbsent(r.series(), k -> new SeriesAcc()).add(r);
    }
    Tuple minuteArgs = minuteArgs(List.copyOf(minutes.values()));
    Tuple hourArgs = hourArgs(hours);
    Tuple catalogArgs =
        catalogArgs(monitors, series)
            .addValue(tagLabels.toArray(String[]::new))
            .addValue(
                monitors.keySet().stream()
                    .map(k -> k.substring(0, k.indexOf('\u0000')))
                    .toArray(String[]::new))
            .addValue(series.values().stream().map(a -> a.latest.tenant()).toArray(String[]::new));
    return pool.withTransaction(
        conn ->
            Uni.join()
                .all(
                    conn.preparedQuery(UPSERT_MINUTES).execute(minuteArgs),
                    conn.preparedQuery(UPSERT_HOURS).execute(hourArgs),
                    conn.preparedQuery(UPSERT_MONITORS_AND_SERIES).execute(catalogArgs))
                .andFailFast()
                .replaceWith(minutes.size()));
  }

  /**
   * A monitor's rollups in the batch: seen from, seen to, and the union of their identifying tags.
   */
  private static final class MonitorAcc {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    final TreeSet<String> tags = new TreeSet<>();

    void add(Rollup r, Set<String> tagLabels) {
      first = Math.min(first, r.lastTimestamp());
      last = Math.max(last, r.lastTimestamp());
      tags.addAll(tagsOf(r, tagLabels));
    }
  }

  /**
   * A series' rollups in the batch: its first minute, and the latest rollup of its latest minute
   * (whose values the catalog keeps); metric and labels from the last one received.
   */
  private static final class SeriesAcc {
    long firstMinute = Long.MAX_VALUE;
    Rollup latest;
    Rollup lastReceived;

    void add(Rollup r) {
      firstMinute = Math.min(firstMinute, r.minute());
      if (latest == null || r.minute() >= latest.minute()) {
        latest = r;
      }
      lastReceived = r;
    }
  }

  private static String labels(Rollup r) {
    return new String(
        Json.write(r.labels() == null ? Map.of() : r.labels()), StandardCharsets.UTF_8);
  }

  private static Tuple minuteArgs(List<Rollup> rows) {
    int n = rows.size();
    String[] series = new String[n];
    String[] monitor = new String[n];
    String[] metric = new String[n];
    String[] labels = new String[n];
    OffsetDateTime[] minute = new OffsetDateTime[n];
    Long[] count = new Long[n];
    Double[] min = new Double[n];
    Double[] max = new Double[n];
    Double[] mean = new Double[n];
    Double[] last = new Double[n];
    OffsetDateTime[] lastTimestamp = new OffsetDateTime[n];
    Double[] low = new Double[n];
    Double[] high = new Double[n];
    Double[] score = new Double[n];
    String[] tenant = new String[n];
    for (int i = 0; i < n; i++) {
      Rollup r = rows.get(i);
      tenant[i] = r.tenant();
      series[i] = r.series();
      monitor[i] = r.monitor();
      metric[i] = r.metric();
      labels[i] = labels(r);
      minute[i] = Times.utc(r.minute());
      count[i] = r.count();
      min[i] = r.min();
      max[i] = r.max();
      mean[i] = r.mean();
      last[i] = r.last();
      lastTimestamp[i] = Times.utc(r.lastTimestamp());
      low[i] = r.expectedLow();
      high[i] = r.expectedHigh();
      score[i] = r.maxScore();
    }
    return Tuple.tuple()
        .addValue(series)
        .addValue(monitor)
        .addValue(metric)
        .addValue(labels)
        .addValue(minute)
        .addValue(count)
        .addValue(min)
        .addValue(max)
        .addValue(mean)
        .addValue(last)
        .addValue(lastTimestamp)
        .addValue(low)
        .addValue(high)
        .addValue(score)
        .addValue(tenant);
  }

  private static Tuple hourArgs(Map<String, Long> hours) {
    List<String> series = new ArrayList<>(hours.size());
    List<OffsetDateTime> starts = new ArrayList<>(hours.size());
    for (Map.Entry<String, Long> h : hours.entrySet()) {
      series.add(h.getKey().substring(0, h.getKey().indexOf('\u0000')));
      starts.add(Times.utc(h.getValue()));
    }
    return Tuple.of(series.toArray(String[]::new), starts.toArray(OffsetDateTime[]::new));
  }

  private static Tuple catalogArgs(
      Map<String, MonitorAcc> monitors, Map<String, SeriesAcc> series) {
    List<String> names = new ArrayList<>();
    List<OffsetDateTime> first = new ArrayList<>();
    List<OffsetDateTime> last = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    for (Map.Entry<String, MonitorAcc> m : monitors.entrySet()) {
      names.add(m.getKey().substring(m.getKey().indexOf('\u0000') + 1));
      first.add(Times.utc(m.getValue().first));
      last.add(Times.utc(m.getValue().last));
      tags.add(String.join("\u001f", m.getValue().tags));
    }
    int n = series.size();
    String[] id = new String[n];
    String[] monitor = new String[n];
    String[] metric = new String[n];
    String[] labels = new String[n];
    OffsetDateTime[] firstMinute = new OffsetDateTime[n];
    OffsetDateTime[] lastMinute = new OffsetDateTime[n];
    Double[] lastValue = new Double[n];
    Double[] low = new Double[n];
    Double[] high = new Double[n];
    Double[] score = new Double[n];
    int i = 0;
    for (Map.Entry<String, SeriesAcc> e : series.entrySet()) {
      SeriesAcc s = e.getValue();
      id[i] = e.getKey();
      monitor[i] = s.latest.monitor();
      metric[i] = s.lastReceived.metric();
      labels[i] = labels(s.lastReceived);
      firstMinute[i] = Times.utc(s.firstMinute);
      lastMinute[i] = Times.utc(s.latest.minute());
      lastValue[i] = s.latest.last();
      low[i] = s.latest.expectedLow();
      high[i] = s.latest.expectedHigh();
      score[i] = s.latest.maxScore();
      i++;
    }
    return Tuple.tuple()
        .addValue(names.toArray(String[]::new))
        .addValue(first.toArray(OffsetDateTime[]::new))
        .addValue(last.toArray(OffsetDateTime[]::new))
        .addValue(tags.toArray(String[]::new))
        .addValue(id)
        .addValue(monitor)
        .addValue(metric)
        .addValue(labels)
        .addValue(firstMinute)
        .addValue(lastMinute)
        .addValue(lastValue)
        .addValue(low)
        .addValue(high)
        .addValue(score);
  }

  /**
   * The identifying labels of a rollup (those whose name is in {@code names}) as monitor tags,
   * "key=value", sorted. Per-series labels (device, cpu, address...) are left out.
   */
  static List<String> tagsOf(Rollup r, Set<String> names) {
    if (r.labels() == null || r.labels().isEmpty()) {
      return List.of();
    }
    return r.labels().entrySet().stream()
        .filter(e -> names.contains(e.getKey()))
        .map(e -> e.getKey() + "=" + e.getValue())
        .map(t -> t.replace('\u001f', ' '))
        .sorted()
        .toList();
  }
}
