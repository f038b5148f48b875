package io.sentinel.detector.bench;

import io.quarkus.runtime.configuration.DurationConverter;
import io.sentinel.contract.EventType;
import io.sentinel.contract.Json;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Sample;
import io.sentinel.contract.Topics;
import io.sentinel.detector.config.DetectorConfig;
import io.sentinel.detector.topology.DetectorTopology;
import io.sentinel.detector.topology.TopologySettings;
import io.sentinel.devstack.DemoData;
import io.sentinel.devstack.DemoScore;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.Stores;

/**
 * {@code ./sentinel demo-score --offline [MINUTES] [key=value ...]}: the live demo's alert quality
 * in seconds instead of half an hour. The demo's own samples and incidents ({@link DemoData}, the
 * generator the demo agent posts) go through the detector's own topology ({@link DetectorTopology},
 * built with the settings the service reads: {@code application.properties} and the configuration
 * defaults of {@link DetectorConfig}, plus any {@code sentinel.detector...=value} given) in Kafka
 * Streams' {@link TopologyTestDriver}: no broker, simulated time, one sample per metric per second
 * of wall clock, the backfill delivered at once as the agent posts it. The anomalies and outages it
 * emits are scored against the incidents by {@link DemoScore}'s rules, as the live run is.
 *
 * <p>What it leaves out of the live system: ingest (the misconfigured exporter's samples, which
 * ingest rejects, are simply not delivered), late or batched delivery under load, and the handoff
 * from backfill to live (the live agent may fall seconds behind; here it is always on time), whose
 * alerts the score counts apart anyway.
 */
public final class DemoReplay {
  private DemoReplay() {}

  /** What a replay produced: the score, and every anomaly and outage with its time. */
  public record Run(
      DemoScore.Result result,
      List<DemoScore.Incident> incidents,
      List<DemoScore.Alert> alerts,
      long liveFrom,
      long until,
      int monitors) {}

