package io.sentinel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The dashboard in a real browser against the real running stack: the three packaged services as
 * processes on the dev stack's Kafka and PostgreSQL, the dashboard served by the query-service, and
 * headless Chromium (Debian's package, driven by playwright-core) running {@code
 * dashboard-ui/e2e/dashboard.e2e.mjs} under node's test runner. The browser tests post samples
 * through the ingest-service with an agent token and wait on what the page shows. Screenshots of
 * every page land in {@code target/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {
  /** Seconds between the browser test's agent samples; outages open after 3 missed intervals. */
  private static final int SAMPLE_INTERVAL_S = 5;

  private static Pipeline pipeline;

  @BeforeAll
  static void startStack() throws Exception {
    pipeline =
        Pipeline.start(
            "e2e-ui",
            Map.of(
                "SENTINEL_DETECTOR_OUTAGE_MIN_SILENCE", "10s",
                "SENTINEL_DETECTOR_OUTAGE_CHECK_INTERVAL", "500ms",
                // a silent test monitor is often the only one sending: its silence counts on the
                // wall clock after 5 s of no input at all, not the default 60 s
                "SENTINEL_DETECTOR_OUTAGE_IDLE_FALLBACK", "5s",
                "SENTINEL_DETECTOR_ROLLUP_EMIT_INTERVAL", "0s",
                // the injected anomaly stays open while the browser looks at it
                "SENTINEL_DETECTOR_ANOMALY_RESOLVE_AFTER", "100000"));
  }

  @AfterAll
  static void stopStack() throws Exception {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  @Order(1)
  void dashboardPassesItsBrowserTestsAgainstTheRunningStack() throws Exception {
    String output = runNode("e2e/dashboard.e2e.mjs", "dashboard-browser.log", Map.of());
    assertThat(output).containsPattern("pass [1-9]");
    assertThat(Path.of("target/screenshots/04-monitor-detail.png")).exists();
  }

  /** Last: it kills the detector. The banner must show within 15 s (the node test's own bound). */
  @Test
  @Order(2)
  void killedDetectorShowsAsABannerAndStaleStatuses() throws Exception {
    String output =
        runNode(
            "e2e/detection-stopped.e2e.mjs",
            "detection-stopped-browser.log",
            Map.of("SENTINEL_DETECTOR_PID", Long.toString(pipeline.detectorPid())));
    assertThat(output).contains("banner shown after");
  }

  private String runNode(String script, String logName, Map<String, String> env) throws Exception {
    Path ui = ServiceProcess.root().resolve("dashboard-ui");
    Path shots = Files.createDirectories(Path.of("target/screenshots")).toAbsolutePath();
    Path log = Files.createDirectories(Path.of("target/e2e-logs")).resolve(logName);
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of("node", "--test", "--test-reporter=spec", "--test-concurrency=1", script));
    pb.directory(ui.toFile());
    pb.environment().put("SENTINEL_QUERY_URL", pipeline.query.url("").toString());
    pb.environment().put("SENTINEL_INGEST_URL", pipeline.ingest.url("").toString());
    pb.environment().put("SENTINEL_AGENT_TOKEN", pipeline.agentToken);
    pb.environment().put("SENTINEL_API_KEY", io.sentinel.devstack.DevStack.TEST_API_KEY);
    pb.environment().put("SENTINEL_SCREENSHOTS", shots.toString());
    pb.environment().put("SENTINEL_SAMPLE_INTERVAL_S", Integer.toString(SAMPLE_INTERVAL_S));
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    Process node = pb.start();
    boolean done = node.waitFor(20, TimeUnit.MINUTES);
    if (!done) {
      node.destroyForcibly().waitFor();
    }
    String output = Files.readString(log);
    System.out.println(output);
    assertThat(done).as("browser tests finished within 20 minutes; see " + log).isTrue();
    assertThat(node.exitValue()).as("browser tests (output above, log " + log + ")").isZero();
    assertThat(output)
        .as("tests ran and none failed")
        .containsPattern("pass [1-9]")
        .containsPattern("fail 0");
    return output;
  }
}
