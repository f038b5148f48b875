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

  /** The lower-case name used in JSON, in the database and in query parameters. */
  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name; null when {@code s} names no status. */
  @JsonCreator
  public static MonitorStatus fromWire(String s) {
    if (s == null) {
      return null;
    }
    for (MonitorStatus status : values()) {
      if (status.wire().equals(s.trim().toLowerCase(Locale.ROOT))) {
        return status;
      }
    }
    return null;
  }
}
