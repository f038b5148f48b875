package io.sentinel.query.notifications;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.vertx.mutiny.sqlclient.Row;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Reads channels, policies and alerts out of rows. */
final class NotificationStore {
  private NotificationStore() {}

  static final String CHANNEL_COLUMNS =
      "id, name, type, settings::text AS settings, secret, rate_per_minute, enabled";

  static final String POLICY_COLUMNS =
      "id, name, channel_ids, severities, statuses, monitor_pattern, tags, metrics, group_by,"
          + " group_wait_seconds, group_interval_seconds, repeat_interval_seconds,"
          + " resolve_hold_seconds, send_resolved, enabled, tenant";

  static Channel channel(Row r) {
    return new Channel(
        r.getLong("id"),
        r.getString("name"),
        ChannelType.fromWire(r.getString("type")),
        readMap(r.getString("settings")),
        readSecrets(r.getString("secret")),
        r.getInteger("rate_per_minute"),
        r.getBoolean("enabled"));
  }

  static Policy policy(Row r) {
    return new Policy(
        r.getLong("id"),
        r.getString("name"),
        longs(r.getArrayOfLongs("channel_ids")),
        strings(r.getArrayOfStrings("severities")),
        strings(r.getArrayOfStrings("statuses")),
        r.getString("monitor_pattern"),
        strings(r.getArrayOfStrings("tags")),
        strings(r.getArrayOfStrings("metrics")),
        r.getString("group_by"),
        r.getInteger("group_wait_seconds"),
        r.getInteger("group_interval_seconds"),
        r.getInteger("repeat_interval_seconds"),
        r.getInteger("resolve_hold_seconds"),
        r.getBoolean("send_resolved"),
        r.getBoolean("enabled"),
        r.getString("tenant"));
  }

  static List<String> strings(String[] a) {
    return a == null ? null : Arrays.asList(a);
  }

  static List<Long> longs(Long[] a) {
    return a == null ? List.of() : Arrays.asList(a);
  }

  static Map<String, Object> readMap(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      return Payloads.JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable channel settings", e);
    }
  }

  static Map<String, String> readSecrets(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      return Payloads.JSON.readValue(json, new TypeReference<Map<String, String>>() {});
    } catch (JsonProcessingException e) {
      // never echo the text: it is secret
      throw new IllegalStateException("unreadable channel secrets");
    }
  }

  static Alert alert(String json) {
    try {
      return Payloads.JSON.readValue(json, Alert.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable alert", e);
    }
  }

  static String json(Object o) {
    return Payloads.json(o);
  }
}
