package io.sentinel.query.monitors;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sentinel.query.sql.Rows;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.Map;

/**
 * One series of a monitor, from the latest rollup received for it.
 *
 * @param series the series id
 * @param metric the metric name
 * @param labels the series labels
 * @param firstMinute the first minute with data
 * @param lastMinute the latest minute with data
 * @param last the latest value
 * @param expectedLow lower edge of the latest expected band, absent during warm-up
 * @param expectedHigh upper edge of the latest expected band, absent during warm-up
 * @param maxScore highest anomaly score of the latest minute
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SeriesInfo(
    String series,
    String metric,
    Map<String, Object> labels,
    Instant firstMinute,
    Instant lastMinute,
    Double last,
    Double expectedLow,
    Double expectedHigh,
    Double maxScore) {

  public static final String COLUMNS =
      "series, metric, labels, first_minute, last_minute, last, expected_low, expected_high,"
          + " max_score";

  public static SeriesInfo of(Row r) {
    return new SeriesInfo(
        r.getString("series"),
        r.getString("metric"),
        Rows.labels(r, "labels"),
        Rows.instant(r, "first_minute"),
        Rows.instant(r, "last_minute"),
        r.getDouble("last"),
        r.getDouble("expected_low"),
        r.getDouble("expected_high"),
        r.getDouble("max_score"));
  }
}
