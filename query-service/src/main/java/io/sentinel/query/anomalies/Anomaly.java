package io.sentinel.query.anomalies;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import org.hibernate.annotations.DynamicUpdate;

/**
 * One anomaly of one series: opened by an {@code anomaly} event, closed by its resolution (both
 * written set-based by the consumer), acknowledged by a person (written here, through Panache).
 * Updates write only the columns that changed, so an acknowledgement never writes back a stale
 * {@code ended_at}.
 */
@Entity
@Table(name = "anomalies")
@DynamicUpdate
public class Anomaly extends PanacheEntityBase {
  /** The id of the anomaly event that opened it. */
  @Id public String id;

  @Column(name = "monitor_id")
  public Long monitorId;

  public String monitor;

  /** The tenant of the monitor. */
  public String tenant;

  public String metric;
  public String series;

  @Column(name = "started_at")
  public OffsetDateTime startedAt;

  /** Null while the anomaly is open. */
  @Column(name = "ended_at")
  public OffsetDateTime endedAt;

  public Double score;
  public String severity;
  public Double value;

  @Column(name = "expected_low")
  public Double expectedLow;

  @Column(name = "expected_high")
  public Double expectedHigh;

  public String message;

  /** When it was first acknowledged; null until then. */
  @Column(name = "acknowledged_at")
  public OffsetDateTime acknowledgedAt;

  @Column(name = "acknowledged_by")
  public String acknowledgedBy;

  @Column(name = "ack_comment")
  public String ackComment;
}
