package io.sentinel.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentinel.contract.EventType;
import io.sentinel.contract.Json;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Sample;
import io.sentinel.contract.Topics;
import io.sentinel.engine.EngineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Series and monitors that stopped sending are forgotten after evict-after; the others stay. */
class EvictionTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final long OLD = Instant.parse("2014-01-01T00:00:00Z").toEpochMilli();
  private TopologyTestDriver driver;

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.close();
    }
  }

  @Test
  void silentSeriesAndMonitorsAreForgottenAfterTheEvictionTime() throws Exception {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "eviction-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    Path target = Files.createDirectories(Path.of("target"));
    props.put(
        StreamsConfig.STATE_DIR_CONFIG,
        Files.createTempDirectory(target, "eviction-ttd").toString());
    TopologySettings settings =
        TopologySettings.defaults(EngineSettings.defaults())
            .withEvictAfter(Duration.ofMinutes(4).toMillis());
    driver = new TopologyTestDriver(DetectorTopology.build(settings), props, START);
    TestInputTopic<String, Sample> in =
        driver.createInputTopic(Topics.SAMPLES, Serdes.String().serializer(), Json.serializer());
    var events =
        driver.createOutputTopic(
            Topics.EVENTS, Serdes.String().deserializer(), Json.deserializer(MonitorEvent.class));
    var seriesStore = driver.<String, byte[]>getKeyValueStore(Names.SERIES_STORE);
    var snapshots = driver.<String, byte[]>getKeyValueStore(Names.SNAPSHOT_STORE);
    var monitors = driver.<String, MonitorState>getKeyValueStore(Names.MONITOR_STORE);

    long t = START.toEpochMilli();
    // "gone" sends one sample of two metrics; "alive" has a metric that stops and one that goes on
    for (String metric : new String[] {"cpu", "mem"}) {
      in.pipeInput("gone", new Sample("gone", metric, Map.of(), t, 1.0), t);
      in.pipeInput("alive", new Sample("alive", metric, Map.of(), t, 1.0), t);
    }
    assertThat(seriesStore.get("gone/cpu")).isNotNull();
    for (int i = 1; i <= 330; i++) {
      t += 1000;
      in.pipeInput("alive", new Sample("alive", "cpu", Map.of(), t, 1.0 + i % 2), t);
      // a replay of old data: sample times years ago, sent now
      in.pipeInput(
          "replay", new Sample("replay", "cpu", Map.of(), OLD + i * 60_000L, 1.0 + i % 3), t);
      driver.advanceWallClockTime(Duration.ofSeconds(1));
    }
    assertThat(monitors.get("gone")).as("silent monitor").isNull();
    assertThat(seriesStore.get("gone/cpu")).as("its series").isNull();
    assertThat(seriesStore.get("gone/mem")).isNull();
    assertThat(snapshots.get("gone/cpu")).as("and their snapshots").isNull();
    assertThat(seriesStore.get("alive/mem")).as("a metric that stopped").isNull();
    assertThat(monitors.get("alive")).as("a monitor that goes on").isNotNull();
    assertThat(seriesStore.get("alive/cpu")).isNotNull();
    assertThat(snapshots.get("alive/cpu")).isNotNull();
    assertThat(seriesStore.get("replay/cpu"))
        .as("a series replaying old data, sent now")
        .isNotNull();
    // the silent monitor's outage was declared before it was forgotten, and stays open
    assertThat(events.readValuesToList())
        .filteredOn(e -> e.monitor().equals("gone"))
        .extracting(MonitorEvent::type)
        .containsExactly(EventType.MONITOR_DISCOVERED, EventType.OUTAGE_STARTED);

    // a forgotten monitor that comes back starts afresh
    in.pipeInput("gone", new Sample("gone", "cpu", Map.of(), t, 5.0), t);
    assertThat(events.readValuesToList())
        .extracting(MonitorEvent::type)
        .contains(EventType.MONITOR_DISCOVERED);
    assertThat(seriesStore.get("gone/cpu")).isNotNull();
  }
}
