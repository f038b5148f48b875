package io.sentinel.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentinel.contract.EventType;
import io.sentinel.contract.Json;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Sample;
import io.sentinel.contract.Tenants;
import io.sentinel.contract.Topics;
import io.sentinel.engine.EngineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Silence is measured on each partition's own progress, with the default settings: a detector that
 * starts behind a backlog, or stalls, or an ingest that stalls, opens no outage for a monitor that
 * kept sending, but does for one that stopped; once caught up, silence is silence.
 */
class OutageClockTest {
  private static final Instant LAST_RUN = Instant.parse("2026-01-01T00:00:00Z");
  private static final long DOWN_MS = 120_000;
  private TopologyTestDriver driver;
  private TestInputTopic<String, Sample> in;
  private TestOutputTopic<String, MonitorEvent> events;

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.close();
    }
  }

  private void start(Instant wall) throws Exception {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "outage-clock-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    Path target = Files.createDirectories(Path.of("target"));
    props.put(
        StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(target, "outage-ttd").toString());
    driver =
        new TopologyTestDriver(
            DetectorTopology.build(TopologySettings.defaults(EngineSettings.defaults())),
            props,
            wall);
    in = driver.createInputTopic(Topics.SAMPLES, Serdes.String().serializer(), Json.serializer());
    events =
        driver.createOutputTopic(
            Topics.EVENTS, Serdes.String().deserializer(), Json.deserializer(MonitorEvent.class));
  }

  private void sample(String monitor, long sampled, long published) {
    in.pipeInput(
        monitor,
        new Sample(monitor, "cpu", Map.of(), sampled, 1.0 + sampled / 1000 % 3),
        published);
  }

  /** Wall time passes, checked every second, nothing processed. */
  private void stalled(long ms) {
    for (long i = 0; i < ms; i += 1000) {
      driver.advanceWallClockTime(Duration.ofSeconds(1));
    }
  }

  @Test
  void detectorRestartedBehindABacklogOpensNoOutageForAMonitorThatKeptSending() throws Exception {
    long t0 = LAST_RUN.toEpochMilli();
    // the detector starts again two minutes after it last processed anything
    start(LAST_RUN.plusMillis(DOWN_MS));
    // what it restores: two monitors last seen when it stopped, both sending every second then
    var monitors = driver.<String, MonitorState>getKeyValueStore(Names.MONITOR_STORE);
    monitors.put("steady", MonitorState.rejectedOnly(Tenants.DEFAULT, "steady").seen(t0, t0, 1000));
    monitors.put("gone", MonitorState.rejectedOnly(Tenants.DEFAULT, "gone").seen(t0, t0, 1000));
    // its start-up takes a while: checks before the first record
    stalled(5_000);
    long wall = t0 + DOWN_MS + 5_000;

    // the backlog: "steady" kept sending every second while the detector was down ("gone" did
    // not); the detector reads it ten times faster than it was written, checking every second
    for (int i = 1; i <= (wall - t0) / 1000; i++) {
      long sent = t0 + i * 1000L;
      sample("steady", sent, sent);
      driver.advanceWallClockTime(Duration.ofMillis(100));
      wall += 100;
    }
    // caught up: live samples, processed as they are sent
    for (int i = 0; i < 30; i++) {
      sample("steady", wall, wall);
      driver.advanceWallClockTime(Duration.ofSeconds(1));
      wall += 1000;
    }
    List<MonitorEvent> out = events.readValuesToList();
    assertThat(outages(out, "steady")).as("the monitor that kept sending").isEmpty();
    assertThat(outages(out, "gone")).as("the monitor that stopped").hasSize(1);
    MonitorEvent gone = outages(out, "gone").get(0);
    assertThat(gone.time())
        .as("declared on the stream's progress, early in the backlog")
        .isLessThan(t0 + 20_000);

    // every agent quiet after catching up: reported after the idle fallback
    stalled(50_000);
    assertThat(outages(events.readValuesToList(), "steady")).as("a stall is not silence").isEmpty();
    stalled(15_000);
    assertThat(outages(events.readValuesToList(), "steady")).hasSize(1);
  }

  @Test
  void detectorStalledWhileIngestKeptPublishingOpensNoOutage() throws Exception {
    start(LAST_RUN);
    long t = LAST_RUN.toEpochMilli();
    for (int i = 0; i < 30; i++, t += 1000) {
      sample("a", t, t);
      sample("b", t, t);
      driver.advanceWallClockTime(Duration.ofSeconds(1));
    }
    // the detector processes nothing for 40 s (a long commit, starved of CPU): its checks go on
    stalled(40_000);
    // then the 40 s published meanwhile, and on; "b" stops during the stall
    long wall = t + 40_000;
    for (int i = 0; i < 60; i++, t += 1000) {
      sample("a", t, t);
      if (t < LAST_RUN.toEpochMilli() + 40_000) {
        sample("b", t, t);
      }
      driver.advanceWallClockTime(Duration.ofMillis(t < wall ? 100 : 1000));
    }
    List<MonitorEvent> out = events.readValuesToList();
    assertThat(outages(out, "a")).as("the monitor that kept sending").isEmpty();
    assertThat(outages(out, "b")).as("the monitor that stopped").hasSize(1);
  }

  @Test
  void ingestStalledThenCatchingUpOpensNoOutage() throws Exception {
    start(LAST_RUN);
    long t = LAST_RUN.toEpochMilli();
    for (int i = 0; i < 30; i++, t += 1000) {
      sample("a", t, t);
      sample("b", t, t);
      driver.advanceWallClockTime(Duration.ofSeconds(1));
    }
    // ingest publishes nothing for 40 s (agents queue and retry), then the queued samples, keeping
    // their sampling times, and live ones: "b" is published a little after "a" each time
    long resumed = t + 40_000;
    stalled(40_000);
    long sampled = t;
    for (int i = 0; i < 60; i++, sampled += 1000) {
      long wall = resumed + i * 1000L;
      sample("a", sampled, wall);
      driver.advanceWallClockTime(Duration.ofMillis(500));
      sample("b", sampled, wall + 500);
      driver.advanceWallClockTime(Duration.ofMillis(500));
    }
    List<MonitorEvent> out = events.readValuesToList();
    assertThat(outages(out, "a")).isEmpty();
    assertThat(outages(out, "b")).isEmpty();
  }

  private static List<MonitorEvent> outages(List<MonitorEvent> events, String monitor) {
    return events.stream()
        .filter(e -> e.type() == EventType.OUTAGE_STARTED && e.monitor().equals(monitor))
        .toList();
  }
}
