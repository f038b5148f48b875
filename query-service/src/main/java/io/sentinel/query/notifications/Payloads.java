package io.sentinel.query.notifications;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The body (and URL and headers) each kind of channel receives for an {@link Alert}. Pure: the
 * golden-payload tests check every format without a network.
 */
public final class Payloads {
  private Payloads() {}

  /** What to send: an HTTP POST (or, for the log channel, a line). */
  public record Outgoing(String url, Map<String, String> headers, String body) {}

  static final ObjectMapper JSON =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  public static final String SIGNATURE_HEADER = "X-Sentinel-Signature";
  public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
  static final String PAGERDUTY_URL = "https://events.pagerduty.com/v2/enqueue";

  public static Outgoing render(Channel c, Alert a, String idempotencyKey) {
    return switch (c.type()) {
      case WEBHOOK -> webhook(c, a, idempotencyKey);
      case SLACK -> post(c.secret("url"), idempotencyKey, slack(a));
      case TEAMS -> post(c.secret("url"), idempotencyKey, teams(a));
      case PAGERDUTY ->
          post(
              c.setting("url", PAGERDUTY_URL),
              idempotencyKey,
              pagerDuty(c.secret("routing_key"), a));
      case OPSGENIE -> opsgenie(c, a, idempotencyKey);
      case ALERTMANAGER -> alertmanager(c, a, idempotencyKey);
      // SMTP, not HTTP: EmailSender sends an EmailMessage; this is what a log line would show
      case EMAIL -> new Outgoing("smtp:", Map.of(), json(webhookBody(a, idempotencyKey)));
      case LOG -> new Outgoing("log:", Map.of(), json(webhookBody(a, idempotencyKey)));
    };
  }

  // --- generic webhook: documented in README.md, section "Notifications"

