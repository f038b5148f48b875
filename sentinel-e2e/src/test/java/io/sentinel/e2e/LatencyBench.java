package io.sentinel.e2e;

import static io.sentinel.e2e.BenchSupport.latencies;
import static io.sentinel.e2e.BenchSupport.loadAverage;
import static io.sentinel.e2e.BenchSupport.loadAverage1;
import static io.sentinel.e2e.BenchSupport.log;
import static io.sentinel.e2e.BenchSupport.options;
import static io.sentinel.e2e.BenchSupport.pct;
import static io.sentinel.e2e.BenchSupport.runAndExit;
import static io.sentinel.e2e.BenchSupport.waitFor;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentinel.contract.Json;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Sample;
import io.sentinel.contract.Severity;
import io.sentinel.contract.Topics;
import io.sentinel.devstack.DevStack;
import io.sentinel.e2e.BenchSupport.Agents;
import io.sentinel.e2e.BenchSupport.Generator;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * End-to-end latency of the packaged stack: sample posted to the ingest-service → anomaly visible
 * on the query-service's {@code /api/stream}, at a fixed rate, through the detector and then
 * through a pass-through topology with the detector's Kafka Streams settings, in the same run.
 *
 * <p>The dev stack's Kafka and PostgreSQL run in this JVM, with the load generator; the three
 * services (and the pass-through topology) are processes of their own. Series are trained first
 * (history posted with past timestamps, staggered so retrainings spread out), then a generator
 * posts {@code --rate} samples/s in batches every 10 ms (open loop: each batch is stamped with its
 * scheduled time, and the generator's own lag behind that schedule is measured and printed).
 * Several times a second one sample of a trained series that was not spiked before is a spike; its
 * latency is measured from its scheduled time to
 *
 * <ol>
 *   <li>its sample record being readable on {@code sentinel.samples} (ingest),
 *   <li>its anomaly being committed on {@code sentinel.events} (detection, read_committed),
 *   <li>its anomaly arriving on the SSE stream (materialization, NOTIFY, SSE).
 * </ol>
 *
 * <p>Usage: {@code ./sentinel latency-bench [--rate 5000] [--series 1000] [--seconds 60]
 * [--spikes-per-second 5]}.
 */
public final class LatencyBench {
  private static final double SPIKE_BASE = 10_000;
  private static final long TICK_MS = 10;

  private final int rate;
  private final int series;
  private final int seconds;
  private final int spikesPerSecond;
  private final String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Pipeline pipeline;
  private volatile Process passThrough;
  private String bootstrap;

  /** Spike key (monitor/metric@time) → scheduled send time (ms). */
  private final Map<String, Long> spikes = new ConcurrentHashMap<>();

  /** Spike key → when this JVM first saw it at each stage (ms). */
  private final Map<String, Long> inSamples = new ConcurrentHashMap<>();

  private final Map<String, Long> inEvents = new ConcurrentHashMap<>();
  private final Map<String, Long> onStream = new ConcurrentHashMap<>();

  private Agents agents;

  private final Set<Integer> spiked = new HashSet<>();
  private volatile boolean spiking;
  private int spikeNo;

  private LatencyBench(int rate, int series, int seconds, int spikesPerSecond) {
    this.rate = rate;
    this.series = series;
    this.seconds = seconds;
    this.spikesPerSecond = spikesPerSecond;
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--pass-through-topology")) {
      PassThroughTopology.run(args[1], args[2], Path.of(args[3]));
      return;
    }
    Map<String, String> opts = options(args);
    LatencyBench bench =
        new LatencyBench(
            Integer.parseInt(opts.getOrDefault("rate", "5000")),
            Integer.parseInt(opts.getOrDefault("series", "1000")),
            Integer.parseInt(opts.getOrDefault("seconds", "60")),
            Integer.parseInt(opts.getOrDefault("spikes-per-second", "5")));
    // stops the services (and the pass-through) also when interrupted
    runAndExit("latency-bench-stop", bench::close, bench::run);
  }

  private String monitor(int s) {
    return "lat-" + run + "-m" + (s / 10);
  }

  private static String metric(int s) {
    return "metric" + (s % 10);
  }

  private static String key(String monitor, String metric, long time) {
    return monitor + "/" + metric + "@" + time;
  }

  private void run() throws Exception {
    log(
        "latency-bench: %,d samples/s over %,d series (%d monitors), %d s per path, %d spikes/s; "
            + "%d cores, load average %s",
        rate,
        series,
        (series + 9) / 10,
        seconds,
        spikesPerSecond,
        Runtime.getRuntime().availableProcessors(),
        loadAverage());
    bootstrap = DevStack.kafka().bootstrapServers();
    DevStack.postgres();
    log("dev stack up (Kafka %s); starting the three services ...", bootstrap);
    pipeline = Pipeline.start("latency", Map.of());
    SseRecorder stream = new SseRecorder(pipeline.query.url("/api/stream"), this::onEvent);
    waitFor("SSE stream registered", 60, stream::ready);
    startTopicWatchers();

    agents = new Agents(http, pipeline, series, rate, this::monitor, LatencyBench::metric);
    agents.preload();
    // every 10 ms a batch of rate/100 samples, at most 32 requests in flight
    Generator generator =
        new Generator(
            agents, "load-generator", TICK_MS, (int) (rate * TICK_MS / 1000), 32, this::spike);
    generator.start();
    waitForCatchUp(pipeline.detectorAppId(), "detector");
    Result detector = measure("detector", generator);

    log("stopping the detector; starting the pass-through topology as a process ...");
    pipeline.stopDetector();
    String passId = "latency-pass-" + run;
    Path state = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "pass");
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx384m",
            "-cp",
            System.getProperty("java.class.path"),
            LatencyBench.class.getName(),
            "--pass-through-topology",
            bootstrap,
            passId,
            state.toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(
        ProcessBuilder.Redirect.appendTo(
            Files.createDirectories(Path.of("target/e2e-logs"))
                .resolve("pass-through.log")
                .toFile()));
    passThrough = pb.start();
    waitForCatchUp(passId, "pass-through");
    Result pass = measure("pass-through", generator);
    generator.stop();
    stream.close();
    print(detector, pass);
  }

  // ---------------------------------------------------------------- load

  /**
   * Several times a second (while measuring) one more sample, a spike, for a series not spiked
   * before: 37 is prime to the count of series in any run that uses few enough spikes for every
   * series to be hit once.
   */
  private Sample spike(long tick, long scheduled) {
    long spikeEveryTicks = Math.max(1, 1000 / (TICK_MS * spikesPerSecond));
    if (!spiking || tick % spikeEveryTicks != 0) {
      return null;
    }
    int s = (int) ((spikeNo * 37L) % series);
    Sample spike = null;
    if (spiked.add(s)) {
      spike = agents.sample(s, scheduled, SPIKE_BASE + spikeNo);
      spikes.put(key(spike.monitor(), spike.metric(), spike.timestamp()), scheduled);
    }
    spikeNo++;
    return spike;
  }

  // ---------------------------------------------------------------- observation

  private void onEvent(SseRecorder.Event e) {
    if (!"anomaly".equals(e.type())) {
      return;
    }
    JsonNode d = e.data();
    long time = Instant.parse(d.path("time").asText()).toEpochMilli();
    String k = key(d.path("monitor").asText(), d.path("metric").asText(), time);
    onStream.putIfAbsent(k, System.currentTimeMillis());
  }

  private volatile boolean watching = true;
  private final List<Thread> watchers = new ArrayList<>();

  private void startTopicWatchers() throws InterruptedException {
    CountDownLatch assigned = new CountDownLatch(2);
    watchers.add(watch(Topics.SAMPLES, "read_uncommitted", assigned, this::onSample));
    watchers.add(watch(Topics.EVENTS, "read_committed", assigned, this::onEventRecord));
    if (!assigned.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("topic watchers not assigned");
    }
  }

  private void onSample(ConsumerRecord<byte[], byte[]> r, long now) {
    Sample s = Json.read(r.value(), Sample.class);
    if (s.value() >= SPIKE_BASE) {
      inSamples.putIfAbsent(key(s.monitor(), s.metric(), s.timestamp()), now);
    }
  }

  private void onEventRecord(ConsumerRecord<byte[], byte[]> r, long now) {
    MonitorEvent e = Json.read(r.value(), MonitorEvent.class);
    if (e.type() == io.sentinel.contract.EventType.ANOMALY) {
      inEvents.putIfAbsent(key(e.monitor(), e.metric(), e.time()), now);
    }
  }

  private interface RecordSink {
    void accept(ConsumerRecord<byte[], byte[]> r, long now);
  }

  private Thread watch(String topic, String isolation, CountDownLatch assigned, RecordSink sink) {
    Thread t =
        new Thread(
            () -> {
              Properties p = new Properties();
              p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
              p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
              p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
              p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
              try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
                List<TopicPartition> parts =
                    c.partitionsFor(topic).stream()
                        .map(i -> new TopicPartition(topic, i.partition()))
                        .toList();
                c.assign(parts);
                c.seekToEnd(parts);
                parts.forEach(c::position);
                assigned.countDown();
                while (watching) {
                  var records = c.poll(Duration.ofMillis(100));
                  long now = System.currentTimeMillis();
                  for (ConsumerRecord<byte[], byte[]> r : records) {
                    try {
                      sink.accept(r, now);
                    } catch (RuntimeException ignored) {
                      // not a sample or an event of ours
                    }
                  }
                }
              }
            },
            "watch-" + topic);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Waits until the consumer group of a topology is less than a second of samples behind. */
  private void waitForCatchUp(String groupId, String what) throws Exception {
    long t0 = System.nanoTime();
    long lastLog = 0;
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      while (true) {
        long lag = lag(admin, groupId);
        if (lag >= 0 && lag < rate) {
          log(
              "%s caught up (lag %,d samples) after %.1f s",
              what, lag, (System.nanoTime() - t0) / 1e9);
          return;
        }
        if (System.nanoTime() - lastLog > 5e9) {
          lastLog = System.nanoTime();
          log(
              "  waiting for the %s to catch up: lag %s, load average %s",
              what,
              lag < 0 ? "unknown (no offsets committed yet)" : String.format("%,d samples", lag),
              loadAverage());
        }
        if (System.nanoTime() - t0 > 600e9) {
          throw new IllegalStateException(what + " did not catch up in 10 minutes");
        }
        // a benchmark pacing its progress checks, not a test waiting for a condition
        Thread.sleep(500);
      }
    }
  }

  private long lag(Admin admin, String groupId) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int i = 0; i < 3; i++) {
      latest.put(new TopicPartition(Topics.SAMPLES, i), OffsetSpec.latest());
    }
    var ends = admin.listOffsets(latest).all().get();
    long lag = 0;
    for (var e : ends.entrySet()) {
      OffsetAndMetadata c = committed.get(e.getKey());
      if (c == null) {
        return -1;
      }
      lag += Math.max(0, e.getValue().offset() - c.offset());
    }
    return lag;
  }

  // ---------------------------------------------------------------- measurement

  private record Result(
      String path,
      long[] ingest,
      long[] detect,
      long[] sse,
      int spikes,
      long[] generatorLagMs,
      double samplesPerSecond,
      double[] load,
      Map<String, Double> cpuSeconds,
      double wallSeconds) {}

  private Result measure(String path, Generator generator) throws Exception {
    spikes.clear();
    inSamples.clear();
    inEvents.clear();
    onStream.clear();
    Map<String, Long> cpu0 = cpuTicks();
    long sent0 = generator.sent.get();
    int lag0 = generator.lagCount();
    long t0 = System.nanoTime();
    List<Double> loads = new ArrayList<>();
    log("%s: measuring for %d s ...", path, seconds);
    spiking = true;
    for (int s = 1; s <= seconds; s++) {
      // a benchmark running for a fixed time, not a test waiting for a condition
      Thread.sleep(1000);
      loads.add(loadAverage1());
      if (s % 10 == 0) {
        log(
            "  %s: %d s, %d spikes sent, %d on the stream, load average %s",
            path,
            s,
            spikes.size(),
            spikes.keySet().stream().filter(onStream::containsKey).count(),
            loadAverage());
      }
    }
    spiking = false;
    double wall = (System.nanoTime() - t0) / 1e9;
    long sent = generator.sent.get() - sent0;
    long[] genLag = generator.lagSince(lag0);
    // let the last spikes through: 10 s is far beyond any latency worth reporting
    try {
      waitFor(
          "every spike on the stream", 10, () -> onStream.keySet().containsAll(spikes.keySet()));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      log(
          "  %s: %d of %d spikes not on the stream 10 s after the last was sent",
          path,
          spikes.keySet().stream().filter(k -> !onStream.containsKey(k)).count(),
          spikes.size());
    }
    Map<String, Long> cpu1 = cpuTicks();
    Map<String, Double> cpu = new HashMap<>();
    cpu1.forEach(
        (k, v) -> {
          Long before = cpu0.get(k);
          if (before != null && before >= 0 && v >= 0) {
            cpu.put(k, (v - before) / 100.0);
          }
        });
    Map<String, Long> sched = Map.copyOf(spikes);
    return new Result(
        path,
        latencies(sched, inSamples),
        latencies(sched, inEvents),
        latencies(sched, onStream),
        sched.size(),
        genLag,
        sent / wall,
        loads.stream().mapToDouble(Double::doubleValue).toArray(),
        cpu,
        wall);
  }

  /** CPU used so far by each service and the pass-through, in clock ticks (1/100 s). */
  private Map<String, Long> cpuTicks() {
    Map<String, Long> ticks = new HashMap<>(pipeline.cpuTicks());
    Process p = passThrough;
    if (p != null) {
      ticks.put("pass-through", ServiceProcess.cpuTicks(p.pid()));
    }
    return ticks;
  }

  private void print(Result... results) {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "sample -> visible, ms from the sample's scheduled send time (%,d samples/s offered, %,d series)%n",
        rate,
        series);
    System.out.printf(
        Locale.ROOT,
        "%-13s %-22s %8s %8s %8s %8s  %s%n",
        "path",
        "stage",
        "p50",
        "p90",
        "p99",
        "max",
        "seen/spikes");
    for (Result r : results) {
      row(r.path, "in sentinel.samples", r.ingest, r.spikes);
      row(r.path, "anomaly committed", r.detect, r.spikes);
      row(r.path, "on /api/stream (SSE)", r.sse, r.spikes);
    }
    System.out.println();
    for (Result r : results) {
      long[] lagMs = Arrays.stream(r.generatorLagMs).sorted().toArray();
      double[] load = r.load;
      System.out.printf(
          Locale.ROOT,
          "%-13s %,8.0f samples/s accepted by ingest over %.0f s; generator lag behind schedule p50 %s"
              + " p99 %s max %s ms; load average (1 min) mean %.2f max %.2f; CPU s: %s%n",
          r.path,
          r.samplesPerSecond,
          r.wallSeconds,
          pct(lagMs, 0.5, 6).trim(),
          pct(lagMs, 0.99, 6).trim(),
          pct(lagMs, 1.0, 6).trim(),
          Arrays.stream(load).average().orElse(0),
          Arrays.stream(load).max().orElse(0),
          new java.util.TreeMap<>(r.cpuSeconds));
      String topology = r.path.equals("detector") ? "detector" : "pass-through";
      Double cpu = r.cpuSeconds.get(topology);
      if (cpu != null && cpu > 0) {
        System.out.printf(
            Locale.ROOT,
            "%-13s %s process: %.1f µs CPU per sample, %,.0f samples per CPU-second%n",
            r.path,
            topology,
            cpu * 1e6 / (r.samplesPerSecond * r.wallSeconds),
            r.samplesPerSecond * r.wallSeconds / cpu);
      }
    }
  }

  private static void row(String path, String stage, long[] sorted, int spikes) {
    System.out.printf(
        Locale.ROOT,
        "%-13s %-22s %8s %8s %8s %8s  %d/%d%n",
        path,
        stage,
        pct(sorted, 0.5, 6),
        pct(sorted, 0.9, 6),
        pct(sorted, 0.99, 6),
        pct(sorted, 1.0, 6),
        sorted.length,
        spikes);
  }

  // ---------------------------------------------------------------- helpers

  private synchronized void close() {
    watching = false;
    try {
      if (passThrough != null) {
        passThrough.destroy();
        passThrough.waitFor(30, TimeUnit.SECONDS);
      }
      if (pipeline != null) {
        pipeline.close();
        pipeline = null;
      }
    } catch (Exception e) {
      log("stopping the services: %s", e);
    }
  }

  // ---------------------------------------------------------------- pass-through

  /**
   * The baseline: the detector's Kafka Streams settings (exactly-once v2, 200 ms commits, the
   * record cache, acks=all) and the same per-sample store write, without the engine: each sample is
   * decoded, a small value per series is put in a logged store, and a sample at or above the spike
   * level becomes an anomaly event on {@code sentinel.events}.
   */
  static final class PassThroughTopology {
    private static final String STORE = "pass-state";

    static void run(String bootstrap, String appId, Path stateDir) throws Exception {
      Topology t = new Topology();
      t.addSource(
          "src", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.SAMPLES);
      t.addProcessor("pass", Pass::new, "src");
      t.addStateStore(
          Stores.keyValueStoreBuilder(
                  Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
              .withCachingEnabled()
              .withLoggingEnabled(Map.of()),
          "pass");
      t.addSink("out", Topics.EVENTS, Serdes.String().serializer(), Json.serializer(), "pass");
      Properties p = new Properties();
      p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
      p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
      p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
      p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
      p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 104_857_600L);
      p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
      p.put(StreamsConfig.producerPrefix("acks"), "all");
      p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "latest");
      KafkaStreams streams = new KafkaStreams(t, p);
      CountDownLatch done = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    streams.close(Duration.ofSeconds(20));
                    done.countDown();
                  }));
      streams.start();
      done.await();
    }

    private static final class Pass implements Processor<String, byte[], String, Object> {
      private ProcessorContext<String, Object> context;
      private KeyValueStore<String, byte[]> store;

      @Override
      public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
      }

      @Override
      public void process(Record<String, byte[]> record) {
        Sample s = Json.read(record.value(), Sample.class);
        String id = s.seriesId();
        byte[] last = store.get(id);
        store.put(id, Json.write(Map.of("last", s.value(), "n", last == null ? 1 : last.length)));
        if (s.value() >= SPIKE_BASE) {
          context.forward(
              new Record<>(
                  s.monitor(),
                  MonitorEvent.anomaly(
                      "pass-" + id + "-" + s.timestamp(),
                      s.monitor(),
                      s.metric(),
                      id,
                      s.timestamp(),
                      1.0,
                      Severity.CRITICAL,
                      s.value(),
                      null,
                      null,
                      "pass-through: spike"),
                  record.timestamp()));
        }
      }
    }
  }
}
