package io.sentinel.query.system;

import static io.sentinel.query.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sentinel.contract.Json;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Topics;
import io.sentinel.devstack.DevStack;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.Api;
import io.sentinel.query.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Dead letters listed with their reasons, and replayed after a fix, on the real broker. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class DeadLetterApiTest {
  private static final String EVENTS_DLQ = Topics.dlq(Topics.EVENTS);

  private static List<Map<String, Object>> deadLetters(String topic) {
    return given()
        .queryParam("limit", 500)
        .when()
        .get("/api/system/dead-letters/" + topic)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$");
  }

  @Test
  void aRecordTheConsumerRejectsIsListedWithItsReason() {
    String monitor = TestKafka.monitor("poison");
    TestKafka.sendRaw(Topics.EVENTS, monitor, "not json at all");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> deadLetters(EVENTS_DLQ).stream().anyMatch(d -> monitor.equals(d.get("key"))));
    Map<String, Object> d =
        deadLetters(EVENTS_DLQ).stream()
            .filter(x -> monitor.equals(x.get("key")))
            .findFirst()
            .orElseThrow();
    assertThat(d.get("topic")).isEqualTo(EVENTS_DLQ);
    assertThat((String) d.get("reason")).isNotBlank();
    assertThat(d.get("value")).isEqualTo("not json at all");
    // and GET /api/system counts it and shows the newest reasons
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .get("/api/system")
                    .then()
                    .statusCode(200)
                    .body(
                        "dead_letters.find { it.topic == '" + EVENTS_DLQ + "' }.newest.key",
                        org.hamcrest.Matchers.hasItem(monitor)));
  }

  @Test
  void aReplayedDeadLetterIsMaterializedOnce() throws Exception {
    String monitor = TestKafka.monitor("replayed");
    String id = UUID.randomUUID().toString();
    byte[] event =
        Json.write(
            MonitorEvent.monitorDiscovered(id, monitor, System.currentTimeMillis(), "replayed"));
    // dead-lettered as the consumer does it: the record as it came, with the reason in a header
    RecordMetadata at;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStack.kafka().bootstrapServers());
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            p,
            new StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      ProducerRecord<String, byte[]> r = new ProducerRecord<>(EVENTS_DLQ, monitor, event);
      r.headers()
          .add(
              Topics.DLQ_REASON_HEADER,
              "database unavailable for too long".getBytes(StandardCharsets.UTF_8));
      at = producer.send(r).get();
    }
    given()
        .queryParam("q", monitor)
        .get("/api/monitors")
        .then()
        .statusCode(200)
        .body("$", hasSize(0));

    given()
        .contentType("application/json")
        .body(
            "{\"records\":[{\"partition\":"
                + at.partition()
                + ",\"offset\":"
                + at.offset()
                + "},{\"partition\":"
                + at.partition()
                + ",\"offset\":999999999}]}")
        .when()
        .post("/api/system/dead-letters/" + EVENTS_DLQ + "/replay")
        .then()
        .statusCode(200)
        .body("source", equalTo(Topics.EVENTS))
        .body("replayed", equalTo(1))
        .body("results[0].replayed", equalTo(true))
        .body("results[1].replayed", equalTo(false))
        .body("results[1].problem", containsString("no record"));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .queryParam("q", monitor)
                    .get("/api/monitors")
                    .then()
                    .statusCode(200)
                    .body("$", hasSize(1)));
    given()
        .queryParam("monitor", monitor)
        .get("/api/events")
        .then()
        .statusCode(200)
        .body("$", hasSize(1));
  }

  @Test
  void badReplaysAndUnknownTopicsSayWhatIsWrong() {
    given()
        .contentType("application/json")
        .body("{\"records\":[]}")
        .when()
        .post("/api/system/dead-letters/" + EVENTS_DLQ + "/replay")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].name", equalTo("records"));
    given()
        .contentType("application/json")
        .body("{\"records\":[{\"partition\":-1,\"offset\":0}]}")
        .when()
        .post("/api/system/dead-letters/" + EVENTS_DLQ + "/replay")
        .then()
        .statusCode(400)
        .body("errors[0].name", equalTo("records[0]"));
    given()
        .when()
        .get("/api/system/dead-letters/sentinel.other.dlq")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("sentinel.events.dlq"));
    given()
        .queryParam("limit", "abc")
        .when()
        .get("/api/system/dead-letters/" + EVENTS_DLQ)
        .then()
        .statusCode(400)
        .body("errors[0].name", equalTo("limit"));
  }

  /** An API key of {@code tenant} with {@code role}, created by the bootstrap admin. */
  private static String key(String tenant, String role) {
    return Api.apiKey("dlq-" + tenant, role, tenant);
  }

  /** Dead-letters an event as the consumer does: the record as it came, the reason in a header. */
  private static RecordMetadata deadLetter(String key, byte[] value) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStack.kafka().bootstrapServers());
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            p,
            new StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      ProducerRecord<String, byte[]> r = new ProducerRecord<>(EVENTS_DLQ, key, value);
      r.headers().add(Topics.DLQ_REASON_HEADER, "poison".getBytes(StandardCharsets.UTF_8));
      return producer.send(r).get();
    }
  }

  @Test
  void aTenantSeesAndReplaysOnlyItsOwnDeadLetters() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String a = "dlq-a-" + run;
    String b = "dlq-b-" + run;
    String monitor = TestKafka.monitor("dlq-tenant");
    // A's record names its tenant in the value; B's is not JSON, its key (tenant/monitor) tells
    RecordMetadata ofA =
        deadLetter(
            a + "/" + monitor,
            Json.write(
                MonitorEvent.monitorDiscovered(
                        UUID.randomUUID().toString(), monitor, System.currentTimeMillis(), "x")
                    .inTenant(a)));
    deadLetter(b + "/" + monitor, "not json".getBytes(StandardCharsets.UTF_8));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                deadLetters(EVENTS_DLQ).stream()
                        .filter(d -> String.valueOf(d.get("key")).endsWith("/" + monitor))
                        .count()
                    == 2);
    String keyB = "Bearer " + key(b, "admin");
    List<Map<String, Object>> seenByB =
        io.restassured.RestAssured.given()
            .header("Authorization", keyB)
            .queryParam("limit", 500)
            .get("/api/system/dead-letters/" + EVENTS_DLQ)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    assertThat(seenByB).isNotEmpty().allMatch(d -> b.equals(d.get("tenant")));
    assertThat(seenByB).anyMatch(d -> (b + "/" + monitor).equals(d.get("key")));
    // /api/system: only B's records among the newest
    io.restassured.RestAssured.given()
        .header("Authorization", keyB)
        .get("/api/system")
        .then()
        .statusCode(200)
        .body("dead_letters.newest.flatten().tenant", org.hamcrest.Matchers.everyItem(equalTo(b)));
    // B's admin cannot replay A's record: answered as one that does not exist
    io.restassured.RestAssured.given()
        .header("Authorization", keyB)
        .contentType("application/json")
        .body(
            "{\"records\":[{\"partition\":"
                + ofA.partition()
                + ",\"offset\":"
                + ofA.offset()
                + "}]}")
        .post("/api/system/dead-letters/" + EVENTS_DLQ + "/replay")
        .then()
        .statusCode(200)
        .body("replayed", equalTo(0))
        .body("results[0].problem", containsString("no record"));
  }
}
