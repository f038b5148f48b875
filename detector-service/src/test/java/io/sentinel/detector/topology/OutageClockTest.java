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
 * Silence is measured on the input clock: a detector that starts behind a backlog (its monitor
 * states restored, two minutes of samples waiting) opens no outage for a monitor that kept sending,
 * but does for one that stopped; once caught up, silence is silence on the wall clock.
 */
class OutageClockTest {
  private static final Instant LAST_RUN = Instant.parse("2026-01-01T00:00:00Z");
  private static final long DOWN_MS = 120_000;
  private TopologyTestDriver driver;

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.close();
    }
  }

  @Test
  void detectorRestartedBehindABacklogOpensNoOutageForAMonitorThatKeptSending() throws Exception {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "outage-clock-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    Path target = Files.createDirectories(Path.of("target"));
    props.put(
        StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(target, "outage-ttd").toString());
    long t0 = LAST_RUN.toEpochMilli();
    // the detector starts again two minutes after it last processed anything (default settings)
    driver =
        new TopologyTestDriver(
            DetectorTopology.build(TopologySettings.defaults(EngineSettings.defaults())),
            props,
            LAST_RUN.plusMillis(DOWN_MS));
    // what it restores: two monitors last seen when it stopped, both sending every second then
    var monitors = driver.<String, MonitorState>getKeyValueStore(Names.MONITOR_STORE);
    monitors.put("steady", MonitorState.rejectedOnly(Tenants.DEFAULT, "steady").seen(t0, t0, 1000));
    monitors.put("gone", MonitorState.rejectedOnly(Tenants.DEFAULT, "gone").seen(t0, t0, 1000));
    TestInputTopic<String, Sample> in =
        driver.createInputTopic(Topics.SAMPLES, Serdes.String().serializer(), Json.serializer());
    TestOutputTopic<String, MonitorEvent> events =
        driver.createOutputTopic(
            Topics.EVENTS, Serdes.String().deserializer(), Json.deserializer(MonitorEvent.class));

    // the backlog: "steady" kept sending every second while the detector was down ("gone" did
    // not); the detector reads it ten times faster than it was written, checking every second
    long wall = t0 + DOWN_MS;
    for (int i = 1; i <= DOWN_MS / 1000; i++) {
      long sent = t0 + i * 1000L;
      in.pipeInput("steady", new Sample("steady", "cpu", Map.of(), sent, 1.0 + i % 3), sent);
      driver.advanceWallClockTime(Duration.ofMillis(100));
      wall += 100;
    }
    // caught up: live samples, processed as they are sent
    for (int i = 0; i < 30; i++) {
      in.pipeInput("steady", new Sample("steady", "cpu", Map.of(), wall, 2.0), wall);
      driver.advanceWallClockTime(Duration.ofSeconds(1));
      wall += 1000;
    }
    List<MonitorEvent> out = events.readValuesToList();
    assertThat(outages(out, "steady")).as("the monitor that kept sending").isEmpty();
    assertThat(outages(out, "gone")).as("the monitor that stopped").hasSize(1);
    MonitorEvent gone = outages(out, "gone").get(0);
    assertThat(gone.time())
        .as("declared on the input clock, early in the backlog")
        .isLessThan(t0 + 20_000);

    // silence after catching up is silence
    driver.advanceWallClockTime(Duration.ofSeconds(10));
    assertThat(outages(events.readValuesToList(), "steady")).hasSize(1);
  }

  private static List<MonitorEvent> outages(List<MonitorEvent> events, String monitor) {
    return events.stream()
        .filter(e -> e.type() == EventType.OUTAGE_STARTED && e.monitor().equals(monitor))
        .toList();
  }
}
