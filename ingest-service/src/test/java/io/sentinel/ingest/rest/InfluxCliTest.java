package io.sentinel.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.ingest.Agents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real client, not one we wrote: the influx 1.x CLI (Debian's {@code influxdb-client}) connects
 * (ping) and runs the statements agents send on start-up against this service. Skipped, saying so,
 * where the {@code influx} binary is absent; under CI ({@code SENTINEL_CI}) a missing binary fails.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class InfluxCliTest {
  private Path bin;

  /** INFLUX_BIN, else {@code influx} on the PATH, else null. */
  static Path influxBinary() {
    String configured = System.getenv("INFLUX_BIN");
    if (configured != null) {
      Path bin = Path.of(configured);
      return Files.isExecutable(bin) ? bin : null;
    }
    for (String dir :
        System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
      Path bin = Path.of(dir.isEmpty() ? "." : dir, "influx");
      if (Files.isExecutable(bin)) {
        return bin;
      }
    }
    return null;
  }

  @BeforeEach
  void findTheCli() {
    bin = influxBinary();
    String install =
        "no influx binary on the PATH (apt-get install -y influxdb-client, or set INFLUX_BIN)";
    assertThat(bin != null || System.getenv("SENTINEL_CI") == null).as(install).isTrue();
    Assumptions.assumeTrue(bin != null, "SKIPPED: " + install);
  }

  /** The CLI's exit code and output for {@code statement}. */
  private record Run(int exit, String output) {}

  private Run execute(String statement) throws IOException, InterruptedException {
    Process influx =
        new ProcessBuilder(
                List.of(
                    bin.toString(),
                    "-host",
                    "127.0.0.1",
                    "-port",
                    Integer.toString(RestAssured.port),
                    "-username",
                    "telegraf",
                    "-password",
                    Agents.TOKEN,
                    "-execute",
                    statement))
            .redirectErrorStream(true)
            .start();
    influx.getOutputStream().close();
    String output = new String(influx.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!influx.waitFor(60, TimeUnit.SECONDS)) {
      influx.destroyForcibly();
    }
    return new Run(influx.exitValue(), output);
  }

  @Test
  void createDatabaseSucceedsSilently() throws Exception {
    Run run = execute("CREATE DATABASE telegraf");
    assertThat(run.output()).doesNotContain("ERR");
    assertThat(run.exit()).as(run.output()).isZero();
  }

  @Test
  void showDatabasesListsTheTenant() throws Exception {
    Run run = execute("SHOW DATABASES");
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("databases").contains(Agents.TENANT);
  }

  @Test
  void aSelectFailsSayingTheEndpointIsWriteOnly() throws Exception {
    Run run = execute("SELECT * FROM cpu");
    assertThat(run.output()).contains("write-only");
    assertThat(run.exit()).isNotZero();
  }
}
