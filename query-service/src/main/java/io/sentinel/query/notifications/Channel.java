package io.sentinel.query.notifications;

import java.util.Map;

/**
 * A contact point as the dispatcher sees it, secrets included (never returned by the API nor
 * logged).
 */
public record Channel(
    long id,
    String name,
    ChannelType type,
    Map<String, Object> settings,
    Map<String, String> secrets,
    int ratePerMinute,
    boolean enabled) {

  String setting(String key, String fallback) {
    Object v = settings.get(key);
    return v == null || v.toString().isBlank() ? fallback : v.toString();
  }

  String secret(String key) {
    return secrets.get(key);
  }

  @Override
  public String toString() {
    // a record's toString would print the secrets
    return "Channel[" + id + " " + name + " (" + type.wire() + ")]";
  }
}
