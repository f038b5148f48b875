package io.sentinel.query.system;

import static io.sentinel.query.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Topics;
import io.sentinel.devstack.DevStack;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.TestKafka;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The self-watch acting on what it measures, on the real broker and database. The detector is
 * played by what the check looks at: an HTTP server answering its health endpoints (that can stop
 * answering 200) and a real consumer in its group on sentinel.samples (that can stop consuming).
 */
@QuarkusTest
@TestProfile(PipelineCheckTest.Watching.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class PipelineCheckTest {
  static final String GROUP = "watch-test-detector-" + UUID.randomUUID();
  static final AtomicBoolean healthy = new AtomicBoolean(true);
  static final AtomicBoolean consuming = new AtomicBoolean(true);
  static final HttpServer health = healthServer();
  private static Thread detector;
  private static volatile boolean running = true;

  public static class Watching implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sentinel.system.check-enabled", "true",
          "sentinel.system.check-interval", "500ms",
          "sentinel.system.delay-threshold", "3s",
          "sentinel.system.detector-url", "http://127.0.0.1:" + health.getAddress().getPort(),
          "sentinel.system.detector-group", GROUP);
    }
  }

  private static HttpServer healthServer() {
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      s.createContext(
          "/q/health",
          ex -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(healthy.get() ? 200 : 503, body.length);
            ex.getResponseBody().write(body);
            ex.close();
          });
      s.start();
      return s;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A consumer in the detector's group that commits what it reads while {@link #consuming}. */
  @BeforeAll
  static void startDetector() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStack.kafka().bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    detector =
        new Thread(
            () -> {
              try (KafkaConsumer<byte[], byte[]> c =
                  new KafkaConsumer<>(
                      p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                c.subscribe(List.of(Topics.SAMPLES));
                while (running) {
                  if (consuming.get()) {
                    c.resume(c.assignment());
                    c.poll(Duration.ofMillis(100));
                    c.commitSync();
                  } else {
                    c.pause(c.assignment());
                    c.poll(Duration.ofMillis(100)); // stays in the group, reads nothing
                  }
                }
              }
            },
            "stand-in-detector");
    detector.setDaemon(true);
    detector.start();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    running = false;
    detector.join(10_000);
    health.stop(0);
  }

  private static JsonPath system() {
    return new JsonPath(
        given().when().get("/api/system").then().statusCode(200).extract().asString());
  }

  private static List<Map<String, Object>> events(String type) {
    return given()
        .queryParam("type", type)
        .when()
        .get("/api/events")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$");
  }

  /**
   * Waits until the log's last pipeline event is not a degradation (the previous test's is over).
   */
  private static void awaitRecoveryLogged() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              List<Map<String, Object>> last =
                  given()
                      .queryParam("monitor", PipelineCheck.PIPELINE)
                      .queryParam("limit", 1)
                      .get("/api/events")
                      .then()
                      .statusCode(200)
                      .extract()
                      .jsonPath()
                      .getList("$");
              return last.isEmpty() || !PipelineCheck.DEGRADED.equals(last.get(0).get("type"));
            });
  }

  private static void awaitState(String state) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(system().getString("detection.state")).isEqualTo(state));
  }

  @Test
  void stoppedDetectorIsLoggedOnceMarksStatusesStaleAndRecovers() {
    String monitor = TestKafka.monitor("watched");
    TestKafka.send(
        MonitorEvent.monitorDiscovered(
            UUID.randomUUID().toString(), monitor, System.currentTimeMillis(), "first sample"));
    TestKafka.sendRaw(Topics.SAMPLES, monitor, "{}");
    awaitState("ok");
    awaitRecoveryLogged();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .queryParam("q", monitor)
                    .get("/api/monitors")
                    .then()
                    .statusCode(200)
                    .body("[0].name", equalTo(monitor))
                    .body("[0].stale", nullValue()));
    int degradedBefore = events(PipelineCheck.DEGRADED).size();
    int recoveredBefore = events(PipelineCheck.RECOVERED).size();

    healthy.set(false);
    awaitState("stopped");
    JsonPath s = system();
    assertThat(s.getBoolean("detection.stale")).isTrue();
    assertThat(s.getString("detection.message")).startsWith("detection stopped at ");
    assertThat(s.getString("detection.stopped_at")).isNotNull();
    given()
        .queryParam("q", monitor)
        .get("/api/monitors")
        .then()
        .statusCode(200)
        .body("[0].stale", equalTo(true))
        .body("[0].status", equalTo("up"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> events(PipelineCheck.DEGRADED).size() == degradedBefore + 1);
    Map<String, Object> degraded = events(PipelineCheck.DEGRADED).get(0);
    assertThat(degraded.get("monitor")).isEqualTo(PipelineCheck.PIPELINE);
    assertThat((String) degraded.get("message")).startsWith("detection stopped at ");

    healthy.set(true);
    awaitState("ok");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> events(PipelineCheck.RECOVERED).size() == recoveredBefore + 1);
    // still once each: the checks that ran meanwhile logged nothing more
    assertThat(events(PipelineCheck.DEGRADED)).hasSize(degradedBefore + 1);
    given()
        .queryParam("q", monitor)
        .get("/api/monitors")
        .then()
        .statusCode(200)
        .body("[0].stale", nullValue());
  }

  @Test
  void detectorFallingBehindIsDelayedWithTheDelayInTheMessage() {
    awaitState("ok");
    awaitRecoveryLogged();
    consuming.set(false);
    // samples keep arriving while the detector reads nothing
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () -> {
              TestKafka.sendRaw(Topics.SAMPLES, "behind", "{}");
              assertThat(system().getString("detection.state")).isEqualTo("delayed");
            });
    JsonPath s = system();
    assertThat(s.getLong("detector.lag")).isPositive();
    assertThat(s.getLong("detection.delay_seconds")).isGreaterThan(3);
    assertThat(s.getString("detection.message"))
        .isEqualTo("detection delayed by " + s.getLong("detection.delay_seconds") + " s");
    assertThat(s.getBoolean("detection.stale")).isTrue();

    consuming.set(true);
    awaitState("ok");
    awaitRecoveryLogged();
    assertThat(system().getLong("detector.lag")).isZero();
    given()
        .queryParam("type", "pipeline_degraded")
        .get("/api/events")
        .then()
        .statusCode(200)
        .body("message", hasItem(startsWith("detection delayed by ")));
  }

  @Test
  void systemReportsServicesGroupsAndStreamClients() {
    JsonPath s = system();
    assertThat(s.getList("services.name")).containsExactly("ingest", "detector", "query");
    // no ingest-service runs in this test
    assertThat(s.getBoolean("services[0].up")).isFalse();
    assertThat(s.getString("services[0].detail")).isNotBlank();
    assertThat(s.getString("detector.group")).isEqualTo(GROUP);
    assertThat(s.getString("query.group")).isEqualTo("sentinel-query");
    assertThat(s.getList("dead_letters.topic"))
        .containsExactly("sentinel.samples.dlq", "sentinel.events.dlq", "sentinel.rollups.dlq");
    assertThat(s.getInt("sse_clients")).isGreaterThanOrEqualTo(0);
  }
}
