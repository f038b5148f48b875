package io.sentinel.query.materialize;

import io.sentinel.contract.Json;
import io.sentinel.contract.Rollup;
import io.sentinel.query.Times;
import io.sentinel.query.config.QueryConfig;
import io.sentinel.query.sql.Unnest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
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
      ), """
          + MonitorUpsert.ctes("id, tenant, name", "$15::text[]")
          + """
      , m AS (
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
    return Unnest.of(rows)
        .column(Rollup::series, String[]::new)
        .column(Rollup::monitor, String[]::new)
        .column(Rollup::metric, String[]::new)
        .column(RollupBatchProcessor::labels, String[]::new)
        .column(r -> Times.utc(r.minute()), OffsetDateTime[]::new)
        .column(Rollup::count, Long[]::new)
        .column(Rollup::min, Double[]::new)
        .column(Rollup::max, Double[]::new)
        .column(Rollup::mean, Double[]::new)
        .column(Rollup::last, Double[]::new)
        .column(r -> Times.utc(r.lastTimestamp()), OffsetDateTime[]::new)
        .column(Rollup::expectedLow, Double[]::new)
        .column(Rollup::expectedHigh, Double[]::new)
        .column(Rollup::maxScore, Double[]::new)
        .column(Rollup::tenant, String[]::new)
        .tuple();
  }

  private static Tuple hourArgs(Map<String, Long> hours) {
    return Unnest.of(List.copyOf(hours.entrySet()))
        .column(h -> h.getKey().substring(0, h.getKey().indexOf('\u0000')), String[]::new)
        .column(h -> Times.utc(h.getValue()), OffsetDateTime[]::new)
        .tuple();
  }

  private static Tuple catalogArgs(
      Map<String, MonitorAcc> monitors, Map<String, SeriesAcc> series) {
    return Unnest.of(List.copyOf(monitors.entrySet()))
        .column(m -> m.getKey().substring(m.getKey().indexOf('\u0000') + 1), String[]::new)
        .column(m -> Times.utc(m.getValue().first), OffsetDateTime[]::new)
        .column(m -> Times.utc(m.getValue().last), OffsetDateTime[]::new)
        .column(m -> String.join("\u001f", m.getValue().tags), String[]::new)
        .then(List.copyOf(series.entrySet()))
        .column(Map.Entry::getKey, String[]::new)
        .column(e -> e.getValue().latest.monitor(), String[]::new)
        .column(e -> e.getValue().lastReceived.metric(), String[]::new)
        .column(e -> labels(e.getValue().lastReceived), String[]::new)
        .column(e -> Times.utc(e.getValue().firstMinute), OffsetDateTime[]::new)
        .column(e -> Times.utc(e.getValue().latest.minute()), OffsetDateTime[]::new)
        .column(e -> e.getValue().latest.last(), Double[]::new)
        .column(e -> e.getValue().latest.expectedLow(), Double[]::new)
        .column(e -> e.getValue().latest.expectedHigh(), Double[]::new)
        .column(e -> e.getValue().latest.maxScore(), Double[]::new)
        .tuple();
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
