package io.sentinel.query.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.TestDb;
import io.sentinel.query.TestKafka;
import io.sentinel.query.materialize.EventBatchProcessor;
import jakarta.inject.Inject;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus Alertmanager (Debian's prometheus-alertmanager, installed by .ci/run) receives
 * Sentinel's alert, shows it in its own API, then sees it resolved. Skips where the binary is
 * missing, except under CI (SENTINEL_CI), where that fails.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class AlertmanagerTest {
  private static final long T0 = 1_758_499_140_000L;

  @TempDir Path dir;
  @Inject EventBatchProcessor processor;

  static Path binary() {
    String env = System.getenv("ALERTMANAGER_BIN");
    if (env != null && Files.isExecutable(Path.of(env))) {
      return Path.of(env);
    }
    for (String name : List.of("prometheus-alertmanager", "alertmanager")) {
      for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        Path p = Path.of(d, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void sentinelsAlertShowsInAlertmanagerThenResolves() throws Exception {
    Path bin = binary();
    String install =
        "no Alertmanager binary on the PATH (apt-get install -y --no-install-recommends"
            + " prometheus-alertmanager, or set ALERTMANAGER_BIN)";
    assertThat(bin != null || System.getenv("SENTINEL_CI") == null).as(install).isTrue();
    Assumptions.assumeTrue(bin != null, "SKIPPED: " + install);

    int port = freePort();
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(
        config,
        """
        route:
          receiver: 'null'
        receivers:
          - name: 'null'
        """);
    Process am =
        new ProcessBuilder(
                bin.toString(),
                "--config.file=" + config,
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("alertmanager.log").toFile())
            .start();
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + port;
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> get(http, base + "/-/ready").statusCode() == 200);

      String monitor = TestKafka.monitor("am");
      long channel =
          TestDb.queryLong(
              "INSERT INTO notification_channels (name, type, settings) VALUES (?, 'alertmanager',"
                  + " ?::jsonb) RETURNING id",
              "am " + monitor,
              "{\"url\":\"" + base + "\"}");
      TestDb.exec(
          "INSERT INTO notification_policies (name, channel_ids, monitor_pattern,"
              + " resolve_hold_seconds) VALUES (?, ARRAY[?::bigint], ?, 0)",
          "am " + monitor,
          channel,
          monitor);

      MonitorEvent down = TestKafka.outageStarted(monitor, T0);
      processor.apply(List.of(down)).await().atMost(Duration.ofSeconds(30));
      ObjectMapper json = new ObjectMapper();
      String query =
          base
              + "/api/v2/alerts?filter="
              + java.net.URLEncoder.encode("monitor=\"" + monitor + "\"", "UTF-8");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> json.readTree(get(http, query).body()).size() == 1);
      JsonNode alert = json.readTree(get(http, query).body()).get(0);
      assertThat(alert.at("/labels/alertname").asText()).isEqualTo("SentinelMonitorUnhealthy");
      assertThat(alert.at("/labels/monitor").asText()).isEqualTo(monitor);
      assertThat(alert.at("/status/state").asText()).isEqualTo("active");
      assertThat(alert.at("/annotations/summary").asText()).contains(monitor + " is down");

      processor
          .apply(List.of(TestKafka.outageResolved(down, T0 + 60_000)))
          .await()
          .atMost(Duration.ofSeconds(30));
      // a resolved alert (endsAt passed) leaves Alertmanager's list of alerts
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> json.readTree(get(http, query).body()).size() == 0);
      // the dispatcher records "sent" after Alertmanager answered, so possibly after the alert
      // already left Alertmanager's list: wait for the record, not for the list
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  "firing:sent,resolved:sent"
                      .equals(
                          TestDb.queryString(
                              "SELECT string_agg(kind || ':' || status, ',' ORDER BY id)"
                                  + " FROM notifications WHERE channel_id = ?",
                              channel)));
    } finally {
      am.destroy();
      am.waitFor();
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
