package io.sentinel.detector;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sentinel.detector.topology.StreamThreadRecovery;
import io.sentinel.devstack.KafkaTestResource;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class DetectorServiceTest {
  @Inject Instance<StreamsUncaughtExceptionHandler> uncaughtExceptionHandler;

  /**
   * The Kafka Streams extension installs the one {@link StreamsUncaughtExceptionHandler} bean
   * before it starts the client: the detector's must be that bean, or a dead stream thread stops
   * the detector for good (Kafka Streams' default).
   */
  @Test
  void aDeadStreamThreadIsHandledByTheDetectorsRecovery() {
    assertThat(uncaughtExceptionHandler.isResolvable()).isTrue();
    assertThat(uncaughtExceptionHandler.get()).isInstanceOf(StreamThreadRecovery.class);
  }

  @Test
  void readinessReportsTheRunningTopologyOnTheRealBroker() {
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () ->
                given()
                    .when()
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body(containsString("Kafka Streams")));
  }

  @Test
  void prometheusMetricsAreServed() {
    given()
        .when()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("jvm_memory_used_bytes"));
  }
}
