package io.sentinel.query;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The six categories of monitor health shown on the dashboard, in order of precedence. */
public enum MonitorStatus {
  MAINTENANCE,
  DOWN,
  ERRORS,
  CRITICAL,
  TROUBLE,
  UP;

  private final String wire = name().toLowerCase(Locale.ROOT);

  /** The lower-case name used in JSON, in the database and in query parameters. */
  @JsonValue
  public String wire() {
    return wire;
  }

  /** Parses a wire name; null when {@code s} names no status. */
  @JsonCreator
  public static MonitorStatus fromWire(String s) {
    if (s == null) {
      return null;
    }
    String wanted = s.trim().toLowerCase(Locale.ROOT);
    for (MonitorStatus status : values()) {
      if (status.wire.equals(wanted)) {
        return status;
      }
    }
    return null;
  }
}
