package io.sentinel.query.monitors;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.sentinel.query.MonitorStatus;
import io.sentinel.query.MonitorStatusConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A monitored thing (host, service, check), created on its first event or rollup. Written with
 * set-based upserts by {@code service.EventBatchProcessor} and {@code
 * service.RollupBatchProcessor}; read here.
 */
@Entity
@Table(name = "monitors")
public class Monitor extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  public String name;

  @Convert(converter = MonitorStatusConverter.class)
  public MonitorStatus status;

  @Column(name = "first_seen")
  public OffsetDateTime firstSeen;

  @Column(name = "last_updated")
  public OffsetDateTime lastUpdated;

  @Column(name = "status_since")
  public OffsetDateTime statusSince;

  @Column(name = "open_anomalies")
  public int openAnomalies;

  @Column(name = "open_outages")
  public int openOutages;

  @Column(name = "anomaly_count")
  public long anomalyCount;

  @Column(name = "outage_count")
  public long outageCount;
}
