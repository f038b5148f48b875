package io.sentinel.query.anomalies;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One anomaly of one series: opened by an {@code anomaly} event, closed by its resolution. */
@Entity
@Table(name = "anomalies")
public class Anomaly extends PanacheEntityBase {
  /** The id of the anomaly event that opened it. */
  @Id public String id;

  @Column(name = "monitor_id")
  public Long monitorId;

  public String monitor;
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
}
