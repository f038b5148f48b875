package io.sentinel.query.security;

import java.util.Locale;

/** What a caller may do; each role includes the ones before it. */
public enum Role {
  /** Read everything and follow the live stream. */
  VIEWER,
  /** Also acknowledge anomalies, manage maintenance windows, analyze series. */
  OPERATOR,
  /** Also manage users and API keys. */
  ADMIN;

  public boolean includes(Role needed) {
    return compareTo(needed) >= 0;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role of a wire name (viewer, operator, admin), or null. */
  public static Role parse(String raw) {
    if (raw == null) {
      return null;
    }
    for (Role r : values()) {
      if (r.wire().equals(raw.trim().toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    return null;
  }
}
