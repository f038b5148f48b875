package io.sentinel.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.ingest.Agents;
import io.sentinel.ingest.protocol.json.SampleResource;
import io.sentinel.ingest.protocol.otlp.OtlpResource;
import io.sentinel.ingest.protocol.remotewrite.RemoteWriteResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(KafkaUnavailableTest.UnreachableKafka.class)
class KafkaUnavailableTest {

  /** Bootstrap at a local port nobody listens on, and short producer timeouts. */
  public static class UnreachableKafka implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "kafka.bootstrap.servers", "localhost:" + closedPort(),
          "sentinel.ingest.producer.max-block", "1s",
          "sentinel.ingest.producer.request-timeout", "1s",
          "sentinel.ingest.producer.delivery-timeout", "2s",
          "sentinel.ingest.kafka-health-timeout", "1s",
          "sentinel.ingest.retry-after", "7s");
    }

    private static int closedPort() {
      try (ServerSocket socket = new ServerSocket(0)) {
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void unreachableKafkaAnswers503WithRetryAfter() {
    given()
        .header(Agents.AUTH)
        .contentType(ContentType.JSON)
        .body("[{\"monitor\":\"web-1\",\"metric\":\"cpu_usage\",\"value\":0.42}]")
        .when()
        .post(SampleResource.PATH)
        .then()
        .statusCode(503)
        .header("Retry-After", "7")
        .contentType(ProblemDetail.MEDIA_TYPE)
        .body("type", equalTo("urn:sentinel:problem:kafka-unavailable"))
        .body("status", equalTo(503));
  }

  @Test
  void largeBatchFailsAsAWholeInsteadOfWaitingPerSample() {
    String batch =
        java.util.stream.IntStream.range(0, 500)
            .mapToObj(i -> "{\"monitor\":\"web-" + i + "\",\"metric\":\"cpu_usage\",\"value\":1}")
            .collect(java.util.stream.Collectors.joining(",", "[", "]"));

    given()
        .header(Agents.AUTH)
        .contentType(ContentType.JSON)
        .body(batch)
        .when()
        .post(SampleResource.PATH)
        .then()
        .statusCode(503)
        .header("Retry-After", "7");
  }

  @Test
  void invalidInputIsStillRejectedWith400() {
    given()
        .header(Agents.AUTH)
        .contentType(ContentType.JSON)
        .body("[{\"monitor\":\"web-1\",\"metric\":\"cpu_usage\",\"value\":NaN}]")
        .when()
        .post(SampleResource.PATH)
        .then()
        .statusCode(400)
        .body("errors[0].pointer", equalTo("/0/value"));
  }

  @Test
  void readinessIsDownWhileLivenessIsUp() {
    given().when().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
    given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void remoteWriteAndOtlpAnswer503InTheirOwnFormSoTheSenderRetries() {
    given()
        .header(Agents.AUTH)
        .contentType("application/x-protobuf")
        .header("Content-Encoding", "snappy")
        .body(
            Payloads.snappy(
                Payloads.writeRequest("web-1", System.currentTimeMillis()).toByteArray()))
        .post(RemoteWriteResource.PATH)
        .then()
        .statusCode(503)
        .header("Retry-After", "7")
        .body(org.hamcrest.Matchers.containsString("Kafka"));
    given()
        .header(Agents.AUTH)
        .contentType(ContentType.JSON)
        .body(
            "{\"resourceMetrics\":[{\"resource\":{\"attributes\":[{\"key\":\"host.name\",\"value\":{\"stringValue\":\"h\"}}]},"
                + "\"scopeMetrics\":[{\"metrics\":[{\"name\":\"g\",\"gauge\":{\"dataPoints\":[{\"asDouble\":1}]}}]}]}]}")
        .post(OtlpResource.PATH)
        .then()
        .statusCode(503)
        .header("Retry-After", "7")
        .body("code", equalTo(14));
  }
}
