package io.sentinel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentinel.contract.Json;
import io.sentinel.contract.Sample;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The pipeline end to end: ingest-service, detector-service and query-service as separate processes
 * from their packaged jars, on the real Kafka and PostgreSQL of the dev stack. Samples go in over
 * HTTP; anomalies and outages come out of the REST API and the live SSE stream.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int HISTORY = 900; // well past the engine's warm-up, whatever its tuning
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  /** One series per metric: history and later samples carry the same labels. */
  private static final Map<String, String> LABELS = Map.of("source", "e2e");

  private static Pipeline pipeline;
  private static ServiceProcess query;
  private static ServiceProcess ingest;
  private static SseRecorder stream;
  private final Random random = new Random(1);

  @BeforeAll
  static void startPipeline() throws Exception {
    pipeline =
        Pipeline.start(
            "e2e",
            Map.of(
                "SENTINEL_DETECTOR_OUTAGE_MIN_SILENCE", "3s",
                "SENTINEL_DETECTOR_OUTAGE_CHECK_INTERVAL", "500ms",
                // a silent test monitor is often the only one sending: its silence counts on the
                // wall clock after 5 s of no input at all, not the default 60 s
                "SENTINEL_DETECTOR_OUTAGE_IDLE_FALLBACK", "5s",
                "SENTINEL_DETECTOR_ROLLUP_EMIT_INTERVAL", "0s"));
    query = pipeline.query;
    ingest = pipeline.ingest;
    stream = new SseRecorder(query.url("/api/stream"));
    await("SSE stream registered").atMost(PATIENCE).until(stream::ready);
  }

  @AfterAll
  static void stopPipeline() throws Exception {
    if (stream != null) {
      stream.close();
    }
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  @Order(1)
  void injectedSpikeAppearsInTheAnomaliesAndOnTheLiveStream() throws Exception {
    String monitor = "e2e-spike-" + UUID.randomUUID().toString().substring(0, 8);
    long now = System.currentTimeMillis();
    postHistory(monitor, "latency_ms", now - HISTORY * 1000L, HISTORY);
    post(List.of(new Sample(monitor, "latency_ms", LABELS, now, 900.0)));

    await("anomaly in /api/anomalies")
        .atMost(PATIENCE)
        .until(() -> !anomaliesOf(monitor).isEmpty());
    JsonNode anomaly = anomaliesOf(monitor).get(0);
    assertThat(anomaly.path("metric").asText()).isEqualTo("latency_ms");
    assertThat(anomaly.path("value").asDouble()).isEqualTo(900.0);
    assertThat(anomaly.path("severity").asText()).isIn("minor", "major", "critical");
    assertThat(anomaly.path("message").asText()).isNotBlank();

    await("anomaly on the SSE stream").atMost(PATIENCE).until(() -> streamed("anomaly", monitor));
    await("status change to trouble or critical on the SSE stream")
        .atMost(PATIENCE)
        .until(
            () ->
                stream.events().stream()
                    .anyMatch(
                        e ->
                            "status_changed".equals(e.type())
                                && monitor.equals(e.data().path("monitor").asText())
                                && List.of("trouble", "critical")
                                    .contains(e.data().path("status").asText())));
  }

  @Test
  @Order(2)
  void silentMonitorOpensAnOutageAndGoesDownThenResolvesWhenSamplesResume() throws Exception {
    String monitor = "e2e-silent-" + UUID.randomUUID().toString().substring(0, 8);
    long now = System.currentTimeMillis();
    postHistory(monitor, "cpu", now - 30_000L, 30);

    await("monitor listed").atMost(PATIENCE).until(() -> monitorNamed(monitor) != null);
    await("outage opened and monitor down")
        .atMost(PATIENCE)
        .until(
            () ->
                openOutagesOf(monitor).size() == 1
                    && "down".equals(monitorNamed(monitor).path("status").asText()));
    await("outage_started on the SSE stream")
        .atMost(PATIENCE)
        .until(() -> streamed("outage_started", monitor));

    post(List.of(new Sample(monitor, "cpu", LABELS, System.currentTimeMillis(), 50.0)));
    await("outage resolved and monitor up again")
        .atMost(PATIENCE)
        .until(
            () ->
                openOutagesOf(monitor).isEmpty()
                    && !outagesOf(monitor).isEmpty()
                    && !"down".equals(monitorNamed(monitor).path("status").asText()));
    JsonNode outage = outagesOf(monitor).get(0);
    assertThat(outage.path("ended_at").isNull()).isFalse();
    await("outage_resolved on the SSE stream")
        .atMost(PATIENCE)
        .until(() -> streamed("outage_resolved", monitor));
  }

  @Test
  @Order(3)
  void restartedDetectorFlagsASpikeAtOnceWithoutANewWarmUp() throws Exception {
    String monitor = "e2e-restart-" + UUID.randomUUID().toString().substring(0, 8);
    long now = System.currentTimeMillis();
    long first = now - HISTORY * 1000L;
    postHistory(monitor, "requests", first, HISTORY);
    String lastTs = java.time.Instant.ofEpochMilli(first + (HISTORY - 1) * 1000L).toString();
    await("history processed by the detector (its last rollup reached the query-service)")
        .atMost(PATIENCE)
        .until(
            () ->
                StreamSupport.stream(
                        get("/api/rollups?monitor=" + enc(monitor) + "&metric=requests&limit=100")
                            .spliterator(),
                        false)
                    .anyMatch(
                        r ->
                            lastTs.equals(
                                java.time.Instant.parse(
                                        r.path("last_timestamp").asText("1970-01-01T00:00:00Z"))
                                    .toString())));

    // a new instance with an empty local state directory: everything comes back from the changelog
    pipeline.restartDetectorWithEmptyLocalState();
    post(List.of(new Sample(monitor, "requests", LABELS, now, 5_000.0)));
    await("spike flagged right after the restart")
        .atMost(PATIENCE)
        .until(() -> !anomaliesOf(monitor).isEmpty());
    assertThat(anomaliesOf(monitor).get(0).path("value").asDouble()).isEqualTo(5_000.0);
  }

  @Test
  @Order(4)
  void agentWhoseDataKeepsBeingRejectedShowsErrors() throws Exception {
    String monitor = "e2e-misconfigured-" + UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < 3; i++) {
      // stamped in 1970: a clock or unit mistake of the agent (seconds instead of milliseconds)
      HttpResponse<String> r =
          send(List.of(new Sample(monitor, "cpu", LABELS, 1_700_000_000L + i, 1.0)));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertThat(r.body()).contains("timestamp");
    }
    await("monitor in errors")
        .atMost(PATIENCE)
        .until(
            () ->
                monitorNamed(monitor) != null
                    && "errors".equals(monitorNamed(monitor).path("status").asText()));
    assertThat(monitorNamed(monitor).path("errors_message").asText())
        .contains("keeps being rejected");
    await("errors_started on the SSE stream")
        .atMost(PATIENCE)
        .until(() -> streamed("errors_started", monitor));
  }

  // ---------------------------------------------------------------- helpers

  private void postHistory(String monitor, String metric, long firstTs, int n) throws Exception {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double v = 100 + 10 * Math.sin(2 * Math.PI * i / 60.0) + random.nextGaussian();
      samples.add(new Sample(monitor, metric, LABELS, firstTs + i * 1000L, v));
    }
    post(samples);
  }

  private static void post(List<Sample> samples) throws Exception {
    HttpResponse<String> r = send(samples);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
  }

  private static HttpResponse<String> send(List<Sample> samples) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(ingest.url("/api/v1/samples"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + pipeline.agentToken)
            .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(Map.of("samples", samples))))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode get(String pathAndQuery) throws Exception {
    HttpResponse<byte[]> r =
        HTTP.send(
            HttpRequest.newBuilder(query.url(pathAndQuery))
                .header("Authorization", "Bearer " + io.sentinel.devstack.DevStack.TEST_API_KEY)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(r.body());
    return body.has("items") ? body.get("items") : body;
  }

  private static List<JsonNode> list(String pathAndQuery, String monitor) throws Exception {
    return StreamSupport.stream(get(pathAndQuery).spliterator(), false)
        .filter(n -> monitor.equals(n.path("monitor").asText(n.path("name").asText())))
        .toList();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static List<JsonNode> anomaliesOf(String monitor) throws Exception {
    return list("/api/anomalies?monitor=" + enc(monitor), monitor);
  }

  private static List<JsonNode> outagesOf(String monitor) throws Exception {
    return list("/api/outages?monitor=" + enc(monitor), monitor);
  }

  private static List<JsonNode> openOutagesOf(String monitor) throws Exception {
    return list("/api/outages?open=true&monitor=" + enc(monitor), monitor);
  }

  private static JsonNode monitorNamed(String monitor) throws Exception {
    return list("/api/monitors?q=" + enc(monitor), monitor).stream().findFirst().orElse(null);
  }

  private static boolean streamed(String type, String monitor) {
    return stream.events().stream()
        .anyMatch(e -> type.equals(e.type()) && monitor.equals(e.data().path("monitor").asText()));
  }
}
