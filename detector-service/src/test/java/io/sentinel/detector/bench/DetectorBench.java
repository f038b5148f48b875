package io.sentinel.detector.bench;

import io.sentinel.contract.Json;
import io.sentinel.contract.Sample;
import io.sentinel.contract.Topics;
import io.sentinel.detector.topology.DetectorTopology;
import io.sentinel.detector.topology.SeriesStates;
import io.sentinel.detector.topology.TopologySettings;
import io.sentinel.devstack.EmbeddedKafka;
import io.sentinel.engine.DetectionEngine;
import io.sentinel.engine.EngineSettings;
import io.sentinel.engine.SeriesState;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Detector throughput on a real (embedded) broker, with the detector-service's Kafka Streams
 * settings (exactly-once, 200 ms commits, record cache): the same samples through
 *
 * <ol>
 *   <li>the detection engine alone, in one thread, no Kafka (the ceiling);
 *   <li>a pass-through topology with the same guarantees: decode each sample, put a small value per
 *       series in a logged store, forward one record (the floor Kafka Streams costs);
 *   <li>the detector topology.
 * </ol>
 *
 * <p>Each Kafka run also prints the bytes it wrote to its changelog topics per sample (keys and
 * values, read back from the topics). After the detector's run a new instance with an empty state
 * directory restores its stores from the changelogs (timed until it is running), and every series'
 * engine state is rebuilt from the restored records (snapshot + journal, timed).
 *
 * <p>Usage: {@code DetectorBench [--series N] [--samples-per-series N] [--high-cardinality]
 * [--cached-series N]} ({@code --cached-series}: decoded engine states kept per task, default the
 * service's). {@code --high-cardinality} is 10,000 series x 60 samples: with 200 ms commits a
 * series sees one sample per commit, so the record cache cannot coalesce its writes. Prints
 * samples/s of each and the ratios. Not a test: figures depend on the machine; compare ratios
 * within one run.
 */
public final class DetectorBench {
  private static final long STEP_MS = 10_000;

  public static void main(String[] args) throws Exception {
    // Outside Quarkus the JBoss log manager leaves every level on: Kafka's trace lines would be
    // formatted (and dropped) for every record, a cost the service, logging at INFO, never pays.
    org.jboss.logmanager.LogContext.getLogContext().getLogger("").setLevel(Level.INFO);
    int series = 200;
    int perSeries = 600;
    int cachedSeries = TopologySettings.DEFAULT_CACHED_SERIES;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--series" -> series = Integer.parseInt(args[++i]);
        case "--samples-per-series" -> perSeries = Integer.parseInt(args[++i]);
        case "--cached-series" -> cachedSeries = Integer.parseInt(args[++i]);
        case "--high-cardinality" -> {
          series = 10_000;
          perSeries = 60;
        }
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    List<Sample> samples = samples(series, perSeries);
    System.out.printf(
        Locale.ROOT,
        "[bench] %d series x %d samples = %d samples, one every %d s per series%n",
        series,
        perSeries,
        samples.size(),
        STEP_MS / 1000);
    EngineSettings engineSettings = EngineSettings.defaults();

    Run engine0 = engineOnly(engineSettings, samples);
    double engineRate = engine0.rate();
    System.out.printf(Locale.ROOT, "[bench] engine alone: %,.0f samples/s%n", engineRate);

    Path dir = Files.createTempDirectory("detector-bench");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      String bootstrap = kafka.bootstrapServers();
      produce(bootstrap, samples);
      Run pass0 = run("pass-through", bootstrap, dir, DetectorBench::passThrough, samples.size());
      double passRate = pass0.rate();
      Changelogs pass = changelogs(bootstrap, "bench-pass-through");
      TopologySettings settings =
          TopologySettings.defaults(engineSettings)
              .withState(TopologySettings.DEFAULT_SNAPSHOT_EVERY, cachedSeries);
      System.out.printf(
          Locale.ROOT,
          "[bench] detector keeps up to %,d engine states in memory per task%n",
          cachedSeries);
      Run detector0 =
          run("detector", bootstrap, dir, () -> DetectorTopology.build(settings), samples.size());
      double detectorRate = detector0.rate();
      Changelogs detector = changelogs(bootstrap, "bench-detector");
      double restoreSecs = restore(bootstrap, dir, () -> DetectorTopology.build(settings));
      double rebuildSecs = rebuild(engineSettings, detector);
      System.out.println();
      System.out.printf(
          Locale.ROOT,
          "| path | samples/s | vs pass-through | changelog bytes per sample"
              + " | stream thread CPU per sample | samples/s per stream thread on its own core |%n"
              + "| --- | --- | --- | --- | --- | --- |%n");
      System.out.printf(
          Locale.ROOT,
          "| engine alone (1 thread, no Kafka) | %,.0f | %.2f | | %.1f µs | %,.0f |%n",
          engineRate,
          engineRate / passRate,
          engine0.cpuMicrosPerSample(),
          1e6 / engine0.cpuMicrosPerSample());
      System.out.printf(
          Locale.ROOT,
          "| pass-through topology (EOS, logged store) | %,.0f | 1.00 | %,.0f | %.1f µs | %,.0f |%n",
          passRate,
          pass.bytes / (double) samples.size(),
          pass0.cpuMicrosPerSample(),
          1e6 / pass0.cpuMicrosPerSample());
      System.out.printf(
          Locale.ROOT,
          "| detector topology (EOS) | %,.0f | %.2f | %,.0f | %.1f µs | %,.0f |%n",
          detectorRate,
          detectorRate / passRate,
          detector.bytes / (double) samples.size(),
          detector0.cpuMicrosPerSample(),
          1e6 / detector0.cpuMicrosPerSample());
      System.out.println();
      System.out.printf(Locale.ROOT, "[bench] detector changelogs: %s%n", detector.perTopic);
      double hot = detector.hot.values().stream().mapToInt(b -> b.length).average().orElse(0);
      double snapshot =
          detector.snapshots.values().stream().mapToInt(b -> b.length).average().orElse(0);
      int every = settings.snapshotEvery();
      System.out.printf(
          Locale.ROOT,
          "[bench] what one sample writes where nothing coalesces (the series' final records): hot record %,.0f B"
              + " + snapshot %,.0f B / %d = %,.0f B; a whole-state record per sample (the format before) would be"
              + " %,.0f B%n",
          hot,
          snapshot,
          every,
          hot + snapshot / every,
          snapshot + 100);
      System.out.printf(
          Locale.ROOT,
          "[bench] samples per series per commit (200 ms) at the detector's rate: %.2f%n",
          detectorRate * 0.2 / series);
      System.out.printf(
          Locale.ROOT,
          "[bench] restore of %,d series: %.1f s to restore the stores from the changelogs (empty state directory),"
              + " then %.2f s to rebuild every engine state in memory (snapshot + journal)%n",
          series,
          restoreSecs,
          rebuildSecs);
    }
  }

  /**
   * What an application wrote to its changelog topics: bytes (keys and values) and the latest
   * values.
   */
  record Changelogs(
      long bytes,
      Map<String, Long> perTopic,
      Map<String, byte[]> hot,
      Map<String, byte[]> snapshots) {}

  private static Changelogs changelogs(String bootstrap, String appId) throws Exception {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    long total = 0;
    Map<String, Long> perTopic = new java.util.TreeMap<>();
    Map<String, byte[]> hot = new HashMap<>();
    Map<String, byte[]> snapshots = new HashMap<>();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> consumer =
            new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                p,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      List<String> topics =
          admin.listTopics().names().get().stream()
              .filter(t -> t.startsWith(appId + "-") && t.endsWith("-changelog"))
              .sorted()
              .toList();
      for (String topic : topics) {
        List<TopicPartition> parts = new ArrayList<>();
        for (int i = 0; i < EmbeddedKafka.PARTITIONS; i++) {
          parts.add(new TopicPartition(topic, i));
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
        long bytes = 0;
        while (parts.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
          for (var r : consumer.poll(Duration.ofMillis(500))) {
            bytes +=
                (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
            String key = new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
            if (topic.endsWith("-" + DetectorTopology.SERIES_STORE + "-changelog")) {
              hot.put(key, r.value());
            } else if (topic.endsWith("-series-snapshot-changelog")) {
              snapshots.put(key, r.value());
            }
          }
        }
        perTopic.put(topic.substring(appId.length() + 1), bytes);
        total += bytes;
      }
    }
    return new Changelogs(total, perTopic, hot, snapshots);
  }

  /** A new instance of the application with an empty state directory: seconds until it runs. */
  private static double restore(String bootstrap, Path dir, Supplier<Topology> topology)
      throws Exception {
    Properties p = properties("detector", bootstrap, dir.resolve("state-restore"));
    java.util.concurrent.atomic.AtomicLong restored = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong firstStart =
        new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong lastEnd = new java.util.concurrent.atomic.AtomicLong();
    try (KafkaStreams streams = new KafkaStreams(topology.get(), p)) {
      streams.setGlobalStateRestoreListener(
          new org.apache.kafka.streams.processor.StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition tp, String store, long start, long end) {
              firstStart.compareAndSet(0, System.nanoTime());
            }

            @Override
            public void onBatchRestored(TopicPartition tp, String store, long end, long n) {
              restored.addAndGet(n);
            }

            @Override
            public void onRestoreEnd(TopicPartition tp, String store, long total) {
              lastEnd.set(System.nanoTime());
            }
          });
      long t0 = System.nanoTime();
      streams.start();
      long lastReport = t0;
      while (streams.state() != KafkaStreams.State.RUNNING) {
        if (System.nanoTime() - lastReport > 5e9) {
          System.out.printf(
              Locale.ROOT, "[bench] restore: %,d records restored so far%n", restored.get());
          lastReport = System.nanoTime();
        }
        Thread.sleep(20);
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      double restoring = firstStart.get() == 0 ? 0 : (lastEnd.get() - firstStart.get()) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "[bench] restore: %,d changelog records restored in %.1f s (%.1f s from start to running)%n",
          restored.get(),
          restoring,
          secs);
      return restoring;
    }
  }

  /** Seconds to rebuild every series' engine state from its stored records, in one thread. */
  private static double rebuild(EngineSettings settings, Changelogs logs) {
    DetectionEngine engine = new DetectionEngine(settings);
    long t0 = System.nanoTime();
    long samples = 0;
    for (Map.Entry<String, byte[]> e : logs.hot.entrySet()) {
      samples +=
          SeriesStates.rebuild(engine, e.getKey(), e.getValue(), logs.snapshots.get(e.getKey()))
              .samplesSeen();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "[bench] rebuilt %,d series states (%,d samples seen in all) in %.2f s%n",
        logs.hot.size(),
        samples,
        secs);
    return secs;
  }

  static List<Sample> samples(int series, int perSeries) {
    Random random = new Random(7);
    long start = System.currentTimeMillis() - perSeries * STEP_MS;
    List<Sample> out = new ArrayList<>(series * perSeries);
    for (int t = 0; t < perSeries; t++) {
      for (int s = 0; s < series; s++) {
        double v = 50 + 10 * Math.sin(2 * Math.PI * t / 360.0 + s) + random.nextGaussian();
        // ten metrics per monitor, as a host agent sends them
        out.add(new Sample("host-" + s / 10, "m" + s % 10, Map.of(), start + t * STEP_MS, v));
      }
    }
    return out;
  }

  private static Run engineOnly(EngineSettings settings, List<Sample> samples) {
    DetectionEngine engine = new DetectionEngine(settings);
    Map<String, SeriesState> states = new HashMap<>();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long cpu0 = mx.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    for (Sample s : samples) {
      engine.update(
          states.computeIfAbsent(s.seriesId(), k -> engine.newSeries()), s.timestamp(), s.value());
    }
    double rate = samples.size() / ((System.nanoTime() - t0) / 1e9);
    return new Run(rate, (mx.getCurrentThreadCpuTime() - cpu0) / 1e3 / samples.size());
  }

  private static void produce(String bootstrap, List<Sample> samples) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    long t0 = System.nanoTime();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      for (Sample s : samples) {
        producer.send(new ProducerRecord<>(Topics.SAMPLES, s.key(), Json.write(s)));
      }
      producer.flush();
    }
    System.out.printf(
        Locale.ROOT,
        "[bench] produced %,d samples in %.1f s%n",
        samples.size(),
        (System.nanoTime() - t0) / 1e9);
  }

  /**
   * What one run measured: samples/s once running (the machine's cores shared by the broker, the
   * clients and the stream thread), and the CPU time of the stream thread itself per sample, which
   * is what bounds a stream thread that has a core of its own (the broker elsewhere).
   */
  record Run(double rate, double cpuMicrosPerSample) {}

  /** CPU nanoseconds so far of the live threads whose whole name matches. */
  private static Map<Long, Long> threadCpu(Pattern name) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<Long, Long> out = new HashMap<>();
    for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info != null && name.matcher(info.getThreadName()).matches()) {
        long nanos = mx.getThreadCpuTime(info.getThreadId());
        if (nanos >= 0) {
          out.put(info.getThreadId(), nanos);
        }
      }
    }
    return out;
  }

  /** Runs one topology as a fresh application over the whole topic, measured once running. */
  private static Run run(
      String name, String bootstrap, Path dir, Supplier<Topology> topology, long total)
      throws Exception {
    String appId = "bench-" + name;
    Properties p = properties(name, bootstrap, dir.resolve("state-" + name));
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        KafkaStreams streams = new KafkaStreams(topology.get(), p)) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int i = 0; i < EmbeddedKafka.PARTITIONS; i++) {
        latest.put(new TopicPartition(Topics.SAMPLES, i), OffsetSpec.latest());
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin.listOffsets(latest).all().get();
      long t0 = System.nanoTime();
      streams.start();
      long lastReport = System.nanoTime();
      long started = 0;
      long startedAt = 0;
      // the stream threads only (not their producers' network threads):
      // "<app>-<uuid>-StreamThread-N"
      Pattern streamThread = Pattern.compile(Pattern.quote(appId) + "-.*-StreamThread-\\d+");
      Map<Long, Long> cpuAtStart = Map.of();
      while (true) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(appId).partitionsToOffsetAndMetadata().get();
        long done = committed.values().stream().mapToLong(o -> o == null ? 0 : o.offset()).sum();
        boolean all =
            ends.entrySet().stream()
                .allMatch(
                    e ->
                        committed.get(e.getKey()) != null
                            && committed.get(e.getKey()).offset() >= e.getValue().offset());
        if (startedAt == 0 && done > 0) {
          // the first commit: start-up (group join, store creation) is over
          startedAt = System.nanoTime();
          started = done;
          cpuAtStart = threadCpu(streamThread);
        }
        if (all) {
          double secs = (System.nanoTime() - startedAt) / 1e9;
          double rate = (total - started) / secs;
          long cpuNanos = 0;
          for (Map.Entry<Long, Long> e : threadCpu(streamThread).entrySet()) {
            cpuNanos += e.getValue() - cpuAtStart.getOrDefault(e.getKey(), 0L);
          }
          double cpuMicros = cpuNanos / 1e3 / (total - started);
          System.out.printf(
              Locale.ROOT,
              "[bench] %s: %,d samples in %.1f s after start-up (%.1f s in all): %,.0f samples/s;"
                  + " stream thread CPU %.1f µs a sample%n",
              name,
              total - started,
              secs,
              (System.nanoTime() - t0) / 1e9,
              rate,
              cpuMicros);
          // leave the group, so that the restore run that follows is not kept waiting for it
          streams.close(
              new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(60)));
          return new Run(rate, cpuMicros);
        }
        if (System.nanoTime() - lastReport > 5e9) {
          System.out.printf(
              Locale.ROOT, "[bench] %s: %,d / %,d samples committed%n", name, done, total);
          lastReport = System.nanoTime();
        }
        Thread.sleep(100);
      }
    }
  }

  /** The detector-service's Kafka Streams settings. */
  private static Properties properties(String name, String bootstrap, Path stateDir) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-" + name);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 104_857_600L);
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // the restore run joins the group its predecessor left: do not wait 45 s for it to expire
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000);
    return p;
  }

  private static final String PASS_STORE = "pass-state";

  private static Topology passThrough() {
    Topology t = new Topology();
    t.addSource(
        "src", Serdes.String().deserializer(), Json.deserializer(Sample.class), Topics.SAMPLES);
    t.addProcessor("pass", PassThrough::new, "src");
    t.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PASS_STORE), Serdes.String(), Serdes.ByteArray())
            .withCachingEnabled()
            .withLoggingEnabled(Map.of()),
        "pass");
    t.addSink("out", Topics.ROLLUPS, Serdes.String().serializer(), Json.serializer(), "pass");
    return t;
  }

  private static final class PassThrough implements Processor<String, Sample, String, Object> {
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, byte[]> store;

    @Override
    public void init(ProcessorContext<String, Object> context) {
      this.context = context;
      this.store = context.getStateStore(PASS_STORE);
    }

    @Override
    public void process(Record<String, Sample> record) {
      Sample s = record.value();
      String id = s.seriesId();
      byte[] last = store.get(id);
      store.put(id, Json.write(Map.of("last", s.value(), "n", last == null ? 1 : last.length)));
      context.forward(new Record<>(id, s, s.timestamp()));
    }
  }
}
