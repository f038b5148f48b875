package io.sentinel.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sentinel.contract.FactSamples;
import io.sentinel.contract.Sample;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.ingest.Agents;
import io.sentinel.ingest.SamplesTopic;
import io.sentinel.ingest.protocol.push.Heartbeats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class PushTest {
  private static SamplesTopic topic;

  @BeforeAll
  static void openTopic() {
    topic =
        new SamplesTopic(
            ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
  }

  @AfterAll
  static void closeTopic() {
    topic.close();
  }

  /**
   * Heartbeats of the monitor since the mark (rejection facts, published asynchronously, left out).
   */
  private List<ConsumerRecord<String, Sample>> publishedFor(
      Map<TopicPartition, Long> before, String monitor) {
    return topic.readSince(before).stream()
        .filter(
            r -> r.value().monitor().equals(monitor) && !FactSamples.isIngestRejection(r.value()))
        .toList();
  }

  private static String header(ConsumerRecord<?, ?> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void upPushWithBoundTokenPublishesUpAndPingWithTheMessage() {
    Map<TopicPartition, Long> before = topic.mark();
    given()
        .get("/api/push/" + Agents.PUSH_TOKEN + "?status=up&msg=OK&ping=42.5")
        .then()
        .statusCode(200)
        .body("ok", equalTo(true));
    List<ConsumerRecord<String, Sample>> records = publishedFor(before, Agents.PUSH_MONITOR);
    assertThat(records)
        .extracting(r -> r.value().metric() + "=" + r.value().value())
        .containsExactlyInAnyOrder(Heartbeats.UP + "=1.0", Heartbeats.PING + "=42.5");
    assertThat(records)
        .allSatisfy(
            r -> {
              assertThat(r.value().labels())
                  .containsEntry("source", "push")
                  .containsEntry("tenant", Agents.TENANT);
              assertThat(header(r, Heartbeats.STATUS_HEADER)).isEqualTo("up");
              assertThat(header(r, Heartbeats.MESSAGE_HEADER)).isEqualTo("OK");
            });
  }

  @Test
  void downPushByPostWithMonitorParameterPublishesZero() {
    String monitor = "check-" + UUID.randomUUID();
    Map<TopicPartition, Long> before = topic.mark();
    given()
        .post(
            "/api/push/" + Agents.TOKEN + "?status=down&msg=connection refused&monitor=" + monitor)
        .then()
        .statusCode(200)
        .body("ok", equalTo(true));
    List<ConsumerRecord<String, Sample>> records = publishedFor(before, monitor);
    assertThat(records)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.value().metric()).isEqualTo(Heartbeats.UP);
              assertThat(r.value().value()).isZero();
              assertThat(header(r, Heartbeats.STATUS_HEADER)).isEqualTo("down");
              assertThat(header(r, Heartbeats.MESSAGE_HEADER)).isEqualTo("connection refused");
            });
  }

  @Test
  void errorPushPublishesTheErrorWithTheMessage() {
    Map<TopicPartition, Long> before = topic.mark();
    given()
        .get("/api/push/" + Agents.PUSH_TOKEN + "?status=error&msg=probe certificate expired")
        .then()
        .statusCode(200)
        .body("ok", equalTo(true));
    assertThat(publishedFor(before, Agents.PUSH_MONITOR))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.value().metric()).isEqualTo(Heartbeats.ERROR);
              assertThat(r.value().value()).isEqualTo(1.0);
              assertThat(r.value().labels()).containsEntry("source", "push");
              assertThat(header(r, Heartbeats.STATUS_HEADER)).isEqualTo("error");
              assertThat(header(r, Heartbeats.MESSAGE_HEADER))
                  .isEqualTo("probe certificate expired");
            });
  }

  @Test
  void aBadPushOfAKnownMonitorIsRecordedAsRejectedDataOfThatMonitor() {
    String monitor = "check-" + UUID.randomUUID();
    Map<TopicPartition, Long> before = topic.mark();
    given()
        .get("/api/push/" + Agents.TOKEN + "?status=sideways&monitor=" + monitor)
        .then()
        .statusCode(400);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(topic.readSince(before))
                    .filteredOn(
                        r ->
                            r.value().monitor().equals(monitor)
                                && FactSamples.isIngestRejection(r.value()))
                    .singleElement()
                    .satisfies(
                        r -> {
                          assertThat(r.value().metric()).isEqualTo(FactSamples.INGEST_REJECTED);
                          assertThat(r.value().labels())
                              .containsEntry(FactSamples.REASON_LABEL, "malformed")
                              .containsEntry(FactSamples.PROTOCOL_LABEL, "push");
                        }));
  }

  @Test
  void badPushesAre400InKumasForm() {
    given()
        .get("/api/push/" + Agents.PUSH_TOKEN + "?status=sideways")
        .then()
        .statusCode(400)
        .body("ok", equalTo(false))
        .body("msg", containsString("'up', 'down' or 'error'"));
    given()
        .get("/api/push/" + Agents.PUSH_TOKEN + "?ping=fast")
        .then()
        .statusCode(400)
        .body("msg", containsString("ping must be a number"));
    given()
        .get("/api/push/" + Agents.TOKEN + "?status=up")
        .then()
        .statusCode(400)
        .body("msg", containsString("bound to no monitor"));
    given()
        .get("/api/push/" + Agents.PUSH_TOKEN + "?monitor=someone-else")
        .then()
        .statusCode(400)
        .body("msg", containsString("bound to monitor '" + Agents.PUSH_MONITOR + "'"));
    given()
        .get("/api/push/" + Agents.PUSH_TOKEN + "?ping=Infinity")
        .then()
        .statusCode(400)
        .body("msg", containsString("finite"));
  }
}
