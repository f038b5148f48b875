package io.sentinel.query.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every body format against a golden file under src/test/resources/notifications/golden, written
 * once from the vendor's documented format (links in each file's test row) and reviewed by hand.
 * Run with -Dgolden.update=true to rewrite them after a deliberate change, then review the diff.
 */
class PayloadsGoldenTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final Alert FIRING =
      new Alert(
          "firing",
          "sentinel/1/Server A",
          "Server A",
          "Server A",
          List.of("Server A"),
          "critical",
          "up",
          "critical",
          "cpu_usage",
          "cpu_usage: value 97.5 is far above its usual level 25",
          "2025-09-21T23:59:00Z",
          "7f0c/status",
          List.of("env=prod"),
          0);

  static final Alert RESOLVED =
      FIRING.withKind("resolved", "2025-09-22T00:04:00Z").withThread(List.of(), 2);

  static Channel channel(
      ChannelType type, Map<String, Object> settings, Map<String, String> secrets) {
    return new Channel(7, "on-call", type, settings, secrets, 60, true);
  }

  static Channel channel(String type) {
    return switch (type) {
      case "webhook" ->
          channel(
              ChannelType.WEBHOOK,
              Map.of(),
              Map.of("url", "https://hooks.example.com/sentinel", "signing_key", "s3cret"));
      case "slack" ->
          channel(
              ChannelType.SLACK, Map.of(), Map.of("url", "https://hooks.slack.com/services/T/B/X"));
      case "teams" ->
          channel(
              ChannelType.TEAMS, Map.of(), Map.of("url", "https://example.webhook.office.com/x"));
      case "pagerduty" ->
          channel(
              ChannelType.PAGERDUTY,
              Map.of(),
              Map.of("routing_key", "R0UT1NGKEY0123456789012345678901"));
      case "opsgenie" ->
          channel(ChannelType.OPSGENIE, Map.of("region", "eu"), Map.of("api_key", "k"));
      case "alertmanager" ->
          channel(ChannelType.ALERTMANAGER, Map.of("url", "http://alertmanager:9093/"), Map.of());
      default -> channel(ChannelType.LOG, Map.of(), Map.of());
    };
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    // https://api.slack.com/reference/block-kit/blocks
    "slack, firing",
    "slack, resolved",
    // https://learn.microsoft.com/en-us/connectors/teams/#microsoft-teams-webhook (Adaptive Card)
    "teams, firing",
    // https://developer.pagerduty.com/docs/events-api-v2/trigger-events/ and resolve-events
    "pagerduty, firing",
    "pagerduty, resolved",
    // https://docs.opsgenie.com/docs/alert-api#create-alert and #close-alert
    "opsgenie, firing",
    "opsgenie, resolved",
    // https://github.com/prometheus/alertmanager/blob/main/api/v2/openapi.yaml (postableAlerts)
    "alertmanager, firing",
    "alertmanager, resolved",
    // README.md, section Notifications
    "webhook, firing",
    "webhook, resolved",
  })
  void bodyMatchesItsGoldenFile(String type, String kind) throws IOException {
    Alert a = kind.equals("firing") ? FIRING : RESOLVED;
    Payloads.Outgoing o = Payloads.render(channel(type), a, "e:7f0c/status:c7");
    String name = type + "-" + kind + ".json";
    String actual =
        JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(
                    Map.of("url", o.url(), "headers", o.headers(), "body", JSON.readTree(o.body())))
            + "\n";
    if (Boolean.getBoolean("golden.update")) {
      Path p = Path.of("src/test/resources/notifications/golden", name);
      Files.createDirectories(p.getParent());
      Files.writeString(p, actual);
    }
    try (InputStream in = getClass().getResourceAsStream("/notifications/golden/" + name)) {
      assertThat(in).as("golden file " + name).isNotNull();
      JsonNode golden = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      assertThat(JSON.readTree(actual)).isEqualTo(golden);
    }
  }

  @org.junit.jupiter.api.Test
  void webhookSignatureIsTheHmacOfTheExactBody() {
    Payloads.Outgoing o = Payloads.render(channel("webhook"), FIRING, "k");
    // the same value `openssl dgst -sha256 -hmac s3cret` prints for the body
    assertThat(o.headers().get("X-Sentinel-Signature"))
        .isEqualTo("sha256=" + Payloads.hmacSha256("s3cret", o.body()));
    assertThat(Payloads.hmacSha256("key", "The quick brown fox jumps over the lazy dog"))
        .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  }
}
