package io.sentinel.query.notifications;

import static io.sentinel.query.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.TestDb;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-channel TLS trust (settings.ca_pem) against real TLS servers in the test JVM whose
 * certificates a private CA, made here with keytool, signed: an HTTPS webhook receiver and an SMTP
 * server on implicit TLS. With the CA the notification arrives; without it, or with another CA, the
 * attempt is logged as failed; a bundle that is not PEM certificates is a 400.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ChannelTlsTest {
  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

  static TestCa ca;
  static TestCa otherCa;
  static WebhookReceiver https;
  static TlsProxy smtps;

  @BeforeAll
  static void start() throws Exception {
    ca = TestCa.shared();
    otherCa = TestCa.create("Some Other CA");
    https = new WebhookReceiver(ca.serverContext());
  }

  @AfterAll
  static void stop() throws Exception {
    https.close();
    if (smtps != null) {
      smtps.close();
    }
  }

  private static int webhook(String name, String path, String caPem) {
    Map<String, Object> settings = new HashMap<>();
    if (caPem != null) {
      settings.put("ca_pem", caPem);
    }
    return NotificationFixture.channel(
        given(), NotificationFixture.webhook(name, https.url(path), settings));
  }

  private static JsonPath log(int channel) {
    return given()
        .queryParam("channel_id", channel)
        .get("/api/notifications/log")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void aWebhookWithItsPrivateCaDeliversOverHttps() {
    int channel = webhook("tls hook", "/tls-ok", ca.caPem);
    given().post("/api/notifications/channels/" + channel + "/test").then().statusCode(202);

    await().atMost(Duration.ofSeconds(30)).until(() -> https.at("/tls-ok").size() == 1);
    assertThat(https.at("/tls-ok").get(0).body()).contains("\"kind\":\"test\"");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "sent".equals(log(channel).getString("[0].status")));
    assertThat(log(channel).getInt("[0].attempt_log[0].status_code")).isEqualTo(200);
    given().delete("/api/notifications/channels/" + channel).then().statusCode(204);
  }

  @Test
  void withoutTheCaOrWithAnotherCaTheAttemptFailsAndIsLogged() {
    int none = webhook("tls hook without ca", "/tls-none", null);
    int other = webhook("tls hook other ca", "/tls-other", otherCa.caPem);
    given().post("/api/notifications/channels/" + none + "/test").then().statusCode(202);
    given().post("/api/notifications/channels/" + other + "/test").then().statusCode(202);

    for (int channel : List.of(none, other)) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> log(channel).getString("[0].attempt_log[0].error") != null);
      JsonPath l = log(channel);
      assertThat(l.getString("[0].status")).isNotEqualTo("sent");
      assertThat(l.getString("[0].attempt_log[0].error"))
          .containsAnyOf("certification path", "PKIX", "SSLHandshake");
      assertThat((Object) l.get("[0].attempt_log[0].status_code")).isNull();
    }
    assertThat(https.at("/tls-none")).isEmpty();
    assertThat(https.at("/tls-other")).isEmpty();
    // the service is still up and sending: the channel with the CA still delivers
    int good = webhook("tls hook after failures", "/tls-after", ca.caPem);
    given().post("/api/notifications/channels/" + good + "/test").then().statusCode(202);
    await().atMost(Duration.ofSeconds(30)).until(() -> https.at("/tls-after").size() == 1);
    for (int channel : List.of(none, other, good)) {
      given().delete("/api/notifications/channels/" + channel).then().statusCode(204);
    }
  }

  @Test
  void aBundleThatIsNotPemCertificatesIsA400NamingTheFieldWithoutEchoingIt() {
    String key =
        "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgSeCrEtKeY\n"
            + "-----END PRIVATE KEY-----\n";
    String notBase64 =
        "-----BEGIN CERTIFICATE-----\nn0t%base64!SeCrEtMaRk\n-----END CERTIFICATE-----";
    String notACert =
        "-----BEGIN CERTIFICATE-----\nU2VDckV0TWFSayBpcyBub3QgYSBjZXJ0aWZpY2F0ZQ==\n"
            + "-----END CERTIFICATE-----";
    String trailing = ca.caPem + "\nSeCrEtMaRk trailing text";
    for (Object bad : List.of("SeCrEtMaRk, not PEM", key, notBase64, notACert, trailing, 42)) {
      String body =
          NotificationFixture.postChannel(
                  given(),
                  Map.of(
                      "name",
                      "bad ca",
                      "type",
                      "webhook",
                      "settings",
                      Map.of("ca_pem", bad),
                      "secrets",
                      Map.of("url", "https://hooks.example.com/x")))
              .statusCode(400)
              .contentType("application/problem+json")
              .body("errors[0].in", equalTo("body"))
              .body("errors[0].name", equalTo("settings.ca_pem"))
              .body(not(org.hamcrest.Matchers.containsStringIgnoringCase("secretmark")))
              .extract()
              .asString();
      assertThat(body).doesNotContain("MIGHAgEAMBMG").doesNotContain("U2VDckV0TWFS");
    }
    NotificationFixture.postChannel(
            given(),
            Map.of(
                "name", "bad ca email",
                "type", "email",
                "settings",
                    Map.of(
                        "host",
                        "127.0.0.1",
                        "from",
                        "sentinel@example.com",
                        "to",
                        List.of("oncall@example.com"),
                        "ca_pem",
                        key)))
        .statusCode(400)
        .body("errors[0].name", equalTo("settings.ca_pem"))
        .body(
            "errors[0].detail",
            equalTo("must hold CA certificates only, not a private key (PRIVATE KEY)"));
  }

  @Test
  void anEmailChannelWithItsPrivateCaSendsOverTls() throws Exception {
    smtps = new TlsProxy(ca.serverContext(), SMTP.getSmtp().getPort());
    Map<String, Object> settings = new HashMap<>();
    settings.put("host", "127.0.0.1");
    settings.put("port", smtps.port());
    settings.put("tls", "tls");
    settings.put("from", "sentinel@example.com");
    settings.put("to", List.of("oncall-tls@example.com"));
    settings.put("ca_pem", ca.caPem);
    int channel =
        NotificationFixture.channel(
            given(), Map.of("name", "tls email", "type", "email", "settings", settings));
    Map<String, Object> without = new HashMap<>(settings);
    without.remove("ca_pem");
    without.put("to", List.of("oncall-no-ca@example.com"));
    int noCa =
        NotificationFixture.channel(
            given(), Map.of("name", "tls email without ca", "type", "email", "settings", without));
    given().post("/api/notifications/channels/" + channel + "/test").then().statusCode(202);
    given().post("/api/notifications/channels/" + noCa + "/test").then().statusCode(202);

    await().atMost(Duration.ofSeconds(30)).until(() -> to("oncall-tls@example.com") == 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "sent".equals(log(channel).getString("[0].status")));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> log(noCa).getString("[0].attempt_log[0].error") != null);
    assertThat(log(noCa).getString("[0].status")).isNotEqualTo("sent");
    assertThat(to("oncall-no-ca@example.com")).isZero();
    assertThat(
            TestDb.queryLong(
                "SELECT count(*) FROM notifications WHERE channel_id = ? AND status = 'sent'",
                noCa))
        .isZero();
    given().delete("/api/notifications/channels/" + channel).then().statusCode(204);
    given().delete("/api/notifications/channels/" + noCa).then().statusCode(204);
  }

  private static long to(String address) {
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
        .count();
  }
}
