package io.sentinel.query.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sentinel.query.Anomaly;
import java.time.Instant;

/**
 * An anomaly as the API shows it.
 *
 * @param id the id of the anomaly event that opened it
 * @param monitorId the monitor's numeric id
 * @param monitor the monitor name
 * @param metric the metric concerned
 * @param series the series concerned
 * @param startedAt when it was detected
 * @param endedAt when it resolved; absent while open
 * @param open whether it is still open
 * @param score anomaly score in [0,1]
 * @param severity minor, major or critical
 * @param value the observed value
 * @param expectedLow lower edge of the expected band
 * @param expectedHigh upper edge of the expected band
 * @param message a short sentence for a person
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnomalyView(
    String id,
    long monitorId,
    String monitor,
    String metric,
    String series,
    Instant startedAt,
    Instant endedAt,
    boolean open,
    Double score,
    String severity,
    Double value,
    Double expectedLow,
    Double expectedHigh,
    String message) {

  public static AnomalyView of(Anomaly a) {
    return new AnomalyView(
        a.id,
        a.monitorId,
        a.monitor,
        a.metric,
        a.series,
        a.startedAt == null ? null : a.startedAt.toInstant(),
        a.endedAt == null ? null : a.endedAt.toInstant(),
        a.endedAt == null,
        a.score,
        a.severity,
        a.value,
        a.expectedLow,
        a.expectedHigh,
        a.message);
  }
}
