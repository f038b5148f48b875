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
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On the real broker: the broker refuses one transaction commit of the detector ({@code
 * InvalidTxnStateException} from {@code commitTransaction}, what a broker killed and restarted did
 * in the chaos run), which kills the stream thread. With {@link StreamThreadRecovery} the thread is
 * replaced and every sample is processed exactly once; with Kafka Streams' default the client stops
 * for good and processes nothing more.
 */
class StreamThreadReplacedTest {
  private final String appId = "detector-replace-" + UUID.randomUUID();
  private final String monitor = "replace-" + UUID.randomUUID();
  private final AtomicBoolean refuseNextCommit = new AtomicBoolean();
  private final AtomicInteger refused = new AtomicInteger();
  private final List<KafkaStreams.State> states = new CopyOnWriteArrayList<>();
  private final long t0 = System.currentTimeMillis() - 3_600_000L;
  private KafkaStreams streams;

  @AfterEach
  void stop() {
    if (streams != null) {
      streams.close(Duration.ofSeconds(30));
    }
  }

  @Test
  void aCommitTheBrokerRefusesReplacesTheThreadAndEverySampleIsProcessedExactlyOnce()
      throws Exception {
    String bootstrap = DevStack.kafka().bootstrapServers();
    StreamThreadRecovery recovery =
        new StreamThreadRecovery(5, Duration.ofMinutes(10), System::currentTimeMillis);
    streams = start(bootstrap, recovery);
    RecordMetadata last = send(bootstrap, 0, 50);
    await("the first 50 samples committed")
        .atMost(Duration.ofSeconds(120))
        .until(() -> committedOffset(bootstrap, last.partition()) > last.offset());

    refuseNextCommit.set(true);
    RecordMetadata end = send(bootstrap, 50, 100);
    await("the commit refused, the thread replaced, all 100 samples committed")
        .atMost(Duration.ofSeconds(120))
        .until(
            () ->
                refused.get() == 1
                    && committedOffset(bootstrap, end.partition()) > end.offset()
                    && streams.state() == KafkaStreams.State.RUNNING);

    assertThat(recovery.replacements()).isEqualTo(1);
    assertThat(states).doesNotContain(KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.ERROR);
    // one rollup per sample (re-published on every sample): each sample's exactly once, the
    // refused transaction's output aborted and reprocessed, not emitted twice
    List<Long> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      expected.add(t0 + i * 1000L);
    }
    await("every sample's rollup readable as committed")
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(
            () ->
                assertThat(committed(bootstrap, Topics.ROLLUPS, Rollup.class))
                    .extracting(Rollup::lastTimestamp)
                    .containsExactlyInAnyOrderElementsOf(expected));
    assertThat(committed(bootstrap, Topics.EVENTS, MonitorEvent.class))
        .extracting(MonitorEvent::type)
        .containsOnlyOnce(EventType.MONITOR_DISCOVERED);
  }

  @Test
  void withKafkaStreamsDefaultTheSameRefusalStopsTheDetectorForGood() throws Exception {
    String bootstrap = DevStack.kafka().bootstrapServers();
    streams = start(bootstrap, null);
    RecordMetadata last = send(bootstrap, 0, 50);
    await("the first 50 samples committed")
        .atMost(Duration.ofSeconds(120))
        .until(() -> committedOffset(bootstrap, last.partition()) > last.offset());

    refuseNextCommit.set(true);
    send(bootstrap, 50, 100);
    await("the client stopped")
        .atMost(Duration.ofSeconds(120))
        .until(() -> streams.state() == KafkaStreams.State.ERROR);
    assertThat(refused.get()).isEqualTo(1);
  }

  private KafkaStreams start(String bootstrap, StreamThreadRecovery recovery) throws Exception {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(
        StreamsConfig.STATE_DIR_CONFIG,
        Files.createTempDirectory(Files.createDirectories(Path.of("target")), "replace")
            .toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // a dead thread does not leave the group: its tasks move once its session expires
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
    TopologySettings settings = TopologySettings.defaults(EngineSettings.defaults());
    settings =
        new TopologySettings(
            settings.missedIntervals(),
            600_000, // no outage while the test's history (an hour old) is replayed
            settings.defaultIntervalMs(),
            settings.checkIntervalMs(),
            settings.resolveAfter(),
            0, // a rollup on every sample
            settings.engine(),
            settings.maxFutureMs(),
            settings.errorsMinRejections(),
            settings.errorsQuietMs(),
            settings.snapshotEvery(),
            settings.cachedSeries(),
            settings.evictAfterMs(),
            settings.inputGapMs(),
            settings.idleFallbackMs());
    KafkaStreams s = new KafkaStreams(DetectorTopology.build(settings), p, new RefusingClients());
    if (recovery != null) {
      s.setUncaughtExceptionHandler(recovery);
    }
    s.setStateListener((now, before) -> states.add(now));
    s.start();
    await("detector running")
        .atMost(Duration.ofSeconds(60))
        .until(() -> s.state() == KafkaStreams.State.RUNNING);
    return s;
  }

  /** The real clients; each producer's next transaction commit is refused once when armed. */
  private final class RefusingClients implements KafkaClientSupplier {
    @Override
    public Admin getAdmin(Map<String, Object> config) {
      return Admin.create(config);
    }

    @SuppressWarnings("unchecked")
    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
      KafkaProducer<byte[], byte[]> real =
          new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
      return (Producer<byte[], byte[]>)
          Proxy.newProxyInstance(
              Producer.class.getClassLoader(),
              new Class<?>[] {Producer.class},
              (proxy, method, args) -> {
                if (method.getName().equals("commitTransaction")
                    && refuseNextCommit.compareAndSet(true, false)) {
                  refused.incrementAndGet();
                  throw new InvalidTxnStateException(
                      "The producer attempted a transactional operation in an invalid state.");
                }
                try {
                  return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
      return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
      return getConsumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
      return getConsumer(config);
    }
  }

  /**
   * Sends samples {@code from} to {@code to - 1}, one a second an hour ago; the last one's place.
   */
  private RecordMetadata send(String bootstrap, int from, int to) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    SyntheticSeries series = new SyntheticSeries(5);
    RecordMetadata last = null;
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (int i = from; i < to; i++) {
        Sample s = new Sample(monitor, "latency", Map.of(), t0 + i * 1000L, series.value(i));
        last =
            producer
                .send(new ProducerRecord<>(Topics.SAMPLES, monitor, new String(Json.write(s))))
                .get();
      }
    }
    return last;
  }

  /** The detector's committed position on the samples topic's partition. */
  private long committedOffset(String bootstrap, int partition) throws Exception {
    return Committed.offset(bootstrap, appId, new TopicPartition(Topics.SAMPLES, partition));
  }

  /** The monitor's committed records on {@code topic}, read to its end. */
  private <T> List<T> committed(String bootstrap, String topic, Class<T> type) {
    // events are keyed by monitor, rollups by series: the monitor is in the value of both
    return Committed.records(bootstrap, topic).stream()
        .filter(r -> r.value().contains(monitor))
        .map(r -> Json.read(r.value().getBytes(), type))
        .toList();
  }
}
