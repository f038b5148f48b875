package io.sentinel.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a {@link MonitorEvent} reports. */
public enum EventType {
  /** The first sample of a monitor was seen. */
  MONITOR_DISCOVERED,
  /** A series left its learned normal behaviour; opens an anomaly. */
  ANOMALY,
  /** A series has been back to normal long enough; closes the anomaly named by {@code ref}. */
  ANOMALY_RESOLVED,
  /** A monitor stopped sending for several of its expected intervals. */
  OUTAGE_STARTED,
  /** Samples of a monitor in outage arrived again; closes the outage named by {@code ref}. */
  OUTAGE_RESOLVED,
  /**
   * The monitor's data keeps being rejected by ingest (a configuration error of its agent); opens
   * an errors episode, which gives the monitor status Errors.
   */
  ERRORS_STARTED,
  /** No data of the monitor was rejected for a while; closes the episode named by {@code ref}. */
  ERRORS_RESOLVED;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static EventType fromWire(String s) {
    return s == null ? null : valueOf(s.toUpperCase(Locale.ROOT));
  }
}
