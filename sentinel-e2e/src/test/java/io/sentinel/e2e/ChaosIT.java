package io.sentinel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Faults survived, proven: each scenario runs the packaged services on the dev stack's Kafka and
 * PostgreSQL under steady load, injects one fault, and checks that every sample answered 202 was
 * processed by the detector exactly once, every event reached PostgreSQL exactly once, the resuming
 * live-stream client missed nothing, no monitor that kept sending went down, and detection resumed
 * without a new warm-up (see {@link Chaos}).
 *
 * <p>On demand only: {@code -Dsentinel.chaos=short} runs the short version (detector and
 * query-service killed, small load), {@code -Dsentinel.chaos=full} ({@code ./sentinel chaos}) every
 * scenario with more load. It is not part of {@code ./mvnw verify} until a run shows that the fix
 * of false outages when the pipeline stalls (silence on each partition's own progress, decision
 * record 014) holds here too; it failed on those only before, nothing lost or doubled.
 */
@EnabledIfSystemProperty(named = "sentinel.chaos", matches = ".+")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosIT {
  private static final boolean FULL = "full".equals(System.getProperty("sentinel.chaos"));
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final Chaos.Load LOAD =
      FULL ? new Chaos.Load(4, 25, INTERVAL, 900, 20) : new Chaos.Load(2, 5, INTERVAL, 900, 5);

  private static Pipeline pipeline;
  private static Chaos chaos;

  @BeforeAll
  static void start() throws Exception {
    // every sample re-publishes its minute's rollup: the rollup counts are then exactly what the
    // detector processed (with a longer interval the last samples before a pause are published
    // only with the series' next sample, see decision record 014)
    pipeline = Pipeline.start("chaos", Map.of("SENTINEL_DETECTOR_ROLLUP_EMIT_INTERVAL", "0s"));
    chaos = new Chaos(pipeline, LOAD);
  }

  @AfterAll
  static void stop() throws Exception {
    if (chaos != null && !chaos.results().isEmpty()) {
      System.out.println("\n[chaos] all scenarios\n" + Chaos.table(chaos.results()));
    }
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  @Order(1)
  void detectorKilledMidTransaction() throws Exception {
    assertClean(chaos.run("detector-kill9", Chaos.kill(pipeline.detector())));
  }

  @Test
  @Order(2)
  void queryServiceKilledMidBatch() throws Exception {
    assertClean(chaos.run("query-kill9", Chaos.kill(pipeline.query)));
  }

  @Test
  @Order(3)
  @EnabledIfSystemProperty(named = "sentinel.chaos", matches = "full")
  void postgresStoppedAndRestarted() throws Exception {
    assertClean(chaos.run("postgres-stop", Chaos.postgresStop()));
  }

  @Test
  @Order(4)
  @EnabledIfSystemProperty(named = "sentinel.chaos", matches = "full")
  void ingestKilledWithRequestsInFlight() throws Exception {
    assertClean(chaos.run("ingest-kill9", Chaos.kill(pipeline.ingest)));
  }

  @Test
  @Order(5)
  @EnabledIfSystemProperty(named = "sentinel.chaos", matches = "full")
  void tenfoldBurst() throws Exception {
    assertClean(chaos.run("burst-10x", Chaos.burst(INTERVAL, 60)));
  }

  private static void assertClean(Chaos.Figures f) {
    assertThat(f.lostSamples()).as("samples answered 202 but not processed").isZero();
    assertThat(f.duplicateSamples()).as("samples processed more than once").isZero();
    assertThat(f.rejected()).as("samples refused as bad").isZero();
    assertThat(f.lostEvents()).as("events on Kafka missing in PostgreSQL").isZero();
    assertThat(f.duplicateEvents()).as("duplicated events").isZero();
    assertThat(f.sseMissed()).as("committed events the resuming SSE client missed").isZero();
    assertThat(f.sseDuplicates()).as("events the SSE client received twice").isZero();
    assertThat(f.falseOutages()).as("outages of monitors that kept sending").isZero();
    assertThat(f.warmUpRollups())
        .as("rollups without a band after the fault (new warm-up)")
        .isZero();
    assertThat(f.spikeFlagged()).as("spike after the fault flagged").isTrue();
  }
}
