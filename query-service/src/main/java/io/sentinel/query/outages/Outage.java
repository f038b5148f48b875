package io.sentinel.query.outages;

import io.sentinel.query.MonitorPeriod;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A period in which a monitor was down: opened by {@code outage_started}, closed by its end. */
@Entity
@Table(name = "outages")
public class Outage extends MonitorPeriod {
  public String cause;
}
