package io.sentinel.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentinel.contract.EventType;
import io.sentinel.contract.Json;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Rollup;
import io.sentinel.contract.Sample;
import io.sentinel.contract.Tenants;
import io.sentinel.contract.Topics;
import io.sentinel.engine.DetectionEngine;
import io.sentinel.engine.EngineSettings;
import io.sentinel.engine.SeriesState;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The series state kept as a hot record (journal of raw samples) plus a snapshot every few samples
 * stands for exactly the engine state computed directly, and the old format still loads.
 */
class SeriesStateTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final EngineSettings ENGINE = EngineSettings.defaults();
  private final List<TopologyTestDriver> drivers = new ArrayList<>();

  @AfterEach
  void stop() {
    drivers.forEach(TopologyTestDriver::close);
  }

  private TopologyTestDriver driver(TopologySettings settings) throws IOException {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "series-state-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    Path target = Files.createDirectories(Path.of("target"));
    props.put(
        StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(target, "series-ttd").toString());
    TopologyTestDriver d = new TopologyTestDriver(DetectorTopology.build(settings), props, START);
    drivers.add(d);
    return d;
  }

  private static TestInputTopic<String, Sample> input(TopologyTestDriver d) {
    return d.createInputTopic(Topics.SAMPLES, Serdes.String().serializer(), Json.serializer());
  }

  private static long ts(int i) {
    return START.toEpochMilli() + i * 1000L;
  }

  @Test
  void rebuiltStateEqualsTheDirectlyComputedStateByteForByteAtEverySample() throws IOException {
    TopologyTestDriver d = driver(TopologySettings.defaults(ENGINE));
    TestInputTopic<String, Sample> in = input(d);
    KeyValueStore<String, byte[]> hot = d.getKeyValueStore(Names.SERIES_STORE);
    KeyValueStore<String, byte[]> snapshots = d.getKeyValueStore(Names.SNAPSHOT_STORE);
    DetectionEngine engine = new DetectionEngine(ENGINE);
    SeriesState direct = engine.newSeries();
    SyntheticSeries s = new SyntheticSeries(3);
    int trainings = 0;
    int largestHot = 0;
    // past the first training (200), the first retraining (450) and the second (700)
    for (int i = 0; i < 760; i++) {
      double v = i == 600 ? 400 : s.value(i);
      in.pipeInput("web-1", new Sample("web-1", "cpu", Map.of(), ts(i), v), ts(i));
      d.advanceWallClockTime(Duration.ofSeconds(1));
      int before = direct.supportVectors();
      engine.update(direct, ts(i), v);
      trainings += direct.supportVectors() != before ? 1 : 0;

      byte[] hotBytes = hot.get("web-1/cpu");
      SeriesRecord r = SeriesRecord.decode(hotBytes);
      assertThat(r.journalLength)
          .as("journal after sample %d", i)
          .isLessThan(TopologySettings.DEFAULT_SNAPSHOT_EVERY);
      SeriesState rebuilt =
          SeriesDetection.rebuild(engine, r, snapshots.get("web-1/cpu"), "web-1/cpu");
      assertThat(Arrays.equals(engine.toBytes(rebuilt), engine.toBytes(direct)))
          .as("rebuilt state equals the engine's after sample %d", i)
          .isTrue();
      largestHot = Math.max(largestHot, hotBytes.length);
    }
    assertThat(trainings).as("the run crosses trainings").isGreaterThanOrEqualTo(2);
    assertThat(engine.toBytes(direct).length).as("a whole state").isGreaterThan(10_000);
    assertThat(largestHot).as("what a sample writes to the series store").isLessThan(1_024);
  }

  @Test
  void aDetectorThatRebuildsEveryStateFromTheStoresEmitsExactlyWhatOneKeepingThemInMemoryDoes()
      throws IOException {
    List<String> cached = run(driver(TopologySettings.defaults(ENGINE)));
    // one state in memory for three interleaved series: every sample is a miss and a rebuild
    List<String> rebuilt = run(driver(TopologySettings.defaults(ENGINE).withState(7, 1)));
    assertThat(cached).anyMatch(e -> e.contains("\"type\":\"anomaly\""));
    assertThat(rebuilt).isEqualTo(cached);
  }

  private static List<String> run(TopologyTestDriver d) {
    TestInputTopic<String, Sample> in = input(d);
    SyntheticSeries s = new SyntheticSeries(5);
    for (int i = 0; i < 520; i++) {
      for (String metric : List.of("cpu", "mem", "disk")) {
        double v = i == 480 && metric.equals("mem") ? 900 : s.value(i);
        in.pipeInput("web-1", new Sample("web-1", metric, Map.of(), ts(i), v), ts(i));
      }
      d.advanceWallClockTime(Duration.ofSeconds(1));
    }
    List<String> out = new ArrayList<>();
    d.createOutputTopic(
            Topics.EVENTS, Serdes.String().deserializer(), Serdes.String().deserializer())
        .readValuesToList()
        .forEach(out::add);
    d.createOutputTopic(
            Topics.ROLLUPS, Serdes.String().deserializer(), Serdes.String().deserializer())
        .readValuesToList()
        .forEach(out::add);
    return out;
  }

  @Test
  void stateWrittenInTheOldFormatKeepsWorking() throws IOException {
    // the record is read by the series' next sample
    oldFormat(false);
  }

  @Test
  void stateWrittenInTheOldFormatKeepsWorkingAfterTheEvictionWalkMetItFirst() throws IOException {
    // the wall clock moves on before the next sample: the walk round the store for silent series
    // meets the record first and moves its engine state to the snapshot store
    oldFormat(true);
  }

  private void oldFormat(boolean sweepFirst) throws IOException {
    DetectionEngine engine = new DetectionEngine(ENGINE);
    SeriesState direct = engine.newSeries();
    SyntheticSeries s = new SyntheticSeries(9);
    int n = ENGINE.samplesBeforeScoring() + 100;
    for (int i = 0; i < n; i++) {
      engine.update(direct, ts(i), s.value(i));
    }
    TopologyTestDriver d = driver(TopologySettings.defaults(ENGINE));
    KeyValueStore<String, byte[]> hot = d.getKeyValueStore(Names.SERIES_STORE);
    hot.put("web-1/cpu", version1("web-1", "cpu", engine.toBytes(direct), ts(n - 1)));
    d.<String, MonitorState>getKeyValueStore(Names.MONITOR_STORE)
        .put(
            "web-1",
            MonitorState.rejectedOnly(Tenants.DEFAULT, "web-1").seen(ts(n - 1), ts(n - 1), 1000));
    if (sweepFirst) {
      // checked every second, as a running detector is (the input clock starts with the checks)
      for (long ms = ts(n - 1) - START.toEpochMilli(); ms > 0; ms -= 1000) {
        d.advanceWallClockTime(Duration.ofMillis(Math.min(ms, 1000)));
      }
      assertThat(d.<String, byte[]>getKeyValueStore(Names.SNAPSHOT_STORE).get("web-1/cpu"))
          .isNotNull();
    }

    TestInputTopic<String, Sample> in = input(d);
    var events =
        d.createOutputTopic(
            Topics.EVENTS, Serdes.String().deserializer(), Json.deserializer(MonitorEvent.class));
    in.pipeInput("web-1", new Sample("web-1", "cpu", Map.of(), ts(n), 500.0), ts(n));
    engine.update(direct, ts(n), 500.0);
    List<MonitorEvent> out = events.readValuesToList();
    assertThat(out)
        .extracting(MonitorEvent::type)
        .as("no new warm-up, no rediscovery")
        .containsExactly(EventType.ANOMALY);

    // the series goes on in the current format, still in step with the engine
    for (int i = n + 1; i < n + 80; i++) {
      double v = s.value(i);
      in.pipeInput("web-1", new Sample("web-1", "cpu", Map.of(), ts(i), v), ts(i));
      engine.update(direct, ts(i), v);
    }
    SeriesRecord r = SeriesRecord.decode(hot.get("web-1/cpu"));
    assertThat(r.legacyEngineState).isNull();
    SeriesState rebuilt =
        SeriesDetection.rebuild(
            engine,
            r,
            d.<String, byte[]>getKeyValueStore(Names.SNAPSHOT_STORE).get("web-1/cpu"),
            "web-1/cpu");
    assertThat(Arrays.equals(engine.toBytes(rebuilt), engine.toBytes(direct)))
        .as("rebuilt state equals the engine's")
        .isTrue();
    var rollups =
        d.createOutputTopic(
            Topics.ROLLUPS, Serdes.String().deserializer(), Json.deserializer(Rollup.class));
    assertThat(rollups.readValuesToList()).isNotEmpty();
  }

  /** A series record as version 1 wrote it: the whole engine state inside. */
  static byte[] version1(String monitor, String metric, byte[] engineState, long lastTs)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeUTF(monitor);
      out.writeUTF(metric);
      out.writeShort(0);
      out.writeInt(engineState.length);
      out.write(engineState);
      out.writeLong(lastTs);
      out.writeBoolean(false); // no open anomaly
      out.writeInt(0);
      out.writeLong(Math.floorDiv(lastTs, 60_000L) * 60_000L);
      out.writeLong(1);
      out.writeDouble(1);
      out.writeDouble(1);
      out.writeDouble(1);
      out.writeDouble(1);
      out.writeLong(lastTs);
      out.writeDouble(0);
      out.writeDouble(Double.NaN);
      out.writeDouble(Double.NaN);
      out.writeLong(0);
      out.writeBoolean(false);
    }
    return bytes.toByteArray();
  }
}
