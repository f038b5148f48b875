package io.sentinel.query.anomalies;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sentinel.query.PeriodRow;
import io.sentinel.query.sql.Rows;
import io.vertx.mutiny.sqlclient.Row;
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
 * @param explanation the detector's explanation (same text as message)
 * @param durationSeconds how long it lasted, or has lasted so far
 * @param acknowledged whether an SRE acknowledged it
 * @param acknowledgedAt when it was first acknowledged
 * @param acknowledgedBy who acknowledged it
 * @param ackComment the acknowledgement comment
 * @param suppressed raised while the monitor was in maintenance: shown, but not alerted on
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
    String message,
    String explanation,
    long durationSeconds,
    boolean acknowledged,
    Instant acknowledgedAt,
    String acknowledgedBy,
    String ackComment,
    boolean suppressed) {

  /** The columns {@link #of(Row, Instant)} reads. */
  public static final String COLUMNS =
      PeriodRow.COLUMNS
          + ", metric, series, score, severity, value, expected_low, expected_high, message,"
          + " acknowledged_at, acknowledged_by, ack_comment, suppressed";

  public static AnomalyView of(Row r, Instant now) {
    PeriodRow p = PeriodRow.of(r);
    Instant acked = Rows.instant(r, "acknowledged_at");
    String message = r.getString("message");
    return new AnomalyView(
        p.id(),
        p.monitorId(),
        p.monitor(),
        r.getString("metric"),
        r.getString("series"),
        p.startedAt(),
        p.endedAt(),
        p.open(),
        r.getDouble("score"),
        r.getString("severity"),
        r.getDouble("value"),
        r.getDouble("expected_low"),
        r.getDouble("expected_high"),
        message,
        message,
        p.durationSeconds(now),
        acked != null,
        acked,
        r.getString("acknowledged_by"),
        r.getString("ack_comment"),
        Rows.flag(r, "suppressed"));
  }
}
