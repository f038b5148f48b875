package io.sentinel.query.notifications;

import static io.sentinel.query.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.Api;
import io.sentinel.query.TestDb;
import io.sentinel.query.TestKafka;
import io.sentinel.query.materialize.EventBatchProcessor;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Notifications per tenant (decision 020): two tenants with a monitor of the same name, {@code
 * web-1}, each with its own channel and policy. A policy routes only its tenant's events, the
 * repeat of a thread looks at its own tenant's monitor (maintenance of A's web-1 silences A only),
 * and channels, policies and the delivery log of one tenant are not found by the other.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class NotificationTenantTest {
  private static final String MONITOR = "web-1";
  private static final long T0 = 1_758_499_140_000L;
  private static final ObjectMapper JSON = new ObjectMapper();
  static WebhookReceiver receiver;

  @Inject EventBatchProcessor processor;

  private String a;
  private String b;
  private String adminA;
  private String adminB;

  @BeforeAll
  static void start() throws Exception {
    receiver = new WebhookReceiver();
  }

  @AfterAll
  static void stop() {
    receiver.close();
  }

  /** An API key of {@code tenant} with {@code role}, created by the bootstrap admin. */
  private static String key(String tenant, String role) {
    return Api.apiKey("nt-" + tenant + "-" + role, role, tenant);
  }

  @BeforeEach
  void twoTenants() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    a = "nt-a-" + run;
    b = "nt-b-" + run;
    adminA = key(a, "admin");
    adminB = key(b, "admin");
  }

  /** A webhook channel of {@code tenant} to the receiver's {@code path}, created as its admin. */
  private long channel(String admin, String name, String path) {
    return NotificationFixture.channel(
        as(admin), NotificationFixture.webhook(name, receiver.url(path), null));
  }

  /** A policy of the admin's tenant sending web-1's status changes to {@code channel}. */
  private long policy(String admin, long channel) {
    return NotificationFixture.policy(
        as(admin),
        Map.of(
            "name",
            "web-1 pages",
            "channel_ids",
            List.of(channel),
            "monitor_pattern",
            MONITOR,
            "group_wait_seconds",
            0,
            "repeat_interval_seconds",
            3600));
  }

  private static String kind(WebhookReceiver.Received r) throws Exception {
    return JSON.readTree(r.body()).get("kind").asText();
  }

  @Test
  void maintenanceOfOneTenantsWeb1SilencesOnlyThatTenantsRepeat() throws Exception {
    String pathA = "/repeat-" + a;
    String pathB = "/repeat-" + b;
    long channelA = channel(adminA, "pager", pathA);
    long channelB = channel(adminB, "pager", pathB);
    long policyA = policy(adminA, channelA);
    long policyB = policy(adminB, channelB);

    // both web-1 go down in one batch: routed in one pass, each to its own tenant's policy only
    MonitorEvent downA = TestKafka.outageStarted(MONITOR, T0).inTenant(a);
    MonitorEvent downB = TestKafka.outageStarted(MONITOR, T0).inTenant(b);
    processor.apply(List.of(downA, downB)).await().atMost(Duration.ofSeconds(30));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> receiver.at(pathA).size() == 1 && receiver.at(pathB).size() == 1);
    for (Object[] c : new Object[][] {{channelA, a}, {channelB, b}}) {
      assertThat(
              TestDb.queryLong(
                  "SELECT count(*) FROM notifications n JOIN events e ON e.seq = n.event_seq"
                      + " WHERE n.channel_id = ? AND e.tenant <> ?",
                  c[0],
                  c[1]))
          .as("notifications to the channel of tenant %s about another tenant's event", c[1])
          .isZero();
    }
    assertThat(kind(receiver.at(pathA).get(0))).isEqualTo("firing");
    assertThat(kind(receiver.at(pathB).get(0))).isEqualTo("firing");

    // a maintenance window on A's web-1, created by A's admin
    long monitorA =
        TestDb.queryLong("SELECT id FROM monitors WHERE tenant = ? AND name = ?", a, MONITOR);
    as(adminA)
        .contentType(ContentType.JSON)
        .body(
            "{\"title\":\"patching\",\"monitor_ids\":["
                + monitorA
                + "],\"starts_at\":\""
                + Instant.now().minusSeconds(60)
                + "\",\"duration\":\"1h\"}")
        .post("/api/maintenance")
        .then()
        .statusCode(201);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                TestDb.queryLong(
                        "SELECT count(*) FROM monitors WHERE id = ? AND in_maintenance", monitorA)
                    == 1);

    // both threads' repeats due at once: one routing pass (one statement reads both) decides both
    TestDb.exec(
        "UPDATE notification_threads SET next_repeat_at = now() - interval '1 second'"
            + " WHERE policy_id IN (?, ?) AND state = 'open'",
        policyA,
        policyB);
    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.at(pathB).size() == 2);
    assertThat(kind(receiver.at(pathB).get(1))).isEqualTo("repeat");
    // the pass that repeated B's thread also took A's due repeat, and sent nothing for it
    assertThat(
            TestDb.queryLong(
                "SELECT count(*) FROM notification_threads WHERE policy_id = ?"
                    + " AND next_repeat_at > now()",
                policyA))
        .isEqualTo(1);
    assertThat(
            TestDb.queryLong(
                "SELECT count(*) FROM notifications WHERE channel_id = ? AND kind = 'repeat'",
                channelA))
        .isZero();
    assertThat(receiver.at(pathA)).hasSize(1);
  }

  @Test
  void channelsPoliciesAndTheLogOfOneTenantAreNotFoundByAnother() {
    String path = "/api-" + a;
    long channelA = channel(adminA, "ops", path);
    // names are unique per tenant: B may have its own "ops"
    long channelB = channel(adminB, "ops", "/api-" + b);
    as(adminA)
        .get("/api/notifications/channels")
        .then()
        .statusCode(200)
        .body("id", hasItem((int) channelA))
        .body("id", not(hasItem((int) channelB)))
        .body("find { it.id == " + channelA + " }.tenant", equalTo(a));
    as(adminB)
        .get("/api/notifications/channels")
        .then()
        .statusCode(200)
        .body("id", not(hasItem((int) channelA)));
    // B can neither test nor delete A's channel: 404, as if it did not exist
    as(adminB)
        .post("/api/notifications/channels/" + channelA + "/test")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    as(adminB)
        .delete("/api/notifications/channels/" + channelA)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    // nor create anything in A
    NotificationFixture.postChannel(
            as(adminB), Map.of("name", "sneaky", "type", "log", "tenant", a))
        .statusCode(403)
        .contentType("application/problem+json")
        .body("type", org.hamcrest.Matchers.endsWith("forbidden-tenant"));
    NotificationFixture.postPolicy(
            as(adminB), Map.of("name", "sneaky", "channel_ids", List.of(channelB), "tenant", a))
        .statusCode(403)
        .contentType("application/problem+json");
    // nor send its own policy to A's channel
    NotificationFixture.postPolicy(
            as(adminB), Map.of("name", "to a", "channel_ids", List.of(channelA)))
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].name", equalTo("channel_ids"))
        .body(
            "errors[0].detail",
            equalTo("no channel of tenant " + b + " has id [" + channelA + "]"));

    long policyA = policy(adminA, channelA);
    as(adminA)
        .get("/api/notifications/policies")
        .then()
        .statusCode(200)
        .body("find { it.id == " + policyA + " }.tenant", equalTo(a));
    as(adminB)
        .get("/api/notifications/policies")
        .then()
        .statusCode(200)
        .body("id", not(hasItem((int) policyA)));
    as(adminB).delete("/api/notifications/policies/" + policyA).then().statusCode(404);

    // A's test notification is in A's log only
    as(adminA).post("/api/notifications/channels/" + channelA + "/test").then().statusCode(202);
    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.at(path).size() == 1);
    as(adminA)
        .queryParam("channel_id", channelA)
        .get("/api/notifications/log")
        .then()
        .statusCode(200)
        .body("channel_id", hasItem((int) channelA));
    as(adminB)
        .queryParam("channel_id", channelA)
        .get("/api/notifications/log")
        .then()
        .statusCode(200)
        .body("$", org.hamcrest.Matchers.empty());
    as(adminB)
        .queryParam("limit", 1000)
        .get("/api/notifications/log")
        .then()
        .statusCode(200)
        .body("channel_id", not(hasItem((int) channelA)));

    // A's admin still manages its own
    as(adminA).delete("/api/notifications/policies/" + policyA).then().statusCode(204);
    as(adminA).delete("/api/notifications/channels/" + channelA).then().statusCode(204);
    as(adminB).delete("/api/notifications/channels/" + channelB).then().statusCode(204);
  }
}
