package io.sentinel.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sentinel.contract.Sample;
import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.ingest.Agents;
import io.sentinel.ingest.SamplesTopic;
import io.sentinel.ingest.protocol.json.SampleResource;
import io.sentinel.ingest.protocol.otlp.OtlpResource;
import io.sentinel.ingest.protocol.remotewrite.RemoteWriteResource;
import java.util.Base64;
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
class AuthTest {
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

  private static String batch(String monitor) {
    return "[{\"monitor\":\"" + monitor + "\",\"metric\":\"cpu\",\"value\":1}]";
  }

  @Test
  void jsonWithoutTokenIs401WithChallengeAndProblem() {
    given()
        .contentType(ContentType.JSON)
        .body(batch("web-1"))
        .post(SampleResource.PATH)
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", containsString("Bearer"))
        .contentType(ProblemDetail.MEDIA_TYPE)
        .body("type", equalTo("urn:sentinel:problem:unauthorized"))
        .body("detail", containsString("Authorization: Bearer"));
  }

  @Test
  void wrongTokenIs401AndNothingIsPublished() {
    Map<TopicPartition, Long> before = topic.mark();
    String monitor = "intruder-" + UUID.randomUUID();
    given()
        .header("Authorization", "Bearer not-a-token-of-ours-at-all")
        .contentType(ContentType.JSON)
        .body(batch(monitor))
        .post(SampleResource.PATH)
        .then()
        .statusCode(401)
        .body("detail", equalTo("The agent token is not valid."));
    given()
        .header(Agents.AUTH)
        .contentType(ContentType.JSON)
        .body(batch("marker"))
        .post(SampleResource.PATH)
        .then()
        .statusCode(202);
    assertThat(topic.readSince(before))
        .extracting(r -> r.value().monitor())
        .doesNotContain(monitor);
  }

  @Test
  void eachTokenStampsItsTenantOnEverySampleOverridingTheAgentsOwn() {
    Map<TopicPartition, Long> before = topic.mark();
    String monitor = "tenant-" + UUID.randomUUID();
    given()
        .header("Authorization", "Bearer " + Agents.OTHER_TOKEN)
        .contentType(ContentType.JSON)
        .body(
            "[{\"monitor\":\""
                + monitor
                + "\",\"metric\":\"cpu\",\"labels\":{\"tenant\":\"acme\"},\"value\":1}]")
        .post(SampleResource.PATH)
        .then()
        .statusCode(202);
    List<Sample> mine =
        topic.readSince(before).stream()
            .map(ConsumerRecord::value)
            .filter(s -> s.monitor().equals(monitor))
            .toList();
    assertThat(mine)
        .singleElement()
        .satisfies(s -> assertThat(s.labels()).containsEntry("tenant", Agents.OTHER_TENANT));
  }

  @Test
  void theKafkaKeyCarriesTheTokensTenantSoTwoTenantsSameMonitorAreTwoKeys() {
    Map<TopicPartition, Long> before = topic.mark();
    String monitor = "web-" + UUID.randomUUID();
    for (String token : List.of(Agents.TOKEN, Agents.OTHER_TOKEN)) {
      given()
          .header("Authorization", "Bearer " + token)
          .contentType(ContentType.JSON)
          .body(batch(monitor))
          .post(SampleResource.PATH)
          .then()
          .statusCode(202);
    }
    List<ConsumerRecord<String, Sample>> mine =
        topic.readSince(before).stream().filter(r -> r.value().monitor().equals(monitor)).toList();
    assertThat(mine)
        .extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder(
            Agents.TENANT + "/" + monitor, Agents.OTHER_TENANT + "/" + monitor);
    assertThat(mine)
        .allSatisfy(r -> assertThat(r.key()).startsWith(r.value().tenant() + "/"))
        .extracting(r -> r.value().tenant())
        .containsExactlyInAnyOrder(Agents.TENANT, Agents.OTHER_TENANT);
  }

  @Test
  void influxTakesTheTokenSchemeBasicAuthAndThePParameter() {
    String line = "cpu,host=h1 usage=1";
    given()
        .header("Authorization", "Token " + Agents.TOKEN)
        .body(line)
        .post("/api/v2/write")
        .then()
        .statusCode(204);
    given()
        .auth()
        .preemptive()
        .basic("telegraf", Agents.TOKEN)
        .body(line)
        .post("/write")
        .then()
        .statusCode(204);
    given()
        .queryParam("u", "telegraf")
        .queryParam("p", Agents.TOKEN)
        .body(line)
        .post("/write")
        .then()
        .statusCode(204);
  }

  @Test
  void influxWithoutTokenAnswersInfluxErrorForms() {
    given()
        .body("cpu,host=h1 usage=1")
        .post("/api/v2/write")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", containsString("Token"))
        .body("code", equalTo("unauthorized"));
    given()
        .body("cpu,host=h1 usage=1")
        .post("/write")
        .then()
        .statusCode(401)
        .body("error", containsString("token"));
  }

  @Test
  void remoteWriteWithoutTokenIs401AsText() {
    given()
        .contentType("application/x-protobuf")
        .header("Content-Encoding", "snappy")
        .body(new byte[0])
        .post(RemoteWriteResource.PATH)
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", containsString("Basic"))
        .contentType(containsString("text/plain"));
  }

  @Test
  void remoteWriteTakesBasicAuthWithTheTokenAsPassword() {
    given()
        .header(
            "Authorization",
            "Basic "
                + Base64.getEncoder().encodeToString(("prometheus:" + Agents.TOKEN).getBytes()))
        .contentType("application/x-protobuf")
        .header("Content-Encoding", "snappy")
        .body(
            Payloads.snappy(
                Payloads.writeRequest("auth-" + UUID.randomUUID(), System.currentTimeMillis())
                    .toByteArray()))
        .post(RemoteWriteResource.PATH)
        .then()
        .statusCode(204);
  }

  @Test
  void otlpWithoutTokenIs401AsGoogleRpcStatus() {
    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .post(OtlpResource.PATH)
        .then()
        .statusCode(401)
        .body("code", equalTo(16))
        .body("message", containsString("token"));
  }

  @Test
  void pushWithUnknownPathTokenIs401InKumasForm() {
    given()
        .get("/api/push/no-such-push-token-000?status=up")
        .then()
        .statusCode(401)
        .body("ok", equalTo(false))
        .body("msg", containsString("not valid"));
  }

  @Test
  void platformEndpointsNeedNoToken() {
    given().get("/q/health/live").then().statusCode(200);
    given().get("/q/metrics").then().statusCode(200);
  }
}
