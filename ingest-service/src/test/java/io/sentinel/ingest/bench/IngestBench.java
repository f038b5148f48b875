package io.sentinel.ingest.bench;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.sentinel.contract.Json;
import io.sentinel.contract.Sample;
import io.sentinel.contract.Topics;
import io.sentinel.devstack.EmbeddedKafka;
import io.sentinel.ingest.prompb.Remote;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.xerial.snappy.Snappy;

/**
 * Ingest throughput, per protocol, against a bare Kafka producer writing the same records in the
 * same run: starts an embedded Kafka broker and the packaged ingest-service, posts the same samples
 * (1,000 per request, {@code --concurrency} requests in flight) through JSON, remote_write, line
 * protocol and OTLP, and prints samples/s and the ratio to the bare producer. Where Prometheus is
 * installed, also posts the remote_write payloads to Prometheus' own receiver.
 *
 * <pre>
 * java -cp &lt;test classpath&gt; io.sentinel.ingest.bench.IngestBench [--requests 200] [--concurrency 4] [--rounds 3]
 *     [--jar ingest-service/target/quarkus-app/quarkus-run.jar] [--prometheus /usr/bin/prometheus]
 * </pre>
 */
public final class IngestBench {
  static final int PER_REQUEST = 1000;
  static final int MONITORS = 50;
  static final String TOKEN = "bench-token-0123456789abcdef";

