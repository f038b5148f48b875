package io.sentinel.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentinel.contract.Json;
import io.sentinel.contract.Rollup;
import io.sentinel.contract.Sample;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The filling minute of a series is re-published on the wall clock every emit interval (10 s by
 * default) when it got samples since, so the last samples before a series pauses or stops are in
 * its rollup without waiting for its next sample.
 */
class RollupFlushTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private TopologyTestDriver driver;
  private TestInputTopic<String, Sample> in;
  private TestOutputTopic<String, Rollup> rollups;

  @BeforeEach
  void start() throws Exception {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rollup-flush-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    Path target = Files.createDirectories(Path.of("target"));
    props.put(
        StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(target, "rollup-ttd").toString());
    driver =
        new TopologyTestDriver(
            DetectorTopology.build(TopologySettings.defaults(EngineSettings.defaults())),
            props,
            START);
    in = driver.createInputTopic(Topics.SAMPLES, Serdes.String().serializer(), Json.serializer());
    rollups =
        driver.createOutputTopic(
            Topics.ROLLUPS, Serdes.String().deserializer(), Json.deserializer(Rollup.class));
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void lastSamplesBeforeAPauseArePublishedWithinOneEmitInterval() {
    long t = START.toEpochMilli();
    for (int i = 1; i <= 5; i++, t += 1000) {
      in.pipeInput("web-1", new Sample("web-1", "cpu", Map.of(), t, i), t);
      driver.advanceWallClockTime(Duration.ofSeconds(1));
    }
    List<Rollup> sofar = rollups.readValuesToList();
    assertThat(sofar).as("only the first sample published at once").hasSize(1);
    assertThat(sofar.get(0).count()).isEqualTo(1);

    // the series pauses: within one emit interval its filling minute is published whole
    for (int i = 0; i < 10; i++) {
      driver.advanceWallClockTime(Duration.ofSeconds(1));
    }
    List<Rollup> flushed = rollups.readValuesToList();
    assertThat(flushed).hasSize(1);
    assertThat(flushed.get(0).count()).isEqualTo(5);
    assertThat(flushed.get(0).last()).isEqualTo(5.0);
    assertThat(flushed.get(0).lastTimestamp()).isEqualTo(START.toEpochMilli() + 4_000);

    // nothing new: nothing published again
    for (int i = 0; i < 30; i++) {
      driver.advanceWallClockTime(Duration.ofSeconds(1));
    }
    assertThat(rollups.isEmpty()).isTrue();
  }
}
