package io.sentinel.query.agenttokens;

import static io.sentinel.query.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sentinel.contract.AgentTokenRecord;
import io.sentinel.contract.AgentTokenUse;
import io.sentinel.contract.Json;
import io.sentinel.contract.Topics;
import io.sentinel.devstack.DevStack;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.Api;
import io.sentinel.query.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Agent tokens through the API on the real broker and database: admins of a tenant create, list,
 * bind and revoke its tokens (operators are refused, another tenant's admin sees none of them), and
 * every change is on the compacted topic ingest reads, as the token's hash, never the token.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class AgentTokenApiTest {
  private static final String PATH = "/api/admin/agent-tokens";

  private String tenantA;
  private String tenantB;
  private String adminA;
  private String adminB;

  @BeforeEach
  void keys() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    tenantA = "tok-a-" + run;
    tenantB = "tok-b-" + run;
    adminA = key(tenantA, "admin");
    adminB = key(tenantB, "admin");
  }

  /** An API key of {@code role} in {@code tenant}, created by the bootstrap admin. */
  private static String key(String tenant, String role) {
    return Api.apiKey("agent-tokens-" + role + "-" + tenant, role, tenant);
  }

  private static Map<String, Object> create(String key, Map<String, Object> body) {
    return as(key)
        .contentType(ContentType.JSON)
        .body(body)
        .post(PATH)
        .then()
        .statusCode(201)
        .body("token", startsWith("sat_"))
        .extract()
        .jsonPath()
        .getMap("");
  }

  /** The latest record of every hash on the topic, read from the beginning to its end. */
  private static Map<String, AgentTokenRecord> topic() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStack.kafka().bootstrapServers());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    Map<String, AgentTokenRecord> latest = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.AGENT_TOKENS).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          latest.put(r.key(), Json.read(r.value(), AgentTokenRecord.class));
        }
      }
    }
    return latest;
  }

  @Test
  void anAdminCreatesATokenShownOnceAndPublishedAsItsHash() {
    Map<String, Object> created = create(adminA, Map.of("name", "web agents"));
    String token = (String) created.get("token");
    @SuppressWarnings("unchecked")
    Map<String, Object> row = (Map<String, Object>) created.get("agent_token");
    assertThat(row.get("tenant")).isEqualTo(tenantA);
    assertThat(row.get("prefix")).isEqualTo(token.substring(0, 12));
    assertThat(row.get("monitor")).isNull();
    String hash = AgentTokenRecord.hash(token);
    assertThat(row.get("hash")).isEqualTo(hash);

    assertThat(topic().get(hash)).isEqualTo(new AgentTokenRecord(hash, tenantA, null, false));
    // listed, never with the token itself
    String list = as(adminA).get(PATH).then().statusCode(200).extract().asString();
    assertThat(list).contains(hash).doesNotContain(token);
  }

  @Test
  void anOperatorCannotManageAgentTokens() {
    String operator = key(tenantA, "operator");
    as(operator)
        .contentType(ContentType.JSON)
        .body(Map.of("name", "x"))
        .post(PATH)
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    as(operator).get(PATH).then().statusCode(403);
  }

  @Test
  void anAdminOfAnotherTenantNeitherSeesNorChangesTheTokens() {
    Map<String, Object> created = create(adminA, Map.of("name", "a's agents"));
    int id = ((Number) ((Map<?, ?>) created.get("agent_token")).get("id")).intValue();

    as(adminB).get(PATH).then().statusCode(200).body("id", not(hasItem(id)));
    as(adminB)
        .delete(PATH + "/" + id)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    as(adminB)
        .contentType(ContentType.JSON)
        .body(Map.of("monitor", "web-1"))
        .put(PATH + "/" + id + "/monitor")
        .then()
        .statusCode(404);
    as(adminB)
        .contentType(ContentType.JSON)
        .body(Map.of("name", "into a", "tenant", tenantA))
        .post(PATH)
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("type", org.hamcrest.Matchers.endsWith("forbidden-tenant"));
    // still alive for a
    as(adminA).get(PATH).then().body("find { it.id == " + id + " }.revoked_at", nullValue());
  }

  @Test
  void bindingAndRevokingArePublished() {
    Map<String, Object> created = create(adminA, Map.of("name", "push web-1"));
    String hash = AgentTokenRecord.hash((String) created.get("token"));
    int id = ((Number) ((Map<?, ?>) created.get("agent_token")).get("id")).intValue();

    as(adminA)
        .contentType(ContentType.JSON)
        .body(Map.of("monitor", "web-1"))
        .put(PATH + "/" + id + "/monitor")
        .then()
        .statusCode(200)
        .body("monitor", equalTo("web-1"));
    assertThat(topic().get(hash)).isEqualTo(new AgentTokenRecord(hash, tenantA, "web-1", false));

    as(adminA)
        .delete(PATH + "/" + id)
        .then()
        .statusCode(200)
        .body("revoked_at", notNullValue())
        .body("revoked_by", startsWith("api-key:"));
    assertThat(topic().get(hash)).isEqualTo(new AgentTokenRecord(hash, tenantA, "web-1", true));

    as(adminA)
        .contentType(ContentType.JSON)
        .body(Map.of("monitor", "web-2"))
        .put(PATH + "/" + id + "/monitor")
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
  }

  @Test
  void aTokenCannotBeCreatedWithoutAName() {
    as(adminA)
        .contentType(ContentType.JSON)
        .body("{}")
        .post(PATH)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.name", hasItem("name"));
  }

  @Test
  void theLastUseIngestReportsIsListed() {
    Map<String, Object> created = create(adminA, Map.of("name", "used"));
    String hash = AgentTokenRecord.hash((String) created.get("token"));
    int id = ((Number) ((Map<?, ?>) created.get("agent_token")).get("id")).intValue();
    Instant minute = Instant.parse("2026-01-02T03:04:00Z");

    TestKafka.send(
        Topics.AGENT_TOKEN_USAGE, hash, Json.write(new AgentTokenUse(hash, minute.toEpochMilli())));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                as(adminA)
                    .get(PATH)
                    .then()
                    .body(
                        "find { it.id == " + id + " }.last_used_at",
                        startsWith("2026-01-02T03:04")));
  }
}
