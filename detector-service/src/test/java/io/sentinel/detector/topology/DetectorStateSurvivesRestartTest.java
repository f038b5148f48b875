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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On the real broker: a detector instance is stopped and a new one starts with an empty local state
 * directory (a new pod). It must restore every series from the changelog and flag a spike straight
 * away, which an instance that had to warm up again could not do. And a new instance that starts
 * behind a backlog (the monitor kept sending while no detector ran) reads that as the detector's
 * delay, not as the monitor's silence.
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
        new TopologySettings(
            3,
            600_000,
            600_000,
            1_000,
            5,
            0, // rollup on every sample
            engine,
            600_000,
            3,
            300_000,
            TopologySettings.DEFAULT_SNAPSHOT_EVERY,
            TopologySettings.DEFAULT_CACHED_SERIES,
            TopologySettings.DEFAULT_EVICT_AFTER_MS,
            TopologySettings.DEFAULT_INPUT_GAP_MS,
            TopologySettings.DEFAULT_IDLE_FALLBACK_MS);
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
    assertThat(eventsOfMonitor(EventType.MONITOR_DISCOVERED))
        .as("monitor state restored too")
        .hasSize(1);
  }

  @Test
  void detectorRestartedBehindABacklogOpensNoOutageForAMonitorThatKeptSending() throws Exception {
    String bootstrap = DevStack.kafka().bootstrapServers();
    // the default settings: an outage after 3 missed intervals, never under 5 s, checked every
    // second
    TopologySettings settings = TopologySettings.defaults(EngineSettings.defaults());
    streams = start(bootstrap, settings, Files.createTempDirectory(target(), "backlog-a"));
    List<long[]> sent = new CopyOnWriteArrayList<>(); // {partition, offset, wall ms when sent}
    // the monitor keeps sending every 200 ms, whatever the detector does: a fixed-rate schedule,
    // not a sleeping loop
    KafkaProducer<String, String> producer = producer(bootstrap);
    ScheduledExecutorService sender =
        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "steady-monitor"));
    AtomicInteger i = new AtomicInteger();
    sender.scheduleAtFixedRate(
        () -> {
          try {
            long now = System.currentTimeMillis();
            var md = producer.send(record(now, 10 + i.getAndIncrement() % 5)).get();
            sent.add(new long[] {md.partition(), md.offset(), now});
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        0,
        200,
        TimeUnit.MILLISECONDS);
    try {
      await("the first detector has processed samples of the monitor")
          .atMost(Duration.ofSeconds(120))
          .until(() -> processedUpTo(bootstrap, sent, 0) >= 5);
      streams.close(
          new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(30)));
      int stoppedAt = sent.size();
      // down for longer than the silence limit (5 s) while the monitor goes on sending: a backlog
      await("a backlog longer than the silence limit")
          .atMost(Duration.ofSeconds(120))
          .until(
              () ->
                  sent.size() - stoppedAt >= 40
                      && sent.get(sent.size() - 1)[2] - sent.get(stoppedAt)[2] >= 8_000);

      streams = start(bootstrap, settings, Files.createTempDirectory(target(), "backlog-b"));
      int runningAt = sent.size();
      // caught up, and a few seconds of silence checks on the wall clock after that
      await("the new detector has caught up and checked for a while")
          .atMost(Duration.ofSeconds(120))
          .until(() -> processedUpTo(bootstrap, sent, runningAt) >= 20);
    } finally {
      sender.shutdown();
      assertThat(sender.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      producer.close();
    }
    List<MonitorEvent> events = committedEventsOfMonitor(bootstrap);
    assertThat(events).extracting(MonitorEvent::type).contains(EventType.MONITOR_DISCOVERED);
    assertThat(events).extracting(MonitorEvent::type).doesNotContain(EventType.OUTAGE_STARTED);
  }

  /** How many samples sent from index {@code from} on the detector has committed as processed. */
  private int processedUpTo(String bootstrap, List<long[]> sent, int from) throws Exception {
    if (sent.isEmpty()) {
      return 0;
    }
    long committed =
        Committed.offset(
            bootstrap, appId, new TopicPartition(Topics.SAMPLES, (int) sent.get(0)[0]));
    if (committed < 0) {
      return 0;
    }
    int n = 0;
    for (int i = from; i < sent.size(); i++) {
      if (sent.get(i)[1] < committed) {
        n++;
      }
    }
    return n;
  }

  /** Every committed event of the monitor, read to the end of the events topic. */
  private List<MonitorEvent> committedEventsOfMonitor(String bootstrap) {
    return Committed.records(bootstrap, Topics.EVENTS).stream()
        .filter(r -> monitor.equals(r.key()))
        .map(r -> Json.read(r.value().getBytes(), MonitorEvent.class))
        .toList();
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
    await("detector running")
        .atMost(Duration.ofSeconds(60))
        .until(() -> s.state() == KafkaStreams.State.RUNNING);
    return s;
  }

  private ProducerRecord<String, String> record(long ts, double value) {
    return new ProducerRecord<>(
        Topics.SAMPLES,
        monitor,
        new String(Json.write(new Sample(monitor, "latency", Map.of(), ts, value))));
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
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
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
