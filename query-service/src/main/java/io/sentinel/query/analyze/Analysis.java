package io.sentinel.query.analyze;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * What the detection engine says about a posted series.
 *
 * @param points points analysed
 * @param warmupPoints leading points the engine was still learning on (score 0, no band)
 * @param anomalyCount points flagged anomalous
 * @param results one result per point, in the posted order
 * @param anomalies the anomalous points only
 * @param timestampFormat how the posted timestamps were read: unix_seconds, unix_milliseconds,
 *     unix_microseconds, unix_nanoseconds, rfc3339, or rfc3339+unix_... when both were posted
 */
public record Analysis(
    int points,
    int warmupPoints,
    int anomalyCount,
    List<Result> results,
    List<Result> anomalies,
    String timestampFormat) {

  public Analysis withTimestampFormat(String format) {
    return new Analysis(points, warmupPoints, anomalyCount, results, anomalies, format);
  }

  /**
   * The engine's verdict on one point.
   *
   * @param timestamp the point's time
   * @param value the point's value
   * @param score anomaly score in [0,1]; 0 while warming up
   * @param warmingUp the engine had not seen enough points to score this one
   * @param anomalous the score reached the alert threshold (outside warm-up and suppression)
   * @param severity minor, major or critical, for anomalous points
   * @param expectedLow lower edge of the expected band; absent while warming up
   * @param expectedHigh upper edge of the expected band; absent while warming up
   * @param explanation which feature departed and by how much, for anomalous points
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Result(
      Instant timestamp,
      double value,
      double score,
      boolean warmingUp,
      boolean anomalous,
      String severity,
      Double expectedLow,
      Double expectedHigh,
      String explanation) {}
}
