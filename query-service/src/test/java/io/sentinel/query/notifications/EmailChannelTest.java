package io.sentinel.query.notifications;

import static io.sentinel.query.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Severity;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.TestDb;
import io.sentinel.query.TestKafka;
import io.sentinel.query.materialize.EventBatchProcessor;
import jakarta.inject.Inject;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The email channel against a real SMTP server in the test JVM (GreenMail): the test notification,
 * a trigger and its resolve arrive with their headers and both bodies; SMTP auth is used and a
 * wrong password fails without the password showing anywhere.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class EmailChannelTest {
  private static final long T0 = 1_758_499_140_000L;

  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

  @Inject EventBatchProcessor processor;

  private static int emailChannel(String name, String to, String username, String password) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("host", "127.0.0.1");
    settings.put("port", SMTP.getSmtp().getPort());
    settings.put("tls", "none");
    settings.put("from", "sentinel@example.com");
    settings.put("to", List.of(to));
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("type", "email");
    body.put("settings", settings);
    body.put("rate_per_minute", 1000);
    if (username != null) {
      settings.put("username", username);
      body.put("secrets", Map.of("password", password));
    }
    return given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/notifications/channels")
        .then()
        .statusCode(201)
        .body("type", equalTo("email"))
        .extract()
        .path("id");
  }

  private static List<MimeMessage> to(String address) {
    return Arrays.stream(SMTP.getReceivedMessages())
        .filter(
            m -> {
              try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                    .anyMatch(a -> ((InternetAddress) a).getAddress().equals(address));
              } catch (Exception e) {
                return false;
              }
            })
        .toList();
  }

  /** The text of the part with this content type, searched through nested multiparts. */
  private static String part(Part p, String type) throws Exception {
    if (p.isMimeType(type)) {
      return p.getContent().toString();
    }
    if (p.isMimeType("multipart/*")) {
      Multipart mp = (Multipart) p.getContent();
      for (int i = 0; i < mp.getCount(); i++) {
        BodyPart b = mp.getBodyPart(i);
        String found = part(b, type);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static String lastStatus(int channel) {
    return TestDb.queryString(
        "SELECT status FROM notifications WHERE channel_id = ? ORDER BY id DESC LIMIT 1", channel);
  }

  @Test
  void theTestNotificationArrivesWithSubjectHeadersAndBothBodies() throws Exception {
    int channel = emailChannel("email test", "oncall-test@example.com", null, null);
    given().post("/api/notifications/channels/" + channel + "/test").then().statusCode(202);

    await().atMost(Duration.ofSeconds(30)).until(() -> to("oncall-test@example.com").size() == 1);
    MimeMessage m = to("oncall-test@example.com").get(0);
    assertThat(m.getSubject()).isEqualTo("[TEST] Sentinel test notification");
    assertThat(((InternetAddress) m.getFrom()[0]).getAddress()).isEqualTo("sentinel@example.com");
    assertThat(m.getHeader("X-Sentinel-Idempotency-Key")[0]).startsWith("test:");
    String text = part(m, "text/plain");
    String html = part(m, "text/html");
    assertThat(text).contains("If you can read it, the channel works").contains("Status: up");
    assertThat(html).contains("<h2>[TEST] Sentinel test notification</h2>");
    await().atMost(Duration.ofSeconds(10)).until(() -> "sent".equals(lastStatus(channel)));
  }

  @Test
  void aTriggerAndItsResolveAreEmailedWithMonitorStatusSeverityTimeAndLink() throws Exception {
    String monitor = TestKafka.monitor("email-a");
    int channel = emailChannel("email trigger", "oncall-trigger@example.com", null, null);
    TestDb.exec(
        "INSERT INTO notification_policies (name, channel_ids, monitor_pattern, group_wait_seconds,"
            + " resolve_hold_seconds) VALUES (?, ARRAY[?::bigint], ?, 0, 0)",
        "email policy",
        channel,
        monitor);
    MonitorEvent anomaly = TestKafka.anomaly(monitor, "cpu_usage", Severity.CRITICAL, T0);
    processor.apply(List.of(anomaly)).await().atMost(Duration.ofSeconds(30));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> to("oncall-trigger@example.com").size() == 1);
    MimeMessage firing = to("oncall-trigger@example.com").get(0);
    assertThat(firing.getSubject())
        .isEqualTo("[FIRING] " + monitor + " is critical (cpu_usage, critical)");
    String text = part(firing, "text/plain");
    assertThat(text)
        .contains("Monitor: " + monitor)
        .contains("Status: critical")
        .contains("Severity: critical")
        .contains("Metric: cpu_usage")
        .contains("Time: 2025-09-2")
        .contains("http://localhost:8080/monitors?q=" + monitor);
    assertThat(part(firing, "text/html")).contains("<td>critical</td>").contains("<a href=");
    String dedup = firing.getHeader("X-Sentinel-Dedup-Key")[0];

    processor
        .apply(List.of(TestKafka.resolved(anomaly, T0 + 60_000)))
        .await()
        .atMost(Duration.ofSeconds(30));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> to("oncall-trigger@example.com").size() == 2);
    MimeMessage resolved = to("oncall-trigger@example.com").get(1);
    assertThat(resolved.getSubject()).isEqualTo("[RESOLVED] " + monitor + " is up again");
    assertThat(resolved.getHeader("X-Sentinel-Dedup-Key")[0]).isEqualTo(dedup);
  }

  @Test
  void smtpAuthSendsWithTheRightPasswordAndAWrongOneFailsWithoutShowingIt() throws Exception {
    SMTP.setUser("alice@example.com", "alice", "corr3ct-horse");
    int good = emailChannel("email auth", "oncall-auth@example.com", "alice", "corr3ct-horse");
    int bad = emailChannel("email bad auth", "oncall-bad@example.com", "alice", "wr0ng-battery");
    String listed =
        given().get("/api/notifications/channels").then().statusCode(200).extract().asString();
    assertThat(listed).doesNotContain("corr3ct-horse").doesNotContain("wr0ng-battery");

    given().post("/api/notifications/channels/" + good + "/test").then().statusCode(202);
    given().post("/api/notifications/channels/" + bad + "/test").then().statusCode(202);

    await().atMost(Duration.ofSeconds(30)).until(() -> to("oncall-auth@example.com").size() == 1);
    await().atMost(Duration.ofSeconds(30)).until(() -> "failed".equals(lastStatus(bad)));
    assertThat(to("oncall-bad@example.com")).isEmpty();
    String log =
        given()
            .queryParam("channel_id", bad)
            .get("/api/notifications/log")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(log).contains("SMTP 535").doesNotContain("wr0ng-battery");
  }
}
