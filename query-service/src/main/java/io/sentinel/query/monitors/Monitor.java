package io.sentinel.query.monitors;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.sentinel.query.MonitorStatus;
import io.sentinel.query.MonitorStatusConverter;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A monitored thing (host, service, check), created on its first event or rollup. Written with
 * set-based upserts by {@code materialize.EventBatchProcessor} and {@code
 * materialize.RollupBatchProcessor}; read here. Columns are the fields' names in snake_case.
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

  public OffsetDateTime firstSeen;
  public OffsetDateTime lastUpdated;
  public OffsetDateTime statusSince;
  public int openAnomalies;
  public int openOutages;
  public long anomalyCount;
  public long outageCount;
}
