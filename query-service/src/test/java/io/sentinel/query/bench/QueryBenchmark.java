package io.sentinel.query.bench;

import io.sentinel.contract.EventType;
import io.sentinel.contract.Json;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Rollup;
import io.sentinel.contract.Severity;
import io.sentinel.contract.Tenants;
import io.sentinel.contract.Topics;
import io.sentinel.devstack.EmbeddedKafka;
import io.sentinel.devstack.EmbeddedPostgresServer;
import io.sentinel.query.MonitorStatus;
import io.sentinel.query.anomalies.AnomalyReader;
import io.sentinel.query.monitors.MonitorReader;
import io.sentinel.query.monitors.SeriesReader;
import io.sentinel.query.sql.SqlQuery;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Load and latency benchmark of the query-service, self-contained: starts an embedded Kafka broker
 * and PostgreSQL, produces monitors and events to Kafka, starts the packaged query-service as its
 * own process and measures events materialized per second through the real consumer (Kafka →
 * query-service → PostgreSQL), beside a bare multi-row INSERT of the same rows into a copy of the
 * events table in the same run (once before the consumer's turn and once after, since the load of a
 * shared machine drifts; the ratio uses their mean); loads 30 days of per-minute rollups for a set
 * of series with COPY (and measures rollups through the consumer beside a bare INSERT of them);
 * then measures p50/p99 latency of the monitor list (keyword, statuses, sort, page), the anomaly
 * list and a 30-day series chart at 1 and N concurrent clients, beside the very same SQL run bare
 * over JDBC at 1 and N clients (so the ratio shows what the service adds to the database's own
 * time).
 *
 * <pre>
 * ./sentinel query-bench [--scale 1.0] [--clients 32] [--requests 4000] [--port P]
 *   --scale S      1.0 = 10,000 monitors, 1,000,000 events, 1,000 series x 30 days; 0.02 for a quick run
 *   --clients N    concurrent clients, default 32
 *   --requests N   measured requests per endpoint and client count, default 4000
 *   --jar FILE     the packaged query-service, default query-service/target/quarkus-app/quarkus-run.jar
 *   --port P       its HTTP port, default $SENTINEL_QUERY_PORT or a free one
 *   --service-opts "..."  JVM options of the service, default "-Xms256m -Xmx512m"
 *   --data DIR     where Kafka and PostgreSQL keep their data (deleted at the end), default a temp dir
 *   --phases LIST  what to measure, default events,rollups,latency (latency needs the other two)
 *   --hold S       keep everything running S seconds after the measurements (to look inside)
 *   --variants "A;B"  after the latency run, restart the service with extra JVM options A, then B
 *                  (e.g. "-DSENTINEL_DB_POOL_SIZE=8"), and measure latency again on the same data;
 *                  jar=FILE among them runs another build of the service (before/after a change)
 * </pre>
 */
public final class QueryBenchmark {
  private static final String GROUP = "sentinel-query";
  private static final int DAYS = 30;
  private static final int INSERT_BATCH = 500;

  private final double scale;
  private final int clients;
  private final int requests;
  private final Path jar;
  private final int port;
  private final String serviceOpts;
  private final Path dataDir;
  private final Set<String> phases;
  private final int hold;
  private final List<String> variants;
  private final Map<String, String> results = new LinkedHashMap<>();

  private EmbeddedKafka kafka;
  private EmbeddedPostgresServer postgres;
  private Process service;
  private boolean stopped;
  private int starts;
  private String url;

