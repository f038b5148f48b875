package io.sentinel.query.outages;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A period in which a monitor was down: opened by {@code outage_started}, closed by its end. */
@Entity
@Table(name = "outages")
public class Outage extends PanacheEntityBase {
  /** The id of the outage_started event. */
  @Id public String id;

  @Column(name = "monitor_id")
  public Long monitorId;

  public String monitor;

  @Column(name = "started_at")
  public OffsetDateTime startedAt;

  /** Null while the outage lasts. */
  @Column(name = "ended_at")
  public OffsetDateTime endedAt;

  public String cause;
}
