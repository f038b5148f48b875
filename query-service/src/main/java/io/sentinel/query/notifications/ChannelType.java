package io.sentinel.query.notifications;

import java.util.List;
import java.util.Locale;

/** The kinds of contact point, with the secret fields each needs. */
public enum ChannelType {
  WEBHOOK(List.of("url"), List.of("signing_key")),
  SLACK(List.of("url"), List.of()),
  TEAMS(List.of("url"), List.of()),
  PAGERDUTY(List.of("routing_key"), List.of()),
  OPSGENIE(List.of("api_key"), List.of()),
  ALERTMANAGER(List.of(), List.of("password")),
  /** SMTP; host, port, tls, username, from and to are settings, the SMTP password a secret. */
  EMAIL(List.of(), List.of("password")),
  LOG(List.of(), List.of());

  /** Secret fields that must be given. */
  public final List<String> requiredSecrets;

  /** Secret fields that may be given. */
  public final List<String> optionalSecrets;

  ChannelType(List<String> requiredSecrets, List<String> optionalSecrets) {
    this.requiredSecrets = requiredSecrets;
    this.optionalSecrets = optionalSecrets;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Null when {@code s} names no type. */
  public static ChannelType fromWire(String s) {
    for (ChannelType t : values()) {
      if (t.wire().equals(s)) {
        return t;
      }
    }
    return null;
  }
}
