package io.sentinel.query.monitors;

import java.time.Instant;
import java.util.List;

/**
 * Recent history of one metric per monitor, for the small charts of the monitor list: many monitors
 * in one request.
 *
 * @param from start of the first point's bucket
 * @param to end of the last point's bucket (exclusive)
 * @param stepSeconds bucket width
 * @param items one line per monitor that has data of the chosen metric
 */
public record Sparklines(Instant from, Instant to, long stepSeconds, List<Line> items) {

  /**
   * One monitor's sparkline.
   *
   * @param monitorId the monitor's id
   * @param series the series drawn (the monitor's first by metric name, or of the asked metric)
   * @param metric its metric
   * @param values count-weighted mean per bucket, oldest first; null where the bucket has no data
   * @param maxScores highest anomaly score per bucket; null where the bucket has no data
   */
  public record Line(
      long monitorId, String series, String metric, List<Double> values, List<Double> maxScores) {}
}
