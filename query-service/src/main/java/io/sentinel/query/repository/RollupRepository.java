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
