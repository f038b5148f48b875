package io.sentinel.query.insights;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Anomaly insights over a time range: which monitors and metrics are most anomalous, how many
 * anomalies started per time bucket, and how they spread over severities.
 *
 * @param from start of the first bucket
 * @param to end of the last bucket (exclusive)
 * @param stepSeconds bucket width of {@code rate}
 * @param total anomalies started in [from, to)
 * @param open of those, still open
 * @param topMonitors monitors with the most anomalies, most first
 * @param topMetrics (monitor, metric) pairs with the most anomalies, most first
 * @param rate anomalies started per bucket, every bucket present (zero when none), oldest first
 * @param severity anomalies per severity (minor, major, critical, and "unknown" when unset)
 */
public record Insights(
    Instant from,
    Instant to,
    long stepSeconds,
    long total,
    long open,
    List<Ranked> topMonitors,
    List<Ranked> topMetrics,
    List<Bucket> rate,
    Map<String, Long> severity) {

  /**
   * A monitor, or a metric of a monitor, ranked by its anomalies.
   *
   * @param monitorId the monitor's id
   * @param monitor its name
   * @param metric the metric; absent in the monitor ranking
   * @param anomalies anomalies started in the range
   * @param critical of those, critical
   * @param maxScore the highest score among them
   * @param lastAt when the latest of them started
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Ranked(
      long monitorId,
      String monitor,
      String metric,
      long anomalies,
      long critical,
      Double maxScore,
      Instant lastAt) {}

  /**
   * Anomalies started in one bucket.
   *
   * @param time start of the bucket
   * @param anomalies all of them
   * @param minor minor ones
   * @param major major ones
   * @param critical critical ones
   */
  public record Bucket(Instant time, long anomalies, long minor, long major, long critical) {}
}
