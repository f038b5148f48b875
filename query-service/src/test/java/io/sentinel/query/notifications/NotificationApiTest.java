package io.sentinel.query.notifications;

import static io.sentinel.query.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class NotificationApiTest {
  static WebhookReceiver receiver;

  @BeforeAll
  static void start() throws Exception {
    receiver = new WebhookReceiver();
  }

  @AfterAll
  static void stop() {
    receiver.close();
  }

  @Test
  void aChannelKeepsItsSecretsAndItsTestNotificationShowsInTheLog() {
    int id =
        NotificationFixture.postChannel(
                given(),
                Map.of(
                    "name", "api hook",
                    "type", "webhook",
                    "secrets", Map.of("url", receiver.url("/api-test"), "signing_key", "k3y")))
            .statusCode(201)
            .body("type", equalTo("webhook"))
            .body("secrets_set", equalTo(List.of("signing_key", "url")))
            .extract()
            .path("id");
    String listed =
        given().get("/api/notifications/channels").then().statusCode(200).extract().asString();
    assertThat(listed).contains("api hook").doesNotContain("k3y").doesNotContain("/api-test");

    given()
        .post("/api/notifications/channels/" + id + "/test")
        .then()
        .statusCode(202)
        .body("kind", equalTo("test"))
        .body("status", equalTo("pending"));
    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.at("/api-test").size() == 1);
    assertThat(receiver.at("/api-test").get(0).body()).contains("\"kind\":\"test\"");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .queryParam("channel_id", id)
                    .get("/api/notifications/log")
                    .then()
                    .statusCode(200)
                    .body("[0].status", equalTo("sent"))
                    .body("[0].attempt_log[0].status_code", equalTo(200)));

    NotificationFixture.postPolicy(
            given(),
            Map.of(
                "name",
                "api policy",
                "channel_ids",
                List.of(id),
                "statuses",
                List.of("down"),
                "group_by",
                "tag:team"))
        .statusCode(201)
        .body("group_by", equalTo("tag:team"))
        .body("repeat_interval_seconds", equalTo(14400));
    int policy =
        given()
            .get("/api/notifications/policies")
            .then()
            .statusCode(200)
            .body("name", hasItem("api policy"))
            .extract()
            .path("find { it.name == 'api policy' }.id");
    // leave nothing routing other test classes' events here
    given().delete("/api/notifications/policies/" + policy).then().statusCode(204);
    given().delete("/api/notifications/channels/" + id).then().statusCode(204);
    given().delete("/api/notifications/policies/" + policy).then().statusCode(404);
  }

  @Test
  void badInputIsAProblemNamingTheFieldAndNeverEchoesASecret() {
    NotificationFixture.postChannel(
            given(),
            Map.of("name", "bad", "type", "slack", "secrets", Map.of("url", "ftp://secret-host/x")))
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].name", equalTo("url"))
        .body(not(org.hamcrest.Matchers.containsString("secret-host")));
    NotificationFixture.postChannel(given(), Map.of("name", "bad", "type", "pagerduty"))
        .statusCode(400)
        .body("errors[0].name", equalTo("secrets.routing_key"));
    NotificationFixture.postPolicy(
            given(),
            Map.of("name", "p", "channel_ids", List.of(987654), "statuses", List.of("sideways")))
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].name", equalTo("statuses"));
    NotificationFixture.postPolicy(given(), Map.of("name", "p", "channel_ids", List.of(987654)))
        .statusCode(400)
        .body("errors[0].detail", equalTo("no channel of tenant default has id [987654]"));
    given().queryParam("status", "lost").get("/api/notifications/log").then().statusCode(400);
    given().delete("/api/notifications/channels/987654").then().statusCode(404);
  }
}
