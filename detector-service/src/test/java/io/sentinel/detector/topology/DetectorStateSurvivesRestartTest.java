package io.sentinel.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sentinel.contract.EventType;
import io.sentinel.contract.Json;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Rollup;
import io.sentinel.contract.Sample;
import io.sentinel.contract.Topics;
import io.sentinel.devstack.DevStack;
import io.sentinel.engine.EngineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On the real broker: a detector instance is stopped and a new one starts with an empty local
 * state directory (a new pod). It must restore every series from the changelog and flag a spike
 * straight away, which an instance that had to warm up again could not do.
 */
class DetectorStateSurvivesRestartTest {
  private final String appId = "detector-restart-" + UUID.randomUUID();
  private final String monitor = "restart-" + UUID.randomUUID();
  private final List<ConsumerRecord<String, String>> seen = new CopyOnWriteArrayList<>();
  private volatile boolean consuming = true;
  private KafkaStreams streams;
  private Thread consumerThread;

  @AfterEach
  void stop() throws InterruptedException {
    consuming = false;
    if (streams != null) {
      streams.close(Duration.ofSeconds(30));
    }
    if (consumerThread != null) {
      consumerThread.join(10_000);
    }
  }

  @Test
  void restartedDetectorWithEmptyLocalStateResumesWithoutANewWarmUp() throws Exception {
    String bootstrap = DevStack.kafka().bootstrapServers();
    EngineSettings engine = EngineSettings.defaults();
    TopologySettings settings =
        new TopologySettings(3, 600_000, 600_000, 1_000, 5, 0, engine, 600_000, 3, 300_000); // rollup on every sample
    startConsumer(bootstrap);

    streams = start(bootstrap, settings, Files.createTempDirectory(target(), "state-a"));
    SyntheticSeries series = new SyntheticSeries(5);
    long t0 = System.currentTimeMillis() - 3_600_000L;
    int n = engine.samplesBeforeScoring() + 100;
    try (KafkaProducer<String, String> producer = producer(bootstrap)) {
      for (int i = 0; i < n; i++) {
        producer.send(record(t0 + i * 1000L, series.value(i)));
      }
      producer.flush();
    }
    long lastTs = t0 + (n - 1) * 1000L;
    await("all samples processed before the restart")
        .atMost(Duration.ofSeconds(120))
        .until(() -> rollupsOfMonitor().stream().anyMatch(r -> r.lastTimestamp() == lastTs));
    assertThat(eventsOfMonitor(EventType.ANOMALY)).as("normal data raises no anomaly").isEmpty();

    streams.close(Duration.ofSeconds(30));
    // a new instance on a new machine: nothing local, everything from the changelog
    streams = start(bootstrap, settings, Files.createTempDirectory(target(), "state-b"));
    try (KafkaProducer<String, String> producer = producer(bootstrap)) {
      producer.send(record(lastTs + 1000, 500.0)).get();
    }
    await("the spike right after the restart is flagged")
        .atMost(Duration.ofSeconds(120))
        .until(() -> !eventsOfMonitor(EventType.ANOMALY).isEmpty());
    MonitorEvent anomaly = eventsOfMonitor(EventType.ANOMALY).get(0);
    assertThat(anomaly.value()).isEqualTo(500.0);
    assertThat(anomaly.time()).isEqualTo(lastTs + 1000);
    assertThat(eventsOfMonitor(EventType.MONITOR_DISCOVERED)).as("monitor state restored too").hasSize(1);
  }

  private static Path target() throws Exception {
    return Files.createDirectories(Path.of("target"));
  }

  private KafkaStreams start(String bootstrap, TopologySettings settings, Path stateDir) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    KafkaStreams s = new KafkaStreams(DetectorTopology.build(settings), p);
    s.start();
    await("detector running").atMost(Duration.ofSeconds(60)).until(() -> s.state() == KafkaStreams.State.RUNNING);
    return s;
  }

  private ProducerRecord<String, String> record(long ts, double value) {
    return new ProducerRecord<>(
        Topics.SAMPLES, monitor, new String(Json.write(new Sample(monitor, "latency", Map.of(), ts, value))));
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private void startConsumer(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, appId + "-reader");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(Topics.EVENTS, Topics.ROLLUPS));
    consumerThread =
        new Thread(
            () -> {
              try (consumer) {
                while (consuming) {
                  for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r);
                  }
                }
              }
            },
            "restart-test-reader");
    consumerThread.start();
  }

  private List<MonitorEvent> eventsOfMonitor(EventType type) {
    return seen.stream()
        .filter(r -> r.topic().equals(Topics.EVENTS) && monitor.equals(r.key()))
        .map(r -> Json.read(r.value().getBytes(), MonitorEvent.class))
        .filter(e -> e.type() == type)
        .toList();
  }

  private List<Rollup> rollupsOfMonitor() {
    return seen.stream()
        .filter(r -> r.topic().equals(Topics.ROLLUPS))
        .map(r -> Json.read(r.value().getBytes(), Rollup.class))
        .filter(r -> monitor.equals(r.monitor()))
        .toList();
  }
}
