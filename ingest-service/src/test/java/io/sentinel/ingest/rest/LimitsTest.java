package io.sentinel.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sentinel.contract.Sample;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.ingest.Agents;
import io.sentinel.ingest.SamplesTopic;
import io.sentinel.ingest.prompb.Remote.WriteRequest;
import io.sentinel.ingest.protocol.influx.InfluxResource;
import io.sentinel.ingest.protocol.json.SampleResource;
import io.sentinel.ingest.protocol.otlp.OtlpResource;
import io.sentinel.ingest.publish.RejectionPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The limits every protocol shares, and the rejection facts that let a monitor show Errors. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class LimitsTest {
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

  @Test
  void aMonitorBeyondMaxSeriesGetsItsNewSeriesRejectedAndAnErrorsFactPublished() {
    String monitor = "cardinal-" + UUID.randomUUID();
    long t = System.currentTimeMillis();
    // 1000 series fit (the default limit)...
    WriteRequest.Builder fits = WriteRequest.newBuilder();
    for (int i = 0; i < 1000; i++) {
      fits.addTimeseries(
          Payloads.series(1, t, "__name__", "requests", "instance", monitor, "user_id", "u" + i));
    }
    RemoteWriteTest.post(Payloads.snappy(fits.build().toByteArray())).statusCode(204);
    // ...the 1001st does not, an old one still does
    Map<TopicPartition, Long> before = topic.mark();
    WriteRequest more =
        WriteRequest.newBuilder()
            .addTimeseries(
                Payloads.series(
                    1, t + 1, "__name__", "requests", "instance", monitor, "user_id", "u0"))
            .addTimeseries(
                Payloads.series(
                    1, t + 1, "__name__", "requests", "instance", monitor, "user_id", "u1000"))
            .build();
    RemoteWriteTest.post(Payloads.snappy(more.toByteArray()))
        .statusCode(400)
        .body(containsString("already has 1000 series (sentinel.ingest.max-series-per-monitor)"))
        .body(containsString("user_id=u1000"));
    List<Sample> published =
        topic.readSince(before).stream()
            .map(ConsumerRecord::value)
            .filter(s -> s.monitor().equals(monitor))
            .toList();
    assertThat(published)
        .filteredOn(s -> s.metric().equals("requests"))
        .extracting(s -> s.labels().get("user_id"))
        .containsExactly("u0");
    assertThat(published)
        .filteredOn(s -> s.metric().equals(RejectionPublisher.METRIC))
        .singleElement()
        .satisfies(
            fact -> {
              assertThat(fact.value()).isEqualTo(1);
              assertThat(fact.labels())
                  .containsEntry("reason", "too_many_series")
                  .containsEntry("protocol", "remote_write")
                  .containsEntry("source", RejectionPublisher.SOURCE)
                  .containsEntry("tenant", Agents.TENANT);
            });
  }

  @Test
  void rejectionFactsCountEachReasonPerMonitor() {
    String monitor = "faulty-" + UUID.randomUUID();
    String body =
        "["
            + IntStream.range(0, 3)
                .mapToObj(i -> "{\"monitor\":\"" + monitor + "\",\"metric\":\"m\",\"value\":\"x\"}")
                .collect(Collectors.joining(","))
            + ",{\"monitor\":\""
            + monitor
            + "\",\"metric\":\"m\",\"timestamp\":1,\"value\":1}]";
    Map<TopicPartition, Long> before = topic.mark();
    given()
        .header(Agents.AUTH)
        .contentType(ContentType.JSON)
        .body(body)
        .post(SampleResource.PATH)
        .then()
        .statusCode(400);
    // the facts are published after the 400 is answered: wait for them
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Map<String, Double> facts =
                  topic.readSince(before).stream()
                      .map(ConsumerRecord::value)
                      .filter(
                          s ->
                              s.monitor().equals(monitor)
                                  && s.metric().equals(RejectionPublisher.METRIC))
                      .collect(Collectors.toMap(s -> s.labels().get("reason"), Sample::value));
              assertThat(facts)
                  .containsOnly(Map.entry("wrong_type", 3.0), Map.entry("timestamp_too_old", 1.0));
            });
  }

  @Test
  void tooManyLabelsAndOverlongLabelsAreNamedOnEveryProtocol() {
    String host = "labels-" + UUID.randomUUID();
    String tags =
        IntStream.range(0, 33).mapToObj(i -> "t" + i + "=v").collect(Collectors.joining(","));
    given()
        .header(Agents.AUTH)
        .body("cpu,host=" + host + "," + tags + " usage=1")
        .post(InfluxResource.V2_PATH)
        .then()
        .statusCode(400)
        .body("message", containsString("line 1: usage/labels: has 33 labels, at most 32 allowed"));
    List<String> series =
        new ArrayList<>(List.of("__name__", "up", "instance", host, "long", "x".repeat(1025)));
    RemoteWriteTest.post(
            Payloads.snappy(
                WriteRequest.newBuilder()
                    .addTimeseries(
                        Payloads.series(
                            1, System.currentTimeMillis(), series.toArray(String[]::new)))
                    .build()
                    .toByteArray()))
        .statusCode(400)
        .body(containsString("label value must be at most 1024 characters, got 1025"));
  }

  @Test
  void timestampsTooFarAheadAreRejectedOnOtlpAsPartialSuccess() {
    long future = (System.currentTimeMillis() + 3_600_000L) * 1_000_000L;
    String json =
        "{\"resourceMetrics\":[{\"resource\":{\"attributes\":[{\"key\":\"host.name\",\"value\":{\"stringValue\":\"h\"}}]},"
            + "\"scopeMetrics\":[{\"metrics\":[{\"name\":\"g\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\""
            + future
            + "\",\"asDouble\":1}]}}]}]}]}";
    given()
        .header(Agents.AUTH)
        .contentType(ContentType.JSON)
        .body(json)
        .post(OtlpResource.PATH)
        .then()
        .statusCode(200)
        .body("partialSuccess.rejectedDataPoints", org.hamcrest.Matchers.equalTo("1"))
        .body(
            "partialSuccess.errorMessage",
            containsString("in the future; check the agent's clock"));
  }

  @Test
  void oversizedBodiesAre413OnEveryProtocolInItsOwnForm() {
    byte[] big = new byte[4 * 1024 * 1024 + 1];
    java.util.Arrays.fill(big, (byte) 'a');
    given()
        .header(Agents.AUTH)
        .body(big)
        .post(InfluxResource.V2_PATH)
        .then()
        .statusCode(413)
        .body("code", org.hamcrest.Matchers.equalTo("request too large"));
    given()
        .header(Agents.AUTH)
        .contentType(ContentType.JSON)
        .body(big)
        .post(OtlpResource.PATH)
        .then()
        .statusCode(413)
        .body("code", org.hamcrest.Matchers.equalTo(3));
    RemoteWriteTest.post(big)
        .statusCode(413)
        .body(containsString("exceeds the limit of 4194304 bytes"));
  }
}
