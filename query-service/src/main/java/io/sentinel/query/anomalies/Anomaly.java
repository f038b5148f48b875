package io.sentinel.query.anomalies;

import io.sentinel.query.MonitorPeriod;
import jakarta.persistence.Entity;
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
public class Anomaly extends MonitorPeriod {
  /** The tenant of the monitor. */
  public String tenant;

  public String metric;
  public String series;
  public Double score;
  public String severity;
  public Double value;
  public Double expectedLow;
  public Double expectedHigh;
  public String message;

  /** When it was first acknowledged; null until then. */
  public OffsetDateTime acknowledgedAt;

  public String acknowledgedBy;
  public String ackComment;
}
