package io.sentinel.query.monitors;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A monitor's metric history, downsampled for a chart.
 *
 * @param monitorId the monitor id
 * @param monitor the monitor name
 * @param metric the metric asked for, absent when every metric was asked for
 * @param from start of the first bucket
 * @param to end of the last bucket (exclusive)
 * @param stepSeconds bucket width
 * @param source the table read: "minute" (per-minute rollups) or "hour" (hourly aggregates)
 * @param series one entry per series, with its buckets in time order (empty buckets omitted)
 */
public record SeriesChart(
    long monitorId,
    String monitor,
    String metric,
    Instant from,
    Instant to,
    long stepSeconds,
    String source,
    List<Line> series) {

  /**
   * One series' buckets.
   *
   * @param series the series id
   * @param metric its metric
   * @param labels its labels
   * @param points the buckets with data, oldest first
   */
  public record Line(
      String series, String metric, Map<String, Object> labels, List<Point> points) {}

  /**
   * One bucket.
   *
   * @param time start of the bucket
   * @param count samples in it
   * @param min smallest value
   * @param max largest value
   * @param mean mean of all samples
   * @param last the latest value
   * @param expectedLow lowest lower edge of the expected band in the bucket
   * @param expectedHigh highest upper edge of the expected band in the bucket
   * @param maxScore highest anomaly score in the bucket
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Point(
      Instant time,
      long count,
      double min,
      double max,
      Double mean,
      double last,
      Double expectedLow,
      Double expectedHigh,
      double maxScore) {}
}
