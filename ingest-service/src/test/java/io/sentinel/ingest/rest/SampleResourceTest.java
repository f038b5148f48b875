package io.sentinel.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.sentinel.contract.Sample;
import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.ingest.Agents;
import io.sentinel.ingest.SamplesTopic;
import io.sentinel.ingest.protocol.json.SampleResource;
import io.sentinel.ingest.publish.RejectionPublisher;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class SampleResourceTest {
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

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String sample(String monitor, String value) {
    return "{\"monitor\":\"" + monitor + "\",\"metric\":\"cpu_usage\",\"value\":" + value + "}";
  }

  private static ValidatableResponse post(String body) {
    return given()
        .header(Agents.AUTH)
        .contentType(ContentType.JSON)
        .body(body)
        .when()
        .post(SampleResource.PATH)
        .then();
  }

  /**
   * Posts {@code body}, expects a problem answer with {@code status}, then proves nothing of it
   * reached Kafka: only a marker batch posted afterwards shows up between two marks of the topic.
   */
  private static ValidatableResponse rejectedWithNothingPublished(String body, int status) {
    Map<TopicPartition, Long> before = topic.mark();
    ValidatableResponse response =
        post(body)
            .statusCode(status)
            .contentType(ProblemDetail.MEDIA_TYPE)
            .body("status", equalTo(status))
            .body("type", startsWith("urn:sentinel:problem:"))
            .body("title", org.hamcrest.Matchers.notNullValue())
            .body("instance", equalTo(SampleResource.PATH));
    String marker = unique("marker");
    post("[" + sample(marker, "1") + "]").statusCode(202);
    // only the marker's samples, besides the rejection facts that tell the monitor's status
    assertThat(topic.readSince(before))
        .filteredOn(r -> !r.value().metric().equals(RejectionPublisher.METRIC))
        .extracting(ConsumerRecord::key)
        .containsOnly(Agents.TENANT + "/" + marker);
    return response;
  }

  @Test
  void validBatchIsAcknowledgedAndPublishedKeyedByMonitor() {
    String web = unique("web");
    String db = unique("db");
    Map<TopicPartition, Long> before = topic.mark();
    long sentAt = Instant.now().toEpochMilli();

    post("{\"samples\":["
            + "{\"monitor\":\""
            + web
            + "\",\"metric\":\"cpu_usage\",\"labels\":{\"core\":\"0\"},"
            + "\"timestamp\":"
            + (sentAt - 1000)
            + ",\"value\":0.42},"
            + "{\"monitor\":\""
            + web
            + "\",\"metric\":\"latency\",\"timestamp\":\""
            + Instant.ofEpochMilli(sentAt - 2000)
            + "\",\"value\":118.5},"
            + "{\"monitor\":\""
            + db
            + "\",\"metric\":\"up\",\"value\":1}]}")
        .statusCode(202)
        .contentType(ContentType.JSON)
        .body("accepted", equalTo(3));
    long answeredAt = Instant.now().toEpochMilli();

    List<ConsumerRecord<String, Sample>> records = topic.readSince(before);
    assertThat(records)
        .hasSize(3)
        .allSatisfy(r -> assertThat(r.key()).isEqualTo(Agents.TENANT + "/" + r.value().monitor()));
    Map<String, Sample> byMetric =
        records.stream()
            .map(ConsumerRecord::value)
            .collect(Collectors.toMap(Sample::metric, s -> s));
    assertThat(byMetric.get("cpu_usage"))
        .isEqualTo(
            new Sample(
                web,
                "cpu_usage",
                Map.of("core", "0", "tenant", Agents.TENANT),
                sentAt - 1000,
                0.42));
    assertThat(byMetric.get("latency"))
        .isEqualTo(
            new Sample(web, "latency", Map.of("tenant", Agents.TENANT), sentAt - 2000, 118.5));
    assertThat(byMetric.get("up").monitor()).isEqualTo(db);
    assertThat(byMetric.get("up").timestamp()).isBetween(sentAt, answeredAt);
  }

  @Test
  void bareArrayIsAccepted() {
    String monitor = unique("bare");
    Map<TopicPartition, Long> before = topic.mark();

    post("[" + sample(monitor, "1") + "," + sample(monitor, "2") + "]")
        .statusCode(202)
        .body("accepted", equalTo(2));

    assertThat(topic.readSince(before))
        .extracting(r -> r.value().value())
        .containsExactlyInAnyOrder(1.0, 2.0);
  }

  @Test
  void malformedJsonIsRejectedWithLineAndColumn() {
    rejectedWithNothingPublished(
            "{\"samples\":[\n" + sample("m", "1") + ",\n{\"monitor\": }]}", 400)
        .body("type", equalTo("urn:sentinel:problem:malformed-json"))
        .body("line", equalTo(3))
        .body("column", org.hamcrest.Matchers.greaterThan(0))
        .body("detail", containsString("line 3"));
  }

  @Test
  void missingOrBlankMonitorMetricAndValueAreNamed() {
    rejectedWithNothingPublished(
            "["
                + sample("ok", "1")
                + ",{\"metric\":\"x\",\"value\":1},"
                + "{\"monitor\":\"m\",\"metric\":\" \",\"value\":1},{\"monitor\":\"m\",\"metric\":\"x\"}]",
            400)
        .body("type", equalTo("urn:sentinel:problem:invalid-samples"))
        .body("invalidSamples", equalTo(3))
        .body("errors.pointer", equalTo(List.of("/1/monitor", "/2/metric", "/3/value")))
        .body("detail", containsString("3 of 4 samples are invalid"));
  }

  @Test
  void wrongTypesAreNamedBySampleAndField() {
    rejectedWithNothingPublished(
            "{\"samples\":[{\"monitor\":\"m\",\"metric\":\"x\",\"value\":\"0.4\","
                + "\"labels\":{\"core\":0},\"timestamp\":true}]}",
            400)
        .body(
            "errors.pointer",
            org.hamcrest.Matchers.containsInAnyOrder(
                "/samples/0/value", "/samples/0/labels/core", "/samples/0/timestamp"));
  }

  @Test
  void labelsThatAreNotAnObjectAreRejected() {
    rejectedWithNothingPublished(
            "{\"samples\":[{\"monitor\":\"m\",\"metric\":\"x\",\"value\":1,\"labels\":[\"a\"]}]}",
            400)
        .body("errors[0].pointer", equalTo("/samples/0/labels"))
        .body("errors[0].detail", containsString("string"));
  }

  @Test
  void nonFiniteValuesAreRejectedAsNonFinite() {
    rejectedWithNothingPublished(
            "{\"samples\":["
                + sample("m", "NaN")
                + ","
                + sample("m", "Infinity")
                + ","
                + sample("m", "-Infinity")
                + ","
                + sample("m", "1e999")
                + "]}",
            400)
        .body("errors", hasSize(4))
        .body("errors[3].pointer", equalTo("/samples/3/value"))
        .body("errors[3].detail", startsWith("must be a finite number"));
  }

  @Test
  void tooManyLabelsAreRejected() {
    String labels =
        IntStream.range(0, 33)
            .mapToObj(i -> "\"l" + i + "\":\"v\"")
            .collect(Collectors.joining(","));
    rejectedWithNothingPublished(
            "[{\"monitor\":\"m\",\"metric\":\"x\",\"value\":1,\"labels\":{" + labels + "}}]", 400)
        .body("errors[0].pointer", equalTo("/0/labels"))
        .body("errors[0].detail", containsString("at most 32"));
  }

  @Test
  void overlongLabelValueIsRejected() {
    rejectedWithNothingPublished(
            "[{\"monitor\":\"m\",\"metric\":\"x\",\"value\":1,\"labels\":{\"path\":\""
                + "v".repeat(1025)
                + "\"}}]",
            400)
        .body("errors[0].pointer", equalTo("/0/labels/path"));
  }

  @Test
  void timestampsTooFarInTheFutureOrPastAreRejected() {
    long now = Instant.now().toEpochMilli();
    rejectedWithNothingPublished(
            "[{\"monitor\":\"m\",\"metric\":\"x\",\"value\":1,\"timestamp\":"
                + (now + 3_600_000)
                + "},"
                + "{\"monitor\":\"m\",\"metric\":\"x\",\"value\":1,\"timestamp\":\"2001-01-01T00:00:00Z\"}]",
            400)
        .body("errors.pointer", equalTo(List.of("/0/timestamp", "/1/timestamp")))
        .body("errors[0].detail", containsString("future"))
        .body("errors[1].detail", containsString("past"));
  }

  @Test
  void atMostTwentyErrorsAreReportedButAllInvalidSamplesCounted() {
    String batch =
        IntStream.range(0, 30).mapToObj(i -> sample("m", "NaN")).collect(Collectors.joining(","));
    rejectedWithNothingPublished("[" + batch + "]", 400)
        .body("errors", hasSize(20))
        .body("invalidSamples", equalTo(30));
  }

  @Test
  void moreSamplesThanAllowedIs413() {
    String batch =
        IntStream.range(0, 10_001).mapToObj(i -> sample("m", "1")).collect(Collectors.joining(","));
    rejectedWithNothingPublished("{\"samples\":[" + batch + "]}", 413)
        .body("type", equalTo("urn:sentinel:problem:too-many-samples"))
        .body("errors[0].pointer", equalTo("/samples"));
  }

  @Test
  void bodyLargerThanTheLimitIs413ProblemJson() {
    // valid JSON padded with whitespace past 4 MiB, sent with a Content-Length
    String body = "[" + sample("m", "1") + " ".repeat(4 * 1024 * 1024) + "]";
    rejectedWithNothingPublished(body, 413)
        .body("type", equalTo("urn:sentinel:problem:body-too-large"));
  }

  @Test
  void chunkedBodyLargerThanTheLimitIs413ProblemJson() throws Exception {
    byte[] body =
        ("[" + sample("m", "1") + " ".repeat(4 * 1024 * 1024) + "]")
            .getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    io.restassured.RestAssured.baseURI
                        + ":"
                        + io.restassured.RestAssured.port
                        + SampleResource.PATH))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + Agents.TOKEN)
            // no length: sent chunked, so only the service's own counting can stop it
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build();

    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(ProblemDetail.MEDIA_TYPE);
    assertThat(response.body()).contains("body-too-large");
  }

  @Test
  void unsupportedContentTypeIs415ProblemJson() {
    given()
        .header(Agents.AUTH)
        .contentType(ContentType.TEXT)
        .body("cpu_usage 1")
        .when()
        .post(SampleResource.PATH)
        .then()
        .statusCode(415)
        .contentType(ProblemDetail.MEDIA_TYPE)
        .body("status", equalTo(415));
  }

  @Test
  void rejectedSamplesAreCountedByReasonAndMonitor() {
    String monitor = unique("counted");
    post("[" + sample(monitor, "NaN") + "]").statusCode(400);

    given()
        .header(Agents.AUTH)
        .when()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(
            containsString("sentinel_ingest_samples_rejected_total{"),
            containsString("monitor=\"" + monitor + "\""),
            containsString("reason=\"non_finite\""));
  }

  @Test
  void acceptedSamplesAreCounted() {
    post("[" + sample(unique("acc"), "1") + "]").statusCode(202);

    given()
        .header(Agents.AUTH)
        .when()
        .get("/q/metrics")
        .then()
        .body(containsString("sentinel_ingest_samples_accepted_total{protocol=\"json\"}"));
  }
}
