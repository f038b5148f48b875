package io.sentinel.query.notifications;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.sentinel.query.TestDb;
import java.util.HashMap;
import java.util.Map;

/**
 * Channels and policies as the notification tests create them: through the API as a given caller
 * ({@code Api.given()}, {@code Api.as(key)}), or straight in the database (tenant default) for
 * tests of routing and delivery.
 */
final class NotificationFixture {
  private NotificationFixture() {}

  /** POST /api/notifications/channels as {@code caller}: the answer, to check. */
  static ValidatableResponse postChannel(RequestSpecification caller, Map<String, ?> body) {
    return caller
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/notifications/channels")
        .then();
  }

  /** POST /api/notifications/policies as {@code caller}: the answer, to check. */
  static ValidatableResponse postPolicy(RequestSpecification caller, Map<String, ?> body) {
    return caller
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/notifications/policies")
        .then();
  }

  /** The id of the channel created (201) as {@code caller}. */
  static int channel(RequestSpecification caller, Map<String, ?> body) {
    return postChannel(caller, body).statusCode(201).extract().path("id");
  }

  /** The id of the policy created (201) as {@code caller}. */
  static int policy(RequestSpecification caller, Map<String, ?> body) {
    return postPolicy(caller, body).statusCode(201).extract().path("id");
  }

  /** A webhook channel to {@code url}, 1000 notifications a minute, with these settings, if any. */
  static Map<String, Object> webhook(String name, String url, Map<String, ?> settings) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("type", "webhook");
    if (settings != null) {
      body.put("settings", settings);
    }
    body.put("secrets", Map.of("url", url));
    body.put("rate_per_minute", 1000);
    return body;
  }

  /**
   * A webhook channel to {@code url} and a policy sending it the events of the monitors matching
   * {@code monitorPattern} at once (group wait 0), both of tenant default, written in the database;
   * answers the channel's id.
   */
  static long route(
      String url, String name, String monitorPattern, String signingKey, int resolveHold) {
    String secret =
        signingKey == null
            ? "{\"url\":\"" + url + "\"}"
            : "{\"url\":\"" + url + "\",\"signing_key\":\"" + signingKey + "\"}";
    long channel =
        TestDb.queryLong(
            "INSERT INTO notification_channels (name, type, secret, rate_per_minute)"
                + " VALUES (?, 'webhook', ?, 1000) RETURNING id",
            "hook " + name,
            secret);
    TestDb.exec(
        "INSERT INTO notification_policies (name, channel_ids, monitor_pattern, group_wait_seconds,"
            + " resolve_hold_seconds) VALUES (?, ARRAY[?::bigint], ?, 0, ?)",
        "policy " + name,
        channel,
        monitorPattern,
        resolveHold);
    return channel;
  }
}