  static Map<String, Object> webhookBody(Alert a, String idempotencyKey) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", "1");
    m.put("idempotency_key", idempotencyKey);
    m.put("kind", a.kind());
    m.put("title", a.title());
    m.put("dedup_key", a.dedupKey());
    m.put("group_key", a.groupKey());
    m.put("monitor", a.monitor());
    m.put("monitors", a.monitors());
    m.put("status", a.status());
    m.put("previous_status", a.previousStatus());
    m.put("severity", a.severity());
    m.put("metric", a.metric());
    m.put("message", a.message());
    m.put("time", a.time());
    m.put("event_id", a.eventId());
    m.put("tags", a.tags());
    m.put("flaps", a.flaps());
    return m;
  }

  static Outgoing webhook(Channel c, Alert a, String idempotencyKey) {
    String body = json(webhookBody(a, idempotencyKey));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(IDEMPOTENCY_HEADER, idempotencyKey);
    String key = c.secret("signing_key");
    if (key != null && !key.isEmpty()) {
      headers.put(SIGNATURE_HEADER, "sha256=" + hmacSha256(key, body));
    }
    return new Outgoing(c.secret("url"), headers, body);
  }

  /** Hex HMAC-SHA256 of the body with the key, as GitHub's X-Hub-Signature-256. */
  public static String hmacSha256(String key, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  // --- Slack incoming webhook, Block Kit

  static Map<String, Object> slack(Alert a) {
    List<Object> blocks = new ArrayList<>();
    blocks.add(
        Map.of(
            "type", "header", "text", Map.of("type", "plain_text", "text", cut(a.title(), 150))));
    List<Object> fields = new ArrayList<>();
    fields.add(mrkdwn("*Monitor*\n" + String.join(", ", names(a))));
    fields.add(mrkdwn("*Status*\n" + a.status()));
    if (a.severity() != null) {
      fields.add(mrkdwn("*Severity*\n" + a.severity()));
    }
    if (a.metric() != null) {
      fields.add(mrkdwn("*Metric*\n" + a.metric()));
    }
    blocks.add(ordered("type", "section", "fields", fields));
    if (a.message() != null) {
      blocks.add(ordered("type", "section", "text", mrkdwn(cut(a.message(), 3000))));
    }
    blocks.add(
        ordered(
            "type",
            "context",
            "elements",
            List.of(
                mrkdwn(
                    "Sentinel · "
                        + a.time()
                        + (a.flaps() > 0 ? " · flapped " + a.flaps() + "×" : "")))));
    return ordered("text", a.title(), "blocks", blocks);
  }

  private static Map<String, Object> mrkdwn(String text) {
    return ordered("type", "mrkdwn", "text", text);
  }

  // --- Microsoft Teams (Workflows webhook): an Adaptive Card in a message

  static Map<String, Object> teams(Alert a) {
    List<Object> facts = new ArrayList<>();
    facts.add(ordered("title", "Monitor", "value", String.join(", ", names(a))));
    facts.add(ordered("title", "Status", "value", a.status()));
    if (a.severity() != null) {
      facts.add(ordered("title", "Severity", "value", a.severity()));
    }
    if (a.metric() != null) {
      facts.add(ordered("title", "Metric", "value", a.metric()));
    }
    facts.add(ordered("title", "Time", "value", a.time()));
    List<Object> body = new ArrayList<>();
    body.add(
        ordered(
            "type",
            "TextBlock",
            "size",
            "Large",
            "weight",
            "Bolder",
            "wrap",
            true,
            "text",
            a.title()));
    if (a.message() != null) {
      body.add(ordered("type", "TextBlock", "wrap", true, "text", a.message()));
    }
    body.add(ordered("type", "FactSet", "facts", facts));
    Map<String, Object> card =
        ordered(
            "$schema",
            "http://adaptivecards.io/schemas/adaptive-card.json",
            "type",
            "AdaptiveCard",
            "version",
            "1.4",
            "body",
            body);
    Map<String, Object> attachment = new LinkedHashMap<>();
    attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
    attachment.put("contentUrl", null);
    attachment.put("content", card);
    return ordered("type", "message", "attachments", List.of(attachment));
  }

  // --- PagerDuty Events API v2

  static Map<String, Object> pagerDuty(String routingKey, Alert a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("routing_key", routingKey);
    boolean resolve = "resolved".equals(a.kind());
    m.put("event_action", resolve ? "resolve" : "trigger");
    m.put("dedup_key", a.dedupKey());
    if (!resolve) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("summary", cut(a.title(), 1024));
      p.put("source", a.monitor());
      p.put("severity", pagerDutySeverity(a));
      p.put("timestamp", a.time());
      if (a.metric() != null) {
        p.put("component", a.metric());
      }
      p.put("group", a.groupKey());
      p.put("class", a.status());
      p.put("custom_details", details(a));
      m.put("payload", p);
      m.put("client", "Sentinel");
    }
    return m;
  }

  static String pagerDutySeverity(Alert a) {
    if ("test".equals(a.kind())) {
      return "info";
    }
    if (a.status() == null) {
      return "warning";
    }
    return switch (a.status()) {
      case "down", "critical" -> "critical";
      case "errors" -> "error";
      default -> "warning";
    };
  }

  // --- Opsgenie Alert API: create, or close by alias

  static Outgoing opsgenie(Channel c, Alert a, String idempotencyKey) {
    String base =
        c.setting(
            "url",
            "eu".equalsIgnoreCase(c.setting("region", "us"))
                ? "https://api.eu.opsgenie.com"
                : "https://api.opsgenie.com");
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "GenieKey " + c.secret("api_key"));
    headers.put(IDEMPOTENCY_HEADER, idempotencyKey);
    if ("resolved".equals(a.kind())) {
      return new Outgoing(
          base
              + "/v2/alerts/"
              + URLEncoder.encode(a.dedupKey(), StandardCharsets.UTF_8).replace("+", "%20")
              + "/close?identifierType=alias",
          headers,
          json(opsgenieClose(a)));
    }
    return new Outgoing(base + "/v2/alerts", headers, json(opsgenieCreate(a)));
  }

  static Map<String, Object> opsgenieCreate(Alert a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("message", cut(a.title(), 130));
    m.put("alias", a.dedupKey());
    m.put("description", a.message() == null ? a.title() : cut(a.message(), 15000));
    m.put("tags", a.tags() == null ? List.of() : a.tags());
    m.put("details", details(a));
    m.put("entity", a.monitor());
    m.put("source", "Sentinel");
    m.put("priority", opsgeniePriority(a));
    return m;
  }

  static Map<String, Object> opsgenieClose(Alert a) {
    return ordered("source", "Sentinel", "note", a.title());
  }

  static String opsgeniePriority(Alert a) {
    if ("test".equals(a.kind()) || a.status() == null) {
      return "P5";
    }
    return switch (a.status()) {
      case "down" -> "P1";
      case "critical" -> "P2";
      case "errors" -> "P3";
      default -> "P4";
    };
  }

  // --- Prometheus Alertmanager API v2

  static Outgoing alertmanager(Channel c, Alert a, String idempotencyKey) {
    String base = c.setting("url", "http://localhost:9093");
    Map<String, String> headers = new LinkedHashMap<>();
    String password = c.secret("password");
    if (password != null) {
      String user = c.setting("username", "sentinel");
      headers.put(
          "Authorization",
          "Basic "
              + java.util.Base64.getEncoder()
                  .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    headers.put(IDEMPOTENCY_HEADER, idempotencyKey);
    return new Outgoing(
        base.replaceAll("/+$", "") + "/api/v2/alerts",
        headers,
        json(List.of(alertmanagerAlert(a))));
  }

  static Map<String, Object> alertmanagerAlert(Alert a) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", "test".equals(a.kind()) ? "SentinelTest" : "SentinelMonitorUnhealthy");
    labels.put("monitor", a.monitor());
    labels.put("sentinel_group", a.groupKey());
    labels.put("sentinel_dedup_key", a.dedupKey());
    labels.put("severity", pagerDutySeverity(a));
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("summary", a.title());
    if (a.message() != null) {
      annotations.put("description", a.message());
    }
    annotations.put("status", String.valueOf(a.status()));
    if (a.metric() != null) {
      annotations.put("metric", a.metric());
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("labels", labels);
    m.put("annotations", annotations);
    m.put("startsAt", a.time());
    if ("resolved".equals(a.kind())) {
      m.put("endsAt", a.time());
    }
    m.put(
        "generatorURL",
        "http://sentinel/monitors?q=" + URLEncoder.encode(a.monitor(), StandardCharsets.UTF_8));
    return m;
  }

  // --- helpers

  private static Map<String, Object> details(Alert a) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("status", a.status());
    d.put("previous_status", a.previousStatus());
    if (a.severity() != null) {
      d.put("severity", a.severity());
    }
    if (a.metric() != null) {
      d.put("metric", a.metric());
    }
    d.put("monitors", names(a));
    d.put("event_id", a.eventId());
    d.put("flaps", a.flaps());
    return d;
  }

  private static List<String> names(Alert a) {
    return a.monitors() == null || a.monitors().isEmpty() ? List.of(a.monitor()) : a.monitors();
  }

  private static Outgoing post(String url, String idempotencyKey, Object body) {
    return new Outgoing(url, Map.of(IDEMPOTENCY_HEADER, idempotencyKey), json(body));
  }

  static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  static Map<String, Object> ordered(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }
}
