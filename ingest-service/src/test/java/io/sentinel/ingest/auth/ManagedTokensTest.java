package io.sentinel.ingest.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sentinel.contract.AgentTokenRecord;
import io.sentinel.contract.AgentTokenUse;
import io.sentinel.contract.Json;
import io.sentinel.contract.Sample;
import io.sentinel.contract.Topics;
import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.ingest.Agents;
import io.sentinel.ingest.SamplesTopic;
import io.sentinel.ingest.protocol.json.SampleResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tokens that administrators manage arrive on the compacted topic the query-service publishes (here
 * published by the test, as the query-service would): a published token is accepted with its
 * tenant, a revoked one refused, a bound one writes its monitor only, and the tokens file keeps
 * working beside them.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class ManagedTokensTest {
  private static SamplesTopic samples;
  private static KafkaProducer<String, byte[]> producer;
  private static String bootstrap;

  @Inject ManagedTokens managed;
  @Inject TokenUsage usage;

  @BeforeAll
  static void open() {
    bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    samples = new SamplesTopic(bootstrap);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  @AfterAll
  static void close() {
    samples.close();
    producer.close();
  }

  /** Publishes {@code record} (null value: a tombstone) and waits until ingest applied it. */
  private void publish(String hash, AgentTokenRecord record) throws Exception {
    RecordMetadata m =
        producer
            .send(
                new ProducerRecord<>(
                    Topics.AGENT_TOKENS, hash, record == null ? null : Json.write(record)))
            .get();
    assertThat(
            managed.awaitApplied(
                new TopicPartition(m.topic(), m.partition()), m.offset(), Duration.ofSeconds(30)))
        .as("ingest applied the record")
        .isTrue();
  }

  private static String token() {
    return "sat_" + UUID.randomUUID() + UUID.randomUUID();
  }

  private static String batch(String monitor) {
    return "[{\"monitor\":\"" + monitor + "\",\"metric\":\"cpu\",\"value\":1}]";
  }

  private static io.restassured.response.ValidatableResponse send(String token, String monitor) {
    return given()
        .header("Authorization", "Bearer " + token)
        .contentType(ContentType.JSON)
        .body(batch(monitor))
        .post(SampleResource.PATH)
        .then();
  }

  @Test
  void aPublishedTokenIsAcceptedWithItsTenant() throws Exception {
    String token = token();
    String hash = AgentTokenRecord.hash(token);
    publish(hash, new AgentTokenRecord(hash, "managed-t", null, false));
    Map<TopicPartition, Long> before = samples.mark();
    String monitor = "managed-" + UUID.randomUUID();

    send(token, monitor).statusCode(202);

    List<Sample> mine =
        samples.readSince(before).stream()
            .map(ConsumerRecord::value)
            .filter(s -> s.monitor().equals(monitor))
            .toList();
    assertThat(mine).singleElement().extracting(Sample::tenant).isEqualTo("managed-t");
  }

  @Test
  void aRevokedTokenIsRefusedWith401() throws Exception {
    String token = token();
    String hash = AgentTokenRecord.hash(token);
    publish(hash, new AgentTokenRecord(hash, "managed-t", null, false));
    send(token, "revoked-" + UUID.randomUUID()).statusCode(202);

    publish(hash, new AgentTokenRecord(hash, "managed-t", null, true));

    send(token, "revoked-" + UUID.randomUUID())
        .statusCode(401)
        .contentType(ProblemDetail.MEDIA_TYPE)
        .body("type", equalTo("urn:sentinel:problem:unauthorized"));
  }

  @Test
  void aTombstoneRemovesTheToken() throws Exception {
    String token = token();
    String hash = AgentTokenRecord.hash(token);
    publish(hash, new AgentTokenRecord(hash, "managed-t", null, false));
    publish(hash, null);

    send(token, "gone-" + UUID.randomUUID()).statusCode(401);
  }

  @Test
  void aTokenBoundToAMonitorCannotWriteAnother() throws Exception {
    String token = token();
    String hash = AgentTokenRecord.hash(token);
    publish(hash, new AgentTokenRecord(hash, "managed-t", "bound-web-1", false));
    Map<TopicPartition, Long> before = samples.mark();
    String other = "other-" + UUID.randomUUID();

    send(token, other)
        .statusCode(403)
        .contentType(ProblemDetail.MEDIA_TYPE)
        .body("type", equalTo("urn:sentinel:problem:forbidden-monitor"))
        .body("detail", containsString("bound-web-1"));
    send(token, "bound-web-1").statusCode(202);
    // the push URL needs no monitor parameter: the binding names it
    given()
        .get(io.sentinel.ingest.protocol.Protocol.PUSH_PATH_PREFIX + token)
        .then()
        .statusCode(200);

    assertThat(samples.readSince(before))
        .extracting(r -> r.value().monitor())
        .contains("bound-web-1")
        .doesNotContain(other);
  }

  @Test
  void theTokensFileKeepsWorkingBesideTheTopic() {
    send(Agents.TOKEN, "file-" + UUID.randomUUID()).statusCode(202);
  }

  @Test
  void aManagedTokensUseIsReportedOnTheUsageTopic() throws Exception {
    String token = token();
    String hash = AgentTokenRecord.hash(token);
    publish(hash, new AgentTokenRecord(hash, "managed-t", null, false));
    send(token, "used-" + UUID.randomUUID()).statusCode(202);
    usage.flush();

    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(Topics.AGENT_TOKEN_USAGE, 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp)).get(tp);
      AgentTokenUse found = null;
      while (c.position(tp) < end) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
          if (hash.equals(r.key())) {
            found = Json.read(r.value(), AgentTokenUse.class);
          }
        }
      }
      assertThat(found).as("a usage record of the token").isNotNull();
      assertThat(found.minute() % 60_000).isZero();
    }
  }
}
