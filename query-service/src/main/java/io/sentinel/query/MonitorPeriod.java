package io.sentinel.query;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.OffsetDateTime;

/**
 * What anomalies and outages have in common: a period of one monitor, opened by an event (whose id
 * it keeps) and closed by the event that ends it. Columns are the fields' names in snake_case
 * ({@code quarkus.hibernate-orm.physical-naming-strategy}).
 */
@MappedSuperclass
public abstract class MonitorPeriod extends PanacheEntityBase {
  /** The id of the event that opened it. */
  @Id public String id;

  public Long monitorId;
  public String monitor;
  public OffsetDateTime startedAt;

  /** Null while the period lasts. */
  public OffsetDateTime endedAt;
}