  private QueryBenchmark(Map<String, String> o) throws IOException {
    this.scale = Double.parseDouble(o.getOrDefault("scale", "1.0"));
    this.clients = Integer.parseInt(o.getOrDefault("clients", "32"));
    this.requests = Integer.parseInt(o.getOrDefault("requests", "4000"));
    this.jar = Path.of(o.getOrDefault("jar", "query-service/target/quarkus-app/quarkus-run.jar"));
    String envPort = System.getenv("SENTINEL_QUERY_PORT");
    this.port =
        Integer.parseInt(
            o.getOrDefault("port", envPort != null && !envPort.isBlank() ? envPort : "0"));
    this.serviceOpts = o.getOrDefault("service-opts", "-Xms256m -Xmx512m");
    this.hold = Integer.parseInt(o.getOrDefault("hold", "0"));
    this.variants = o.containsKey("variants") ? List.of(o.get("variants").split(";")) : List.of();
    this.phases = Set.of(o.getOrDefault("phases", "events,rollups,latency").split(","));
    this.dataDir =
        o.containsKey("data")
            ? Files.createDirectories(Path.of(o.get("data")))
            : Files.createTempDirectory("query-bench");
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    QueryBenchmark bench = new QueryBenchmark(opts);
    if (!Files.isReadable(bench.jar)) {
      System.err.println(
          "No packaged query-service at "
              + bench.jar
              + ": run ./mvnw -pl query-service -am package -DskipTests first, or pass --jar");
      System.exit(2);
    }
    int rc = 0;
    // Ctrl-C or a kill still stops the service and the embedded servers
    Thread cleanup = new Thread(bench::stop, "query-bench-stop");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      bench.execute();
    } catch (Exception e) {
      e.printStackTrace();
      rc = 1;
    }
    System.exit(rc); // the shutdown hook stops everything
  }

  private static void say(String fmt, Object... args) {
    System.out.printf("[query-bench] " + fmt + "%n", args);
  }

  private static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "n/a";
    }
  }

  private Connection db() throws SQLException {
    return DriverManager.getConnection(
        postgres.jdbcUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
  }

  private void execute() throws Exception {
    int monitors = Math.max(10, (int) Math.round(10_000 * scale));
    int events = Math.max(1000, (int) Math.round(1_000_000 * scale));
    int series = Math.max(2, Math.min(monitors, (int) Math.round(1_000 * scale)));
    say(
        "%,d monitors, %,d events, %,d series x %d days of rollups (%,d rows); %d clients; %d cores,"
            + " load average %s",
        monitors,
        events,
        series,
        DAYS,
        (long) series * DAYS * 1440,
        clients,
        Runtime.getRuntime().availableProcessors(),
        load());
    results.put(
        "scale",
        String.format(
            "%,d monitors, %,d events, %,d series x %d days", monitors, events, series, DAYS));
    results.put("load average at start", load());

    long t0 = System.nanoTime();
    say("starting Kafka and PostgreSQL (embedded) in %s ...", dataDir);
    kafka = EmbeddedKafka.start(dataDir.resolve("kafka"));
    postgres = EmbeddedPostgresServer.start(0, dataDir.resolve("postgres"));
    say(
        "Kafka at %s, PostgreSQL at %s (%.0f s)",
        kafka.bootstrapServers(), postgres.jdbcUrl(), secondsSince(t0));

    List<MonitorEvent> all = events(monitors, events);
    // the schema first (the service migrates at start), so the bare INSERT can run before the
    // consumer's turn as well as after it: the machine is shared and its load drifts
    startService("");
    stopService();
    double bareBefore = bareInsertOfEvents(all, "before");
    produce(Topics.EVENTS, all, MonitorEvent::monitor);
    startService("");
    materialized(all.size());
    double bareAfter = bareInsertOfEvents(all, "after");
    double bare = (bareBefore + bareAfter) / 2;
    results.put(
        "bare multi-row INSERT of the same events, rows/s",
        String.format("%,.0f (before %,.0f, after %,.0f)", bare, bareBefore, bareAfter));
    results.put(
        "materialization / bare INSERT",
        String.format("%.2f (goal 0.50 or more)", materializedRate / bare));
    all = null; // 1 M events are a few hundred MB; the rest does not need them

    if (phases.contains("rollups") || phases.contains("latency")) {
      rollups(series);
      rollupsThroughTheConsumer(series);
    }
    if (phases.contains("latency")) {
      latency(monitors, series, "");
      for (String v : variants) {
        stopService();
        startService(v);
        latency(monitors, series, " [" + v.trim() + "]");
      }
    }
    results.put("load average at end", load());
    say("------------------------------------------------------------------");
    results.forEach((k, v) -> say("%-58s %s", k, v));
    if (hold > 0) {
      say("holding for %d s: psql %s, service %s", hold, postgres.jdbcUrl(), url);
      Thread.sleep(hold * 1000L);
    }
  }

  // ---------------------------------------------------------------- service

  private void stopService() throws InterruptedException {
    service.destroy();
    service.waitFor();
  }

  private void startService(String extraOpts) throws Exception {
    int p = port > 0 ? port : freePort();
    url = "http://localhost:" + p;
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path app = jar;
    for (String opt : (serviceOpts + " " + extraOpts).trim().split("\\s+")) {
      if (opt.startsWith("jar=")) {
        app = Path.of(opt.substring("jar=".length())); // another build of the service
      } else {
        cmd.add(opt);
      }
    }
    cmd.add("-jar");
    cmd.add(app.toString());
    Path log = dataDir.resolve("query-service-" + (++starts) + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("SENTINEL_DB_REACTIVE_URL", postgres.reactiveUrl());
    env.put("SENTINEL_DB_JDBC_URL", postgres.jdbcUrl());
    env.put("SENTINEL_DB_USER", EmbeddedPostgresServer.USER);
    env.put("SENTINEL_DB_PASSWORD", EmbeddedPostgresServer.PASSWORD);
    // every API call sends the bootstrap key, as a tool would; it is compared in memory (no
    // database read), so latency stays comparable with runs before authentication existed
    env.put("SENTINEL_API_KEY", io.sentinel.devstack.DevStack.TEST_API_KEY);
    env.put("QUARKUS_HTTP_PORT", Integer.toString(p));
    // the generated data spans 30 days; the hourly purge must not run into the measurements
    env.put("SENTINEL_QUERY_RETENTION_ENABLED", "false");
    say("starting the query-service on port %d (log %s) ...", p, log);
    long t0 = System.nanoTime();
    service = pb.start();
    HttpClient http = HttpClient.newHttpClient();
    while (true) {
      if (!service.isAlive()) {
        List<String> lines = Files.readAllLines(log);
        lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.out::println);
        throw new IllegalStateException("query-service exited during start-up (its log above)");
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          break;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (secondsSince(t0) > 180) {
        throw new IllegalStateException("query-service not ready after 180 s, see " + log);
      }
      Thread.sleep(500);
    }
    say("query-service ready (%.0f s)", secondsSince(t0));
  }

  private synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    if (service != null) {
      service.destroy();
      try {
        service.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (AutoCloseable c : new AutoCloseable[] {postgres, kafka}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        say("stopping: %s", e.getMessage());
      }
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      say("could not delete %s: %s", dataDir, e.getMessage());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  // ---------------------------------------------------------------- events

  /**
   * Monitor discovery, then anomalies opened and resolved and a few outages, spread over 30 days.
   */
  private static List<MonitorEvent> events(int monitors, int total) {
    Random r = new Random(42);
    List<MonitorEvent> out = new ArrayList<>(total);
    long end = Instant.now().truncatedTo(ChronoUnit.MINUTES).toEpochMilli();
    long start = end - Duration.ofDays(DAYS - 1).toMillis();
    int perMonitor = Math.max(1, total / monitors);
    String[] metrics = {"cpu", "mem", "disk", "latency"};
    Severity[] severities = Severity.values();
    long seq = 0;
    for (int m = 0; m < monitors && out.size() < total; m++) {
      String name = monitorName(m);
      long t = start + r.nextInt(60_000);
      long gap = Math.max(1000, (end - start) / (perMonitor + 1));
      out.add(
          event(
              seq++,
              EventType.MONITOR_DISCOVERED,
              name,
              null,
              t,
              null,
              null,
              name + " discovered",
              null));
      int left = Math.min(perMonitor - 1, total - out.size());
      MonitorEvent open = null;
      MonitorEvent outage = null;
      for (int i = 0; i < left; i++) {
        t += gap;
        MonitorEvent e;
        if (outage != null) {
          e =
              event(
                  seq++,
                  EventType.OUTAGE_RESOLVED,
                  name,
                  null,
                  t,
                  null,
                  null,
                  "samples again",
                  outage.id());
          outage = null;
        } else if (open != null) {
          e =
              event(
                  seq++,
                  EventType.ANOMALY_RESOLVED,
                  name,
                  open.metric(),
                  t,
                  null,
                  null,
                  "back to normal",
                  open.id());
          open = null;
        } else if (r.nextInt(10) == 0) {
          e =
              event(
                  seq++,
                  EventType.OUTAGE_STARTED,
                  name,
                  null,
                  t,
                  null,
                  null,
                  "no samples for 3 intervals",
                  null);
          outage = e;
        } else {
          String metric = metrics[r.nextInt(metrics.length)];
          double expected = 20 + r.nextInt(50);
          e =
              event(
                  seq++,
                  EventType.ANOMALY,
                  name,
                  metric,
                  t,
                  severities[r.nextInt(severities.length)],
                  expected,
                  metric + ": value " + (expected * 3) + " far above its usual level " + expected,
                  null);
          open = e;
        }
        out.add(e);
      }
    }
    return out;
  }

  private static MonitorEvent event(
      long seq,
      EventType type,
      String monitor,
      String metric,
      long t,
      Severity severity,
      Double expected,
      String message,
      String ref) {
    return new MonitorEvent(
        "bench-" + Long.toString(seq, 36) + "-" + Integer.toString(monitor.hashCode() & 0xffff, 36),
        type,
        monitor,
        metric,
        metric == null ? null : monitor + "/" + metric,
        t,
        expected == null ? null : 0.97,
        severity,
        expected == null ? null : expected * 3,
        expected == null ? null : expected * 0.5,
        expected == null ? null : expected * 1.5,
        message,
        ref,
        Tenants.DEFAULT);
  }

  private static String monitorName(int i) {
    return String.format("bench-host-%05d", i);
  }

  private <T> void produce(String topic, List<T> values, Function<T, String> key) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    long t0 = System.nanoTime();
    say("producing %,d records to %s ...", values.size(), topic);
    int every = Math.max(1, values.size() / 5);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
      for (int i = 0; i < values.size(); i++) {
        T v = values.get(i);
        producer.send(new ProducerRecord<>(topic, key.apply(v), Json.write(v)));
        if ((i + 1) % every == 0) {
          say("  %,d/%,d produced (%.0f s)", i + 1, values.size(), secondsSince(t0));
        }
      }
      producer.flush();
    }
    say("produced in %.1f s", secondsSince(t0));
  }

  /**
   * Waits until the consumer has committed every record and the rows are there; reports the rate.
   */
  private void materialized(int target) throws Exception {
    long t0 = System.nanoTime();
    long lastPrint = 0;
    try (Admin a =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        Connection c = db()) {
      while (true) {
        Thread.sleep(500);
        long lag = lag(a, Topics.EVENTS);
        long done;
        try (Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery("SELECT count(*) FROM events WHERE type <> 'status_changed'")) {
          rs.next();
          done = rs.getLong(1);
        }
        if (System.nanoTime() - lastPrint > 10e9) {
          lastPrint = System.nanoTime();
          say(
              "  %.0f s: %,d of %,d events materialized, consumer lag %,d",
              secondsSince(t0), done, target, lag);
        }
        if (lag == 0 && done >= target) {
          break;
        }
      }
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT count(*) FILTER (WHERE type <> 'status_changed'),"
                      + " count(*) FILTER (WHERE type = 'status_changed'),"
                      + " extract(epoch FROM max(received_at) - min(received_at))"
                      + " FROM events")) {
        rs.next();
        long events = rs.getLong(1);
        long changes = rs.getLong(2);
        double seconds = Math.max(0.001, rs.getDouble(3));
        double rate = events / seconds;
        say(
            "materialized %,d events (and %,d status changes) in %.1f s, first to last commit: %,.0f events/s",
            events, changes, seconds, rate);
        results.put(
            "events materialized/s, Kafka -> consumer -> PostgreSQL",
            String.format(
                "%,.0f (%,d events + %,d status changes in %.1f s)",
                rate, events, changes, seconds));
        materializedRate = rate;
      }
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT (SELECT count(*) FROM anomalies), (SELECT count(*) FROM outages),"
                      + " (SELECT string_agg(status || ' ' || n, ', ' ORDER BY status) FROM"
                      + " (SELECT status, count(*) AS n FROM monitors GROUP BY status) s)")) {
        rs.next();
        say(
            "  %,d anomalies, %,d outages; monitors: %s",
            rs.getLong(1), rs.getLong(2), rs.getString(3));
      }
      phases();
    }
  }

  private double materializedRate;

  /** The service's own account of a batch: mean time per phase, from its Prometheus metrics. */
  private void phases() throws Exception {
    String metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Map<String, double[]> phase = new LinkedHashMap<>();
    Matcher m =
        Pattern.compile(
                "sentinel_query_events_batch_phase_seconds_(count|sum)\\{[^}]*phase=\"(\\w+)\"[^}]*\\} ([0-9.E+-]+)")
            .matcher(metrics);
    while (m.find()) {
      double[] v = phase.computeIfAbsent(m.group(2), k -> new double[2]);
      v[m.group(1).equals("count") ? 0 : 1] = Double.parseDouble(m.group(3));
    }
    Matcher size =
        Pattern.compile(
                "sentinel_query_batch_records_(count|sum)\\{[^}]*topic=\"sentinel.events\"[^}]*\\} ([0-9.E+-]+)")
            .matcher(metrics);
    double[] records = new double[2];
    while (size.find()) {
      records[size.group(1).equals("count") ? 0 : 1] = Double.parseDouble(size.group(2));
    }
    StringBuilder sb = new StringBuilder();
    phase.forEach(
        (k, v) -> sb.append(String.format("%s %.1f ms, ", k, v[0] == 0 ? 0 : v[1] / v[0] * 1000)));
    String line =
        String.format(
            "%.0f batches of %.0f records on average; mean per batch: %s",
            records[0], records[0] == 0 ? 0 : records[1] / records[0], sb);
    say("  %s", line);
    results.put("consumer batches", line);
  }

  private static long lag(Admin a, String topic) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        a.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    a.describeTopics(List.of(topic))
        .allTopicNames()
        .get()
        .get(topic)
        .partitions()
        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    long lag = 0;
    for (var e : a.listOffsets(latest).all().get().entrySet()) {
      OffsetAndMetadata c = committed.get(e.getKey());
      lag += e.getValue().offset() - (c == null ? 0 : c.offset());
    }
    return lag;
  }

  /**
   * The same rows, bare: multi-row INSERTs of 500 into a copy of the events table (same indexes).
   */
  private double bareInsertOfEvents(List<MonitorEvent> all, String when) throws SQLException {
    String cols =
        "(event_id, type, monitor, metric, series, time, score, severity, value, expected_low, expected_high, message, ref)";
    say("(%s the consumer's turn)", when);
    return bareInsert(
        "events",
        cols,
        13,
        all,
        (ps, k, e) -> {
          ps.setString(k++, e.id() + "-bare");
          ps.setString(k++, e.type().wire());
          ps.setString(k++, e.monitor());
          ps.setString(k++, e.metric());
          ps.setString(k++, e.series());
          ps.setTimestamp(k++, new Timestamp(e.time()));
          ps.setObject(k++, e.score());
          ps.setString(k++, e.severity() == null ? null : e.severity().wire());
          ps.setObject(k++, e.value());
          ps.setObject(k++, e.expectedLow());
          ps.setObject(k++, e.expectedHigh());
          ps.setString(k++, e.message());
          ps.setString(k, e.ref());
        });
  }

  private interface Binder<T> {
    void bind(PreparedStatement ps, int first, T value) throws SQLException;
  }

  /**
   * Inserts {@code rows} into a fresh copy of {@code table} (defaults and indexes, no triggers).
   */
  private <T> double bareInsert(
      String table, String cols, int width, List<T> rows, Binder<T> binder) throws SQLException {
    say(
        "baseline: bare multi-row INSERT (%d rows a statement) of the same %,d rows into a copy of %s ...",
        INSERT_BATCH, rows.size(), table);
    String copy = "bench_bare_" + table;
    try (Connection c = db();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + copy);
      s.execute(
          "CREATE TABLE " + copy + " (LIKE " + table + " INCLUDING DEFAULTS INCLUDING INDEXES)");
      String one = "(" + String.join(",", java.util.Collections.nCopies(width, "?")) + ")";
      long t0 = System.nanoTime();
      for (int from = 0; from < rows.size(); from += INSERT_BATCH) {
        int n = Math.min(INSERT_BATCH, rows.size() - from);
        StringBuilder sql = new StringBuilder("INSERT INTO " + copy + " " + cols + " VALUES ");
        for (int i = 0; i < n; i++) {
          sql.append(i == 0 ? "" : ",").append(one);
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
          for (int i = 0; i < n; i++) {
            binder.bind(ps, 1 + i * width, rows.get(from + i));
          }
          ps.executeUpdate();
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double rate = rows.size() / seconds;
      say("bare INSERT: %,d rows in %.1f s: %,.0f rows/s", rows.size(), seconds, rate);
      s.execute("DROP TABLE " + copy);
      return rate;
    }
  }

  // ---------------------------------------------------------------- rollups

  private static final String ROLLUP_COLUMNS =
      "(series, monitor, metric, labels, minute, count, min, max, mean, last, last_timestamp, expected_low, expected_high, max_score)";

  private static Rollup rollup(int series, long minuteIndex, long startMillis, Random r) {
    String monitor = monitorName(series);
    double level = 20 + (series * 37 % 60);
    double wave = level + 10 * Math.sin(minuteIndex * 2 * Math.PI / 1440);
    double mean = wave + r.nextGaussian();
    long ms = startMillis + minuteIndex * 60_000L;
    return new Rollup(
        monitor + "/cpu",
        monitor,
        "cpu",
        Map.of("env", "bench"),
        ms,
        6,
        mean - 2,
        mean + 2,
        mean,
        mean + 0.5,
        ms + 50_000,
        wave - 6,
        wave + 6,
        Math.abs(r.nextGaussian() / 10),
        Tenants.DEFAULT);
  }

  /** 30 days of per-minute rollups per series with COPY, then the hourly aggregates and catalog. */
  private void rollups(int series) throws Exception {
    Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
    Instant start = end.minus(Duration.ofDays(DAYS));
    long minutes = Duration.between(start, end).toMinutes();
    say("loading %,d rollups (%,d series x %d days) with COPY ...", series * minutes, series, DAYS);
    long t0 = System.nanoTime();
    try (Connection c = db()) {
      c.setAutoCommit(false);
      PGConnection pg = c.unwrap(PGConnection.class);
      Random r = new Random(1);
      for (int sIdx = 0; sIdx < series; sIdx++) {
        CopyIn in = pg.getCopyAPI().copyIn("COPY rollups " + ROLLUP_COLUMNS + " FROM STDIN");
        StringBuilder sb = new StringBuilder(1 << 20);
        for (long m = 0; m < minutes; m++) {
          Rollup x = rollup(sIdx, m, start.toEpochMilli(), r);
          sb.append(x.series())
              .append('\t')
              .append(x.monitor())
              .append("\tcpu\t{\"env\": \"bench\"}\t")
              .append(Instant.ofEpochMilli(x.minute()))
              .append('\t')
              .append(x.count())
              .append('\t')
              .append(x.min())
              .append('\t')
              .append(x.max())
              .append('\t')
              .append(x.mean())
              .append('\t')
              .append(x.last())
              .append('\t')
              .append(Instant.ofEpochMilli(x.lastTimestamp()))
              .append('\t')
              .append(x.expectedLow())
              .append('\t')
              .append(x.expectedHigh())
              .append('\t')
              .append(x.maxScore())
              .append('\n');
          if (sb.length() > (1 << 20) - 512) {
            byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(b, 0, b.length);
            sb.setLength(0);
          }
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        in.writeToCopy(b, 0, b.length);
        in.endCopy();
        c.commit();
        if ((sIdx + 1) % Math.max(1, series / 20) == 0) {
          double s = secondsSince(t0);
          say(
              "  %,d/%,d series loaded (%.0f s, %,.0f rows/s)",
              sIdx + 1, series, s, (sIdx + 1) * minutes / s);
        }
      }
      results.put(
          "rollups loaded with COPY, rows/s",
          String.format(
              "%,.0f (%,d rows in %.0f s)",
              series * minutes / secondsSince(t0), series * minutes, secondsSince(t0)));
      try (Statement s = c.createStatement()) {
        long t1 = System.nanoTime();
        say("  aggregating hourly and filling the series catalog ...");
        s.execute(
            "INSERT INTO rollups_hourly (series, hour, count, min, max, sum, last, last_minute, expected_low, expected_high, max_score)"
                + " SELECT series, date_trunc('hour', minute), sum(count), min(min), max(max), sum(mean * count),"
                + " (array_agg(last ORDER BY minute DESC))[1], max(minute), min(expected_low), max(expected_high), max(max_score)"
                + " FROM rollups GROUP BY series, date_trunc('hour', minute)");
        s.execute(
            "INSERT INTO series (series, monitor_id, monitor, metric, labels, first_minute, last_minute, last)"
                + " SELECT r.series, m.id, r.monitor, 'cpu', '{\"env\":\"bench\"}', min(r.minute), max(r.minute), 0"
                + " FROM rollups r JOIN monitors m ON m.name = r.monitor"
                + " GROUP BY r.series, m.id, r.monitor ON CONFLICT (series) DO NOTHING");
        s.execute("UPDATE monitors SET tags = '{env=bench}' WHERE name LIKE 'bench-host-%'");
        c.commit();
        c.setAutoCommit(true);
        s.execute("VACUUM ANALYZE");
        say("  aggregated in %.0f s", secondsSince(t1));
      }
    }
    say("rollups loaded in %.0f s", secondsSince(t0));
  }

  /**
   * The newest hour of every series again, through Kafka and the consumer (upserts, hourly
   * aggregates, catalog, monitors): marked by count 7 (COPY wrote 6), timed from the first record
   * produced until the database holds all of them (offsets are committed every few seconds, so the
   * consumer lag would say it late).
   */
  private void rollupsThroughTheConsumer(int series) throws Exception {
    Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
    Instant start = end.minus(Duration.ofHours(1));
    Random r = new Random(7);
    List<Rollup> rows = new ArrayList<>();
    for (int m = 0; m < 60; m++) {
      for (int s = 0; s < series; s++) {
        Rollup x = rollup(s, m, start.toEpochMilli(), r);
        rows.add(
            new Rollup(
                x.series(),
                x.monitor(),
                x.metric(),
                x.labels(),
                x.minute(),
                7,
                x.min(),
                x.max(),
                x.mean(),
                x.last(),
                x.lastTimestamp(),
                x.expectedLow(),
                x.expectedHigh(),
                x.maxScore(),
                Tenants.DEFAULT));
      }
    }
    long before = System.nanoTime();
    produce(Topics.ROLLUPS, rows, Rollup::series);
    try (Connection c = db();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM rollups WHERE minute >= ? AND count = 7")) {
      ps.setObject(1, OffsetDateTime.ofInstant(start, ZoneOffset.UTC));
      long lastPrint = System.nanoTime();
      while (true) {
        long done;
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          done = rs.getLong(1);
        }
        if (done >= rows.size()) {
          break;
        }
        if (System.nanoTime() - lastPrint > 10e9) {
          lastPrint = System.nanoTime();
          say("  %,d of %,d rollups stored", done, rows.size());
        }
        Thread.sleep(100);
      }
    }
    double seconds = secondsSince(before);
    double rate = rows.size() / seconds;
    say(
        "rollups through the consumer: %,d in %.1f s (first produced to last stored): %,.0f rollups/s",
        rows.size(), seconds, rate);
    double bare =
        bareInsert(
            "rollups",
            ROLLUP_COLUMNS,
            14,
            rows,
            (ps, k, x) -> {
              ps.setString(k++, x.series());
              ps.setString(k++, x.monitor());
              ps.setString(k++, x.metric());
              ps.setObject(k++, "{\"env\": \"bench\"}", java.sql.Types.OTHER);
              ps.setObject(
                  k++, OffsetDateTime.ofInstant(Instant.ofEpochMilli(x.minute()), ZoneOffset.UTC));
              ps.setLong(k++, x.count());
              ps.setDouble(k++, x.min());
              ps.setDouble(k++, x.max());
              ps.setDouble(k++, x.mean());
              ps.setDouble(k++, x.last());
              ps.setObject(
                  k++,
                  OffsetDateTime.ofInstant(
                      Instant.ofEpochMilli(x.lastTimestamp()), ZoneOffset.UTC));
              ps.setObject(k++, x.expectedLow());
              ps.setObject(k++, x.expectedHigh());
              ps.setDouble(k, x.maxScore());
            });
    results.put(
        "rollups through the consumer/s (upsert + hourly + catalog)",
        String.format("%,.0f (first produced to last stored, %,d rollups)", rate, rows.size()));
    results.put("bare multi-row INSERT of the same rollups, rows/s", String.format("%,.0f", bare));
  }

  // ---------------------------------------------------------------- latency

  /**
   * One request: its path, and the SQL the service runs for it (for the bare baseline). {@code
   * pastTheEnd}, when not null, is the count the service runs (Page.run) when the first statement
   * returns no row at an offset past the end: there is no row to carry the total.
   */
  private record Request(String path, List<SqlQuery> sql, SqlQuery pastTheEnd) {
    Request(String path, List<SqlQuery> sql) {
      this(path, sql, null);
    }
  }

  private void latency(int monitors, int series, String variant) throws Exception {
    Map<Integer, Long> ids = new HashMap<>();
    try (Connection c = db();
        PreparedStatement ps =
            c.prepareStatement("SELECT name, id FROM monitors WHERE name LIKE 'bench-host-%'");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ids.put(Integer.parseInt(rs.getString(1).substring("bench-host-".length())), rs.getLong(2));
      }
    }
    long countLimit = 1000;
    Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS);
    Instant from = to.minus(Duration.ofDays(DAYS));
    String[] statuses = {"trouble,critical", "down", "up", "critical", "trouble,down,critical"};
    // a keyword matching 100 monitors from 1,000 to 10,000 of them: bench-host-000 ..
    // bench-host-099
    int prefix = "bench-host-000".length();
    IntFunction<Request> monitorList =
        i -> {
          ThreadLocalRandom r = ThreadLocalRandom.current();
          String q = monitorName(r.nextInt(monitors)).substring(0, prefix);
          String status = statuses[r.nextInt(statuses.length)];
          int offset = 50 * r.nextInt(2);
          Set<MonitorStatus> wanted = EnumSet.noneOf(MonitorStatus.class);
          for (String s : status.split(",")) {
            wanted.add(MonitorStatus.fromWire(s));
          }
          MonitorReader.Filter f = new MonitorReader.Filter(wanted, q, null);
          return new Request(
              "/api/monitors?q="
                  + q
                  + "&status="
                  + status
                  + "&sort=-last_updated&limit=50&offset="
                  + offset,
              List.of(MonitorReader.pageQuery(f, "last_updated", true, 50, offset)),
              // a status that few of the 100 monitors have leaves page 2 empty: the service
              // then counts on its own (two statements), and so does the bare side
              offset > 0 ? MonitorReader.countQuery(f) : null);
        };
    IntFunction<Request> anomalyList =
        i -> {
          ThreadLocalRandom r = ThreadLocalRandom.current();
          AnomalyReader.Filter f;
          String path;
          int offset = 0;
          switch (i % 3) {
            case 0 -> {
              String m = monitorName(r.nextInt(monitors));
              path = "/api/anomalies?monitor=" + m + "&limit=50";
              f = new AnomalyReader.Filter(m, null, List.of(), null, null, null, null, null);
            }
            case 1 -> {
              path = "/api/anomalies?open=true&severity=critical&limit=50";
              f =
                  new AnomalyReader.Filter(
                      null, null, List.of("critical"), null, null, true, null, null);
            }
            default -> {
              offset = 50 * r.nextInt(10);
              path = "/api/anomalies?limit=50&offset=" + offset;
              f = new AnomalyReader.Filter(null, null, List.of(), null, null, null, null, null);
            }
          }
          return new Request(
              path,
              List.of(AnomalyReader.pageQuery(f, "started_at", true, 50, offset, countLimit)));
        };
    IntFunction<Request> chart =
        i -> {
          int s = ThreadLocalRandom.current().nextInt(series);
          long id = ids.get(s);
          return new Request(
              "/api/monitors/" + id + "/series?metric=cpu&from=" + from + "&to=" + to + "&step=1h",
              List.of(
                  SeriesReader.catalogQuery(id, "cpu", null),
                  SeriesReader.pointsQuery(List.of(monitorName(s) + "/cpu"), from, to, 3600)));
        };
    measure("GET /api/monitors (q, status, sort, page)" + variant, monitorList);
    measure("GET /api/anomalies (monitor | open critical | page)" + variant, anomalyList);
    measure("GET /api/monitors/{id}/series (30 d, step 1h)" + variant, chart);
  }

  private void measure(String name, IntFunction<Request> request) throws Exception {
    int warmup = Math.min(1000, requests / 2);
    int alone = Math.max(200, requests / 10);
    // one keep-alive HTTP/1.1 connection per client, used by its own thread with blocking reads,
    // as the bare side uses one JDBC connection per client: the JDK's HttpClient reads every
    // connection on one selector thread, which under load was the client's bottleneck, not the
    // service's
    Http1[] https = new Http1[clients];
    for (int c = 0; c < clients; c++) {
      https[c] = new Http1(URI.create(url));
    }
    Stats single;
    Stats many;
    try {
      say("%s: warming up ...", name);
      run((w, i) -> http(https[w], request.apply(i)), warmup, null, clients);
      single = stats((w, i) -> http(https[w], request.apply(i)), alone, 1);
      many = stats((w, i) -> http(https[w], request.apply(i)), requests, clients);
    } finally {
      for (Http1 h : https) {
        h.close();
      }
    }
    say("%s, HTTP: 1 client %s; %d clients %s", name, single, clients, many);
    // the same SQL, bare: one JDBC connection per client (opened before), prepared on the server
    Connection[] conns = new Connection[clients];
    try {
      for (int c = 0; c < clients; c++) {
        conns[c] = db();
      }
      run((w, i) -> bare(conns[w], request.apply(i)), warmup, null, clients);
      Stats bareSingle = stats((w, i) -> bare(conns[w], request.apply(i)), alone, 1);
      Stats bareMany = stats((w, i) -> bare(conns[w], request.apply(i)), requests, clients);
      say(
          "%s, bare SQL over JDBC: 1 client %s; %d clients %s",
          name, bareSingle, clients, bareMany);
      results.put(name + ", 1 client", single + "   | bare SQL " + bareSingle);
      results.put(name + ", " + clients + " clients", many + "   | bare SQL " + bareMany);
      results.put(
          name + ", p99 service / bare SQL at " + clients + " clients",
          String.format("%.2f (issue 14 bar: 1.3 or less)", many.p99() / bareMany.p99()));
    } finally {
      for (Connection c : conns) {
        if (c != null) {
          c.close();
        }
      }
    }
  }

  private record Stats(double p50, double p99, double max, double perSecond, int errors) {
    @Override
    public String toString() {
      return String.format(
          "p50 %.1f ms, p99 %.1f ms (max %.0f, %.0f req/s%s)",
          p50, p99, max, perSecond, errors > 0 ? ", " + errors + " ERRORS" : "");
    }
  }

  /** One request by worker {@code worker} (0 .. concurrency-1); false when it failed. */
  private interface Call {
    boolean call(int worker, int i) throws Exception;
  }

  private Stats stats(Call call, int n, int concurrency) throws Exception {
    long[] latencies = new long[n];
    long t0 = System.nanoTime();
    int errors = run(call, n, latencies, concurrency);
    double seconds = (System.nanoTime() - t0) / 1e9;
    Arrays.sort(latencies);
    return new Stats(
        latencies[n / 2] / 1e6,
        latencies[(int) Math.min(n - 1, Math.ceil(n * 0.99) - 1)] / 1e6,
        latencies[n - 1] / 1e6,
        n / seconds,
        errors);
  }

  private boolean http(Http1 http, Request r) throws Exception {
    byte[] body = http.get(r.path(), "Bearer " + io.sentinel.devstack.DevStack.TEST_API_KEY);
    if (http.status != 200) {
      say("  HTTP %d for %s: %s", http.status, r.path(), new String(body, StandardCharsets.UTF_8));
      return false;
    }
    return true;
  }

  /**
   * One HTTP/1.1 keep-alive connection, used by one client thread with blocking reads (as a JDBC
   * connection is): GET with a Content-Length or chunked answer, the body read whole.
   */
  static final class Http1 implements AutoCloseable {
    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    int status;

    Http1(URI base) {
      this.host = base.getHost();
      this.port = base.getPort();
    }

    /** The body of GET {@code path}; {@link #status} holds the status. */
    byte[] get(String path, String authorization) throws IOException {
      byte[] request =
          ("GET "
                  + path
                  + " HTTP/1.1\r\nHost: "
                  + host
                  + ":"
                  + port
                  + "\r\nAuthorization: "
                  + authorization
                  + "\r\nAccept: application/json\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      boolean reused = socket != null;
      if (!reused) {
        open();
      }
      try {
        return exchange(request);
      } catch (IOException e) {
        close();
        if (!reused) {
          throw e;
        }
        open(); // the server closed an idle connection: once more on a new one
        return exchange(request);
      }
    }

    private void open() throws IOException {
      socket = new Socket(host, port);
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(30_000);
      in = new java.io.BufferedInputStream(socket.getInputStream(), 1 << 16);
      out = socket.getOutputStream();
    }

    private byte[] exchange(byte[] request) throws IOException {
      out.write(request);
      out.flush();
      String statusLine = line();
      status = Integer.parseInt(statusLine.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      boolean closeAfter = false;
      for (String h = line(); !h.isEmpty(); h = line()) {
        int colon = h.indexOf(':');
        String header = h.substring(0, colon).trim();
        String value = h.substring(colon + 1).trim();
        if (header.equalsIgnoreCase("Content-Length")) {
          length = Long.parseLong(value);
        } else if (header.equalsIgnoreCase("Transfer-Encoding")) {
          chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
        } else if (header.equalsIgnoreCase("Connection")) {
          closeAfter = value.equalsIgnoreCase("close");
        }
      }
      java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
      if (chunked) {
        while (true) {
          String size = line();
          int semi = size.indexOf(';');
          long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
          if (n == 0) {
            while (!line().isEmpty()) {
              // trailers
            }
            break;
          }
          copy(n, body);
          line();
        }
      } else if (length >= 0) {
        copy(length, body);
      } else {
        in.transferTo(body);
        closeAfter = true;
      }
      if (closeAfter) {
        close();
      }
      return body.toByteArray();
    }

    private void copy(long n, java.io.ByteArrayOutputStream to) throws IOException {
      byte[] buf = new byte[8192];
      while (n > 0) {
        int r = in.read(buf, 0, (int) Math.min(buf.length, n));
        if (r < 0) {
          throw new java.io.EOFException("connection closed in a body");
        }
        to.write(buf, 0, r);
        n -= r;
      }
    }

    private String line() throws IOException {
      StringBuilder sb = new StringBuilder();
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) {
          throw new java.io.EOFException("connection closed");
        }
        if (c != '\r') {
          sb.append((char) c);
        }
      }
      return sb.toString();
    }

    @Override
    public void close() {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException e) {
          // closing anyway
        }
        socket = null;
      }
    }
  }

  private static final Pattern PARAM = Pattern.compile("\\$(\\d+)");

  /**
   * Runs the request's SQL on a JDBC connection ($n placeholders become ?), reading every column.
   */
  private static boolean bare(Connection c, Request r) throws SQLException {
    if (bare(c, r.sql().get(0)) == 0 && r.pastTheEnd() != null) {
      bare(c, r.pastTheEnd());
    }
    for (SqlQuery q : r.sql().subList(1, r.sql().size())) {
      bare(c, q);
    }
    return true;
  }

  /** Runs one statement as the service does, reading every column of every row; the row count. */
  private static int bare(Connection c, SqlQuery q) throws SQLException {
    int n = 0;
    List<Object> args = new ArrayList<>();
    Matcher m = PARAM.matcher(q.sql());
    StringBuilder sql = new StringBuilder();
    while (m.find()) {
      args.add(q.args().getValue(Integer.parseInt(m.group(1)) - 1));
      m.appendReplacement(sql, "?");
    }
    m.appendTail(sql);
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        Object a = args.get(i);
        if (a instanceof String[] arr) {
          ps.setArray(i + 1, c.createArrayOf("text", arr));
        } else {
          ps.setObject(i + 1, a);
        }
      }
      try (ResultSet rs = ps.executeQuery()) {
        int cols = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          n++;
          for (int k = 1; k <= cols; k++) {
            rs.getObject(k);
          }
        }
      }
    }
    return n;
  }

  private static int run(Call call, int n, long[] latencies, int concurrency) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    List<Future<?>> futures = new ArrayList<>();
    for (int c = 0; c < concurrency; c++) {
      int worker = c;
      futures.add(
          pool.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                  long s = System.nanoTime();
                  try {
                    if (!call.call(worker, i)) {
                      errors.incrementAndGet();
                    }
                  } catch (Exception e) {
                    if (errors.getAndIncrement() < 3) {
                      say("  request failed: %s", e);
                    }
                  }
                  if (latencies != null) {
                    latencies[i] = System.nanoTime() - s;
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    return errors.get();
  }

  private static double secondsSince(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
