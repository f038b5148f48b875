package io.sentinel.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.sentinel.contract.Sample;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.ingest.Agents;
import io.sentinel.ingest.SamplesTopic;
import io.sentinel.ingest.protocol.remotewrite.RemoteWriteResource;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real agent, not one we wrote: Prometheus (Debian's package) scrapes itself every second and
 * remote-writes to this service with a bearer token; its samples must reach {@code
 * sentinel.samples}. Skipped, saying so, where the {@code prometheus} binary is absent ({@code
 * apt-get install prometheus}; {@code PROMETHEUS_BIN} names another binary).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class PrometheusAgentTest {
  @TempDir Path dir;

  /**
   * PROMETHEUS_BIN, else {@code prometheus} on the PATH (where .ci/run looks for it), else null.
   */
  static Path prometheusBinary() {
    String configured = System.getenv("PROMETHEUS_BIN");
    if (configured != null) {
      Path bin = Path.of(configured);
      return Files.isExecutable(bin) ? bin : null;
    }
    for (String dir :
        System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
      Path bin = Path.of(dir.isEmpty() ? "." : dir, "prometheus");
      if (Files.isExecutable(bin)) {
        return bin;
      }
    }
    return null;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void prometheusRemoteWriteReachesTheSamplesTopic() throws Exception {
    Path bin = prometheusBinary();
    String install =
        "no Prometheus binary on the PATH (apt-get install -y --no-install-recommends prometheus,"
            + " or set PROMETHEUS_BIN)";
    // CI installs it (.ci/run sets SENTINEL_CI): there a missing agent fails instead of skipping
    assertThat(bin != null || System.getenv("SENTINEL_CI") == null).as(install).isTrue();
    Assumptions.assumeTrue(bin != null, "SKIPPED: " + install);
    int promPort = freePort();
    String target = "127.0.0.1:" + promPort;
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
        scrape_configs:
          - job_name: prometheus
            static_configs:
              - targets: ['%s']
        remote_write:
          - url: http://127.0.0.1:%d%s
            authorization:
              credentials: %s
            queue_config:
              batch_send_deadline: 1s
              max_samples_per_send: 2000
        """
            .formatted(target, RestAssured.port, RemoteWriteResource.PATH, Agents.TOKEN));
    try (SamplesTopic topic =
        new SamplesTopic(
            ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
      Map<TopicPartition, Long> before = topic.mark();
      long started = System.nanoTime();
      Process prometheus =
          new ProcessBuilder(
                  bin.toString(),
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + dir.resolve("data"),
                  "--web.listen-address=" + target)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("prometheus.log").toFile())
              .start();
      try {
        List<Sample> seen = new ArrayList<>();
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  for (ConsumerRecord<String, Sample> r : topic.readSince(before)) {
                    if (r.value().monitor().equals(target)) {
                      seen.add(r.value());
                    }
                  }
                  return seen.stream().anyMatch(s -> s.metric().equals("up"));
                });
        System.out.printf(
            "[prometheus] first remote_write samples reached %s %.1f s after start%n",
            io.sentinel.contract.Topics.SAMPLES, (System.nanoTime() - started) / 1e9);
        Sample up = seen.stream().filter(s -> s.metric().equals("up")).findFirst().orElseThrow();
        assertThat(up.value()).isEqualTo(1.0);
        assertThat(up.labels())
            .containsEntry("job", "prometheus")
            .containsEntry("tenant", Agents.TENANT)
            .doesNotContainKey("instance");
        assertThat(seen).extracting(Sample::metric).contains("prometheus_build_info");
      } finally {
        prometheus.destroy();
        if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
          prometheus.destroyForcibly();
        }
      }
    }
  }
}
