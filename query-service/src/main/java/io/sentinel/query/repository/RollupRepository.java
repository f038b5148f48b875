package io.sentinel.query.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.sentinel.contract.Json;
import io.sentinel.contract.Rollup;
import io.sentinel.query.RollupMinute;
import io.sentinel.query.Times;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Per-minute rollups: upserted by (series, minute), the last one received wins. */
@ApplicationScoped
public class RollupRepository implements PanacheRepositoryBase<RollupMinute, RollupMinute.Key> {
  private static final String UPSERT =
      """
      INSERT INTO rollups (series, monitor, metric, labels, minute, count, min, max, mean, last,
                           last_timestamp, expected_low, expected_high, max_score)
      VALUES (:series, :monitor, :metric, CAST(:labels AS jsonb), CAST(:minute AS timestamptz),
              :count, :min, :max, :mean, :last, CAST(:lastTimestamp AS timestamptz),
              CAST(:expectedLow AS double precision), CAST(:expectedHigh AS double precision),
              :maxScore)
      ON CONFLICT (series, minute) DO UPDATE
         SET monitor = EXCLUDED.monitor, metric = EXCLUDED.metric, labels = EXCLUDED.labels,
             count = EXCLUDED.count, min = EXCLUDED.min, max = EXCLUDED.max,
             mean = EXCLUDED.mean, last = EXCLUDED.last, last_timestamp = EXCLUDED.last_timestamp,
             expected_low = EXCLUDED.expected_low, expected_high = EXCLUDED.expected_high,
             max_score = EXCLUDED.max_score
      """;

  private static final String UPSERT_SERIES =
      """
      INSERT INTO series (series, monitor_id, monitor, metric, labels, first_minute, last_minute,
                          last, expected_low, expected_high, max_score)
      VALUES (:series, :monitorId, :monitor, :metric, CAST(:labels AS jsonb),
              CAST(:minute AS timestamptz), CAST(:minute AS timestamptz), :last,
              CAST(:expectedLow AS double precision), CAST(:expectedHigh AS double precision),
              :maxScore)
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

  private static final String UPSERT_HOUR =
      """
      INSERT INTO rollups_hourly (series, hour, count, min, max, sum, last, last_minute,
                                  expected_low, expected_high, max_score)
      SELECT series, CAST(:hour AS timestamptz), sum(count), min(min), max(max), sum(mean * count),
             (array_agg(last ORDER BY minute DESC))[1], max(minute), min(expected_low),
             max(expected_high), max(max_score)
        FROM rollups
       WHERE series = :series AND minute >= CAST(:hour AS timestamptz)
         AND minute < CAST(:hour AS timestamptz) + interval '1 hour'
       GROUP BY series
      ON CONFLICT (series, hour) DO UPDATE
         SET count = EXCLUDED.count, min = EXCLUDED.min, max = EXCLUDED.max, sum = EXCLUDED.sum,
             last = EXCLUDED.last, last_minute = EXCLUDED.last_minute,
             expected_low = EXCLUDED.expected_low, expected_high = EXCLUDED.expected_high,
             max_score = EXCLUDED.max_score
      """;

  /**
   * Recomputes the hourly aggregate of the rollup's hour from its minutes (after the minute's
   * upsert, in the same transaction), so a redelivered or replaced minute is never counted twice.
   */
  public Uni<Integer> upsertHour(Rollup r) {
    long hour = r.minute() - Math.floorMod(r.minute(), 3_600_000L);
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(UPSERT_HOUR)
                    .setParameter("series", r.series())
                    .setParameter("hour", Times.utc(hour))
                    .executeUpdate());
  }

  /** Keeps the series catalog (what a monitor measures, latest values) current. */
  public Uni<Integer> upsertSeries(long monitorId, Rollup r) {
    Map<String, String> labels = r.labels() == null ? Map.of() : r.labels();
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(UPSERT_SERIES)
                    .setParameter("series", r.series())
                    .setParameter("monitorId", monitorId)
                    .setParameter("monitor", r.monitor())
                    .setParameter("metric", r.metric())
                    .setParameter("labels", new String(Json.write(labels), StandardCharsets.UTF_8))
                    .setParameter("minute", Times.utc(r.minute()))
                    .setParameter("last", r.last())
                    .setParameter("expectedLow", r.expectedLow())
                    .setParameter("expectedHigh", r.expectedHigh())
                    .setParameter("maxScore", r.maxScore())
                    .executeUpdate());
  }

  /** The labels of a rollup as monitor tags, "key=value", sorted. */
  public static List<String> tagsOf(Rollup r) {
    if (r.labels() == null || r.labels().isEmpty()) {
      return List.of();
    }
    return r.labels().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .map(t -> t.replace('\u001f', ' '))
        .sorted()
        .toList();
  }

  public Uni<Integer> upsert(Rollup r) {
    Map<String, String> labels = r.labels() == null ? Map.of() : r.labels();
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(UPSERT)
                    .setParameter("series", r.series())
                    .setParameter("monitor", r.monitor())
                    .setParameter("metric", r.metric())
                    .setParameter("labels", new String(Json.write(labels), StandardCharsets.UTF_8))
                    .setParameter("minute", Times.utc(r.minute()))
                    .setParameter("count", r.count())
                    .setParameter("min", r.min())
                    .setParameter("max", r.max())
                    .setParameter("mean", r.mean())
                    .setParameter("last", r.last())
                    .setParameter("lastTimestamp", Times.utc(r.lastTimestamp()))
                    .setParameter("expectedLow", r.expectedLow())
                    .setParameter("expectedHigh", r.expectedHigh())
                    .setParameter("maxScore", r.maxScore())
                    .executeUpdate());
  }
}