  /**
   * Replays the backfill and {@code minutes} live minutes.
   *
   * @param settings the detector's settings, e.g. {@link #settings} with overrides
   */
  public static Run replay(int minutes, TopologySettings settings) {
    long tick = DemoData.TICK_MS;
    // the live part starts at a round time; the backfill's samples are stamped before it
    long liveFrom = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    long first = liveFrom - DemoData.BACKFILL * tick;
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "demo-replay");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    Path stateDir;
    try {
      stateDir = Files.createTempDirectory("demo-replay");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    DemoData data = new DemoData();
    List<DemoScore.Incident> incidents = new ArrayList<>();
    List<DemoScore.Alert> alerts = new ArrayList<>();
    // the agent posts the backfill just before its first live tick
    long wall = liveFrom - tick;
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            DetectorTopology.build(settings, Stores::inMemoryKeyValueStore),
            props,
            Instant.ofEpochMilli(wall))) {
      TestInputTopic<String, Sample> in =
          driver.createInputTopic(Topics.SAMPLES, Serdes.String().serializer(), Json.serializer());
      TestOutputTopic<String, MonitorEvent> events =
          driver.createOutputTopic(
              Topics.EVENTS, Serdes.String().deserializer(), Json.deserializer(MonitorEvent.class));
      TestOutputTopic<String, String> rollups =
          driver.createOutputTopic(
              Topics.ROLLUPS, Serdes.String().deserializer(), Serdes.String().deserializer());
      List<Sample> batch = new ArrayList<>();
      for (int t = 0; t < DemoData.BACKFILL; t++) {
        data.backfill(t, first + t * tick, batch);
        for (Sample s : batch) {
          in.pipeInput(s.key(), s, wall);
        }
        batch.clear();
        if (t % 100 == 99) {
          collect(events, rollups, alerts);
        }
      }
      List<Sample> rejected = new ArrayList<>();
      for (int live = 0; live < minutes * 60; live++) {
        long ts = liveFrom + live * tick;
        driver.advanceWallClockTime(Duration.ofMillis(ts - wall));
        wall = ts;
        data.live(live, ts, batch, rejected, incidents);
        for (Sample s : batch) {
          in.pipeInput(s.key(), s, ts);
        }
        batch.clear();
        rejected.clear(); // ingest refuses them: they never reach the detector
        collect(events, rollups, alerts);
        if (live % 600 == 599) {
          System.err.printf(
              Locale.ROOT,
              "demo replay: %d of %d simulated minutes, %d alerts%n",
              (live + 1) / 60,
              minutes,
              alerts.size());
        }
      }
      long until = liveFrom + minutes * 60_000L;
      driver.advanceWallClockTime(Duration.ofMillis(until - wall));
      collect(events, rollups, alerts);
      DemoScore.Result r = DemoScore.score(incidents, alerts, liveFrom, until, data.monitorCount());
      return new Run(r, incidents, alerts, liveFrom, until, data.monitorCount());
    } finally {
      try {
        Utils.delete(stateDir.toFile());
      } catch (IOException e) {
        System.err.println("demo replay: could not delete " + stateDir + ": " + e);
      }
    }
  }

  /** Anomalies and outages as the API lists them (started time, severity and explanation). */
  private static void collect(
      TestOutputTopic<String, MonitorEvent> events,
      TestOutputTopic<String, String> rollups,
      List<DemoScore.Alert> alerts) {
    for (MonitorEvent e : events.readValuesToList()) {
      if (e.type() == EventType.ANOMALY) {
        alerts.add(
            new DemoScore.Alert(
                e.monitor(),
                e.metric(),
                e.time(),
                String.format(
                    Locale.ROOT,
                    "%s %s [score %.3f, value %s, band %.2f to %.2f]",
                    e.severity() == null ? "" : e.severity().name().toLowerCase(Locale.ROOT),
                    e.message(),
                    e.score(),
                    e.value(),
                    e.expectedLow(),
                    e.expectedHigh())));
      } else if (e.type() == EventType.OUTAGE_STARTED) {
        alerts.add(new DemoScore.Alert(e.monitor(), null, e.time(), e.message()));
      }
    }
    rollups.readValuesToList(); // not scored; read so the driver does not keep them
  }

  /**
   * The service's settings: application.properties, the mapping's defaults, the overrides.
   *
   * @throws IllegalArgumentException for an override that is not one of the detector's keys (a
   *     misspelt key would otherwise be ignored and the run measure the defaults)
   */
  static TopologySettings settings(Map<String, String> overrides) {
    for (String key : overrides.keySet()) {
      if (!key.startsWith(PREFIX)) {
        throw new IllegalArgumentException(
            "'" + key + "' is not a detector configuration key (" + PREFIX + "*)");
      }
    }
    SmallRyeConfigBuilder b =
        new SmallRyeConfigBuilder()
            .withMapping(DetectorConfig.class)
            // a key under the prefix that the mapping does not know is refused, not ignored
            .withValidateUnknown(true)
            // Quarkus' form of durations ("15s", "7d"), as the service reads them
            .withConverter(Duration.class, 200, new DurationConverter());
    URL props = DemoReplay.class.getClassLoader().getResource("application.properties");
    if (props == null) {
      throw new IllegalStateException("detector-service application.properties not on the path");
    }
    try {
      b.withSources(new PropertiesConfigSource(props, 250));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    b.withSources(new PropertiesConfigSource(overrides, "overrides", 500));
    SmallRyeConfig config = b.build();
    return TopologySettings.from(config.getConfigMapping(DetectorConfig.class));
  }

  private static final String PREFIX = "sentinel.detector.";

  public static void main(String[] args) {
    int minutes = 30;
    Map<String, String> overrides = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq > 0) {
        overrides.put(a.substring(0, eq), a.substring(eq + 1));
      } else if (a.matches("[0-9]+") && Integer.parseInt(a) >= 1) {
        minutes = Integer.parseInt(a);
      } else {
        System.err.println(
            "usage: DemoReplay [MINUTES] [sentinel.detector.KEY=VALUE ...] (got '" + a + "')");
        System.exit(2);
      }
    }
    TopologySettings settings = null;
    try {
      settings = settings(overrides);
    } catch (IllegalArgumentException | NoSuchElementException | ConfigValidationException e) {
      System.err.println("DemoReplay: " + e.getMessage());
      System.exit(2);
    }
    long t0 = System.nanoTime();
    Run run = replay(minutes, settings);
    System.out.printf(
        Locale.ROOT,
        "offline replay (detector topology in a test driver, simulated time%s): %.1f s%n",
        overrides.isEmpty() ? ", service defaults" : ", " + overrides,
        (System.nanoTime() - t0) / 1e9);
    DemoScore.print(run.result(), run.monitors(), run.liveFrom(), run.until(), Integer.MAX_VALUE);
  }
}