  private final int requests;
  private final int concurrency;
  private final int rounds;
  private final long base = System.currentTimeMillis() - 600_000;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  IngestBench(int requests, int concurrency, int rounds) {
    this.requests = requests;
    this.concurrency = concurrency;
    this.rounds = rounds;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int requests = Integer.parseInt(opts.getOrDefault("requests", "200"));
    int concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "4"));
    Path jar =
        Path.of(opts.getOrDefault("jar", "ingest-service/target/quarkus-app/quarkus-run.jar"));
    Path prometheus = Path.of(opts.getOrDefault("prometheus", "/usr/bin/prometheus"));
    if (!Files.isReadable(jar)) {
      System.err.println(
          "No packaged ingest-service at "
              + jar
              + ": run ./mvnw -pl ingest-service package -DskipTests first, or pass --jar");
      System.exit(2);
    }
    int rounds = Integer.parseInt(opts.getOrDefault("rounds", "3"));
    new IngestBench(requests, concurrency, rounds).run(jar, prometheus);
    System.exit(0);
  }

  /** Request {@code r}'s samples: 50 monitors x 20 series, one sample each, at base + r ms. */
  List<Sample> samples(int r) {
    List<Sample> out = new ArrayList<>(PER_REQUEST);
    for (int i = 0; i < PER_REQUEST; i++) {
      String monitor = "bench-" + (i % MONITORS);
      out.add(
          new Sample(
              monitor,
              "metric_" + (i / MONITORS),
              Map.of("dc", "eu-1"),
              base + r,
              (r * 31 + i) % 1000 / 10.0));
    }
    return out;
  }

  void run(Path jar, Path prometheusBin) throws Exception {
    Path dir = Files.createTempDirectory("ingest-bench");
    System.out.printf(
        "ingest benchmark: %d requests x %d samples per protocol, %d in flight, %d cores%n",
        requests, PER_REQUEST, concurrency, Runtime.getRuntime().availableProcessors());
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      Path tokens = dir.resolve("tokens");
      Files.writeString(tokens, TOKEN + " bench\n");
      int port = freePort();
      ProcessBuilder pb =
          new ProcessBuilder("java", "-Xmx512m", "-jar", jar.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("ingest.log").toFile());
      pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
      pb.environment().put("SENTINEL_INGEST_TOKENS_FILE", tokens.toString());
      pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
      pb.environment().put("SENTINEL_INGEST_MAX_SERIES_PER_MONITOR", "100000");
      Process ingest = pb.start();
      Process prometheus = null;
      try {
        String url = "http://127.0.0.1:" + port;
        awaitReady(url + "/q/health/ready", ingest, dir.resolve("ingest.log"));

        // every path runs once per round, in turn, and keeps its best round: the broker and the
        // JIT warm up over the run, so no path looks better for running later
        Map<String, Double> rates = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
          int offset = round * (requests + 50);
          best(rates, "bare Kafka producer", bareProducer(kafka.bootstrapServers(), offset));
          best(
              rates,
              "json  POST /api/v1/samples",
              http(url + "/api/v1/samples", "application/json", null, this::json, offset));
          best(
              rates,
              "remote_write  POST /api/v1/write",
              http(
                  url + "/api/v1/write",
                  "application/x-protobuf",
                  "snappy",
                  this::remoteWrite,
                  offset));
          best(
              rates,
              "influx  POST /api/v2/write",
              http(
                  url + "/api/v2/write?precision=ms",
                  "text/plain; charset=utf-8",
                  null,
                  this::lineProtocol,
                  offset));
          best(
              rates,
              "otlp  POST /v1/metrics",
              http(url + "/v1/metrics", "application/x-protobuf", null, this::otlp, offset));
          System.out.printf(
              "round %d: %s%n",
              round + 1,
              rates.keySet().stream().map(k -> String.format("%,.0f", rates.get(k))).toList());
        }
        double bare = rates.get("bare Kafka producer");
        if (Files.isExecutable(prometheusBin)) {
          int promPort = freePort();
          Path config = dir.resolve("prometheus.yml");
          // requests in flight at once reach the TSDB out of order
          Files.writeString(
              config,
              "global:\n  scrape_interval: 1h\nstorage:\n  tsdb:\n    out_of_order_time_window: 1h\n");
          prometheus =
              new ProcessBuilder(
                      prometheusBin.toString(),
                      "--config.file=" + config,
                      "--storage.tsdb.path=" + dir.resolve("prom"),
                      "--web.listen-address=127.0.0.1:" + promPort,
                      "--web.enable-remote-write-receiver")
                  .redirectErrorStream(true)
                  .redirectOutput(dir.resolve("prometheus.log").toFile())
                  .start();
          String promUrl = "http://127.0.0.1:" + promPort;
          awaitReady(promUrl + "/-/ready", prometheus, dir.resolve("prometheus.log"));
          for (int round = 0; round < rounds; round++) {
            best(
                rates,
                "Prometheus' own receiver (same remote_write payloads)",
                http(
                    promUrl + "/api/v1/write",
                    "application/x-protobuf",
                    "snappy",
                    this::remoteWrite,
                    round * (requests + 50)));
          }
        } else {
          System.out.println(
              "(no Prometheus at " + prometheusBin + ": its receiver is not compared)");
        }
        System.out.println();
        System.out.printf(
            "%-56s %14s %10s%n", "path (best of " + rounds + " rounds)", "samples/s", "vs bare");
        rates.forEach(
            (name, rate) ->
                System.out.printf("%-56s %,14.0f %9.0f%%%n", name, rate, 100 * rate / bare));
        System.out.println();
        System.out.println(
            "bare = KafkaProducer in this JVM, same records (JSON Sample, key = monitor), acks=all, idempotent,"
                + " linger 5 ms, batches of 1000 awaited like a request, records built before timing; the Kafka broker runs"
                + " in this JVM (beside the bare producer), the ingest-service in its own.");
      } finally {
        ingest.destroy();
        ingest.waitFor(10, TimeUnit.SECONDS);
        if (prometheus != null) {
          prometheus.destroy();
          prometheus.waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  static void best(Map<String, Double> rates, String path, double rate) {
    rates.merge(path, rate, Math::max);
  }

  double bareProducer(String bootstrap, int offset) throws Exception {
    Map<String, Object> props =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.LINGER_MS_CONFIG,
            5);
    try (KafkaProducer<String, Sample> producer =
        new KafkaProducer<>(props, new StringSerializer(), Json.<Sample>serializer())) {
      // the records are built before the clock starts, as the HTTP bodies are
      int warm = Math.min(requests, 50);
      List<List<Sample>> prepared = new ArrayList<>(warm + requests);
      for (int r = 0; r < warm + requests; r++) {
        prepared.add(samples(offset + r));
      }
      IntFunction<Runnable> batch =
          r ->
              () -> {
                List<Sample> samples = prepared.get(r - offset);
                List<CompletableFuture<Void>> acks = new ArrayList<>(samples.size());
                for (Sample s : samples) {
                  CompletableFuture<Void> ack = new CompletableFuture<>();
                  producer.send(
                      new ProducerRecord<>(Topics.SAMPLES, s.monitor(), s),
                      (m, e) -> {
                        if (e != null) {
                          ack.completeExceptionally(e);
                        } else {
                          ack.complete(null);
                        }
                      });
                  acks.add(ack);
                }
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
              };
      measure(batch, offset, warm);
      return measure(batch, offset + warm, requests);
    }
  }

  double http(
      String url, String contentType, String encoding, IntFunction<byte[]> encoder, int offset)
      throws Exception {
    // warm-up and measured requests carry different timestamps: a TSDB refuses a second value
    // for the same series and time
    int warm = Math.min(requests, 50);
    List<byte[]> bodies = new ArrayList<>(warm + requests);
    for (int r = 0; r < warm + requests; r++) {
      bodies.add(encoder.apply(offset + r));
    }
    IntFunction<Runnable> post =
        r ->
            () -> {
              HttpRequest.Builder req =
                  HttpRequest.newBuilder(URI.create(url))
                      .header("Content-Type", contentType)
                      .header("Authorization", "Bearer " + TOKEN)
                      .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(r - offset)));
              if (encoding != null) {
                req.header("Content-Encoding", encoding);
              }
              if (url.endsWith("/api/v1/write")) {
                req.header("X-Prometheus-Remote-Write-Version", "0.1.0");
              }
              try {
                HttpResponse<String> response =
                    http.send(req.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 != 2) {
                  throw new IllegalStateException(
                      url + " answered " + response.statusCode() + ": " + response.body());
                }
              } catch (IOException e) {
                throw new IllegalStateException(e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
              }
            };
    measure(post, offset, warm);
    return measure(post, offset + warm, requests);
  }

  /**
   * Runs tasks {@code first} .. {@code first + count - 1}, {@code concurrency} at a time;
   * samples/s.
   */
  double measure(IntFunction<Runnable> task, int first, int count) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    AtomicInteger next = new AtomicInteger(first);
    long start = System.nanoTime();
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      workers.add(
          pool.submit(
              () -> {
                for (int r; (r = next.getAndIncrement()) < first + count; ) {
                  task.apply(r).run();
                }
              }));
    }
    for (Future<?> f : workers) {
      f.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    return count * (double) PER_REQUEST / seconds;
  }

  byte[] json(int r) {
    return Json.write(Map.of("samples", samples(r)));
  }

  byte[] remoteWrite(int r) {
    Remote.WriteRequest.Builder w = Remote.WriteRequest.newBuilder();
    for (Sample s : samples(r)) {
      Remote.TimeSeries.Builder ts =
          Remote.TimeSeries.newBuilder()
              .addLabels(Remote.Label.newBuilder().setName("__name__").setValue(s.metric()))
              .addLabels(Remote.Label.newBuilder().setName("dc").setValue("eu-1"))
              .addLabels(Remote.Label.newBuilder().setName("instance").setValue(s.monitor()));
      w.addTimeseries(
          ts.addSamples(
              Remote.Sample.newBuilder().setValue(s.value()).setTimestamp(s.timestamp())));
    }
    try {
      return Snappy.compress(w.build().toByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  byte[] lineProtocol(int r) {
    StringBuilder text = new StringBuilder(PER_REQUEST * 48);
    for (Sample s : samples(r)) {
      // measurement "m", field = the metric: metric name metric_N becomes m_metric_N
      text.append("m,dc=eu-1,host=")
          .append(s.monitor())
          .append(' ')
          .append(s.metric())
          .append('=')
          .append(s.value())
          .append(' ')
          .append(s.timestamp())
          .append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  byte[] otlp(int r) {
    Map<String, ScopeMetrics.Builder> byMonitor = new LinkedHashMap<>();
    for (Sample s : samples(r)) {
      byMonitor
          .computeIfAbsent(s.monitor(), m -> ScopeMetrics.newBuilder())
          .addMetrics(
              Metric.newBuilder()
                  .setName(s.metric())
                  .setGauge(
                      Gauge.newBuilder()
                          .addDataPoints(
                              NumberDataPoint.newBuilder()
                                  .setTimeUnixNano(s.timestamp() * 1_000_000L)
                                  .setAsDouble(s.value())
                                  .addAttributes(
                                      KeyValue.newBuilder()
                                          .setKey("dc")
                                          .setValue(
                                              AnyValue.newBuilder().setStringValue("eu-1"))))));
    }
    ExportMetricsServiceRequest.Builder req = ExportMetricsServiceRequest.newBuilder();
    byMonitor.forEach(
        (monitor, scope) ->
            req.addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .setResource(
                        Resource.newBuilder()
                            .addAttributes(
                                KeyValue.newBuilder()
                                    .setKey("host.name")
                                    .setValue(AnyValue.newBuilder().setStringValue(monitor))))
                    .addScopeMetrics(scope)));
    return req.build().toByteArray();
  }

  void awaitReady(String url, Process process, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(url + ": the process exited, see " + log);
      }
      try {
        if (http.send(
                    HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(url + " not ready after 120 s, see " + log);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
