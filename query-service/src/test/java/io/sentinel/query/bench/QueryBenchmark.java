package io.sentinel.query.bench;

import io.sentinel.contract.EventType;
import io.sentinel.contract.Json;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Severity;
import io.sentinel.contract.Topics;
import java.io.IOException;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
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
 * Load and latency benchmark of the query-service against a running dev stack (Kafka, PostgreSQL
 * and the query-service itself). Loads monitors and events through the real consumer path (Kafka
 * → query-service → PostgreSQL) and measures events materialized per second, beside a bare
 * multi-row INSERT of the same rows into a copy of the events table in the same run; loads 30 days
 * of per-minute rollups for a set of series with COPY; then measures p50/p99 latency of the monitor
 * list (filtered, paged), the anomaly list and a 30-day series chart under concurrent clients.
 *
 * <pre>
 * --env FILE       dev-stack env file (KAFKA_BOOTSTRAP_SERVERS, SENTINEL_DB_*), default .sentinel/devstack.env
 * --url URL        query-service, default http://localhost:8080
 * --scale S        1.0 = 10,000 monitors, 1,000,000 events, 1,000 series x 30 days; 0.01 for a quick run
 * --clients N      concurrent HTTP clients, default 32
 * --requests N     measured requests per endpoint, default 3000
 * </pre>
 */
public final class QueryBenchmark {
  private static final String GROUP = "sentinel-query";
  private static final int DAYS = 30;

  private final Map<String, String> env;
  private final String url;
  private final double scale;
  private final int clients;
  private final int requests;
  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final Map<String, String> results = new LinkedHashMap<>();
  private boolean skipLoad;

  private QueryBenchmark(Map<String, String> env, String url, double scale, int clients, int requests) {
    this.env = env;
    this.url = url;
    this.scale = scale;
    this.clients = clients;
    this.requests = requests;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    Map<String, String> env = new HashMap<>(System.getenv());
    Path envFile = Path.of(opts.getOrDefault("env", ".sentinel/devstack.env"));
    if (Files.exists(envFile)) {
      for (String line : Files.readAllLines(envFile)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          env.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
      }
    }
    new QueryBenchmark(
            env,
            opts.getOrDefault("url", "http://localhost:8080"),
            Double.parseDouble(opts.getOrDefault("scale", "1.0")),
            Integer.parseInt(opts.getOrDefault("clients", "32")),
            Integer.parseInt(opts.getOrDefault("requests", "3000")))
        .skipLoad(Boolean.parseBoolean(opts.getOrDefault("skip-load", "false")))
        .execute();
  }

  private QueryBenchmark skipLoad(boolean skip) {
    this.skipLoad = skip;
    return this;
  }

  private static void say(String fmt, Object... args) {
    System.out.printf("[bench] " + fmt + "%n", args);
  }

  private Connection db() throws SQLException {
    return DriverManager.getConnection(
        env.getOrDefault("SENTINEL_DB_JDBC_URL", "jdbc:postgresql://localhost:5432/sentinel"),
        env.getOrDefault("SENTINEL_DB_USER", "postgres"),
        env.getOrDefault("SENTINEL_DB_PASSWORD", "postgres"));
  }

  private void execute() throws Exception {
    int monitors = Math.max(10, (int) Math.round(10_000 * scale));
    int events = Math.max(1000, (int) Math.round(1_000_000 * scale));
    int series = Math.max(2, Math.min(monitors, (int) Math.round(1_000 * scale)));
    say("run %s: %,d monitors, %,d events, %,d series x %d days of rollups (%,d rows); %d clients",
        run, monitors, events, series, DAYS, (long) series * DAYS * 1440, clients);
    if (!skipLoad) {
      List<MonitorEvent> all = events(monitors, events);
      materialize(all);
      baseline(all);
      rollups(series);
    }
    latency(monitors, series);
    say("------------------------------------------------------------------");
    results.forEach((k, v) -> say("%-48s %s", k, v));
  }

  // ---------------------------------------------------------------- events

  /** Monitor discovery, then anomalies opened and resolved and a few outages, spread over 30 days. */
  private List<MonitorEvent> events(int monitors, int total) {
    Random r = new Random(42);
    List<MonitorEvent> out = new ArrayList<>(total);
    long end = Instant.now().truncatedTo(ChronoUnit.MINUTES).toEpochMilli();
    // inside the default 30-day retention of the event log, which may purge while the bench runs
    long start = end - Duration.ofDays(DAYS - 1).toMillis();
    int perMonitor = Math.max(1, total / monitors);
    String[] metrics = {"cpu", "mem", "disk", "latency"};
    Severity[] severities = Severity.values();
    for (int m = 0; m < monitors && out.size() < total; m++) {
      String name = monitorName(m);
      long t = start + r.nextInt(60_000);
      long gap = Math.max(1000, (end - start) / (perMonitor + 1));
      out.add(new MonitorEvent(id(), EventType.MONITOR_DISCOVERED, name, null, null, t, null, null, null, null, null, name + " discovered", null));
      int left = Math.min(perMonitor - 1, total - out.size());
      MonitorEvent open = null;
      MonitorEvent outage = null;
      for (int i = 0; i < left; i++) {
        t += gap;
        MonitorEvent e;
        if (outage != null) {
          e = new MonitorEvent(id(), EventType.OUTAGE_RESOLVED, name, null, null, t, null, null, null, null, null, "samples again", outage.id());
          outage = null;
        } else if (open != null) {
          e = new MonitorEvent(id(), EventType.ANOMALY_RESOLVED, name, open.metric(), open.series(), t, null, null, null, null, null, "back to normal", open.id());
          open = null;
        } else if (r.nextInt(10) == 0) {
          e = new MonitorEvent(id(), EventType.OUTAGE_STARTED, name, null, null, t, null, null, null, null, null, "no samples for 3 intervals", null);
          outage = e;
        } else {
          String metric = metrics[r.nextInt(metrics.length)];
          double expected = 20 + r.nextInt(50);
          e = new MonitorEvent(id(), EventType.ANOMALY, name, metric, name + "/" + metric, t, 0.5 + r.nextDouble() / 2,
              severities[r.nextInt(severities.length)], expected * 3, expected * 0.5, expected * 1.5,
              metric + ": value " + (expected * 3) + " far above its usual level " + expected, null);
          open = e;
        }
        out.add(e);
      }
    }
    return out;
  }

  private String id() {
    return "bench-" + run + "-" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
  }

  private static String monitorName(int i) {
    return String.format("bench-host-%05d", i);
  }

  private void materialize(List<MonitorEvent> all) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"));
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    Instant t0 = Instant.now();
    Timestamp since = Timestamp.from(t0.minusSeconds(1));
    say("producing %,d events to %s ...", all.size(), Topics.EVENTS);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
      for (MonitorEvent e : all) {
        producer.send(new ProducerRecord<>(Topics.EVENTS, e.monitor(), Json.write(e)));
      }
      producer.flush();
    }
    say("produced in %.1f s; waiting for the query-service to materialize them", secondsSince(t0));
    long target = all.size();
    long done = 0;
    long lastPrint = 0;
    int settled = 0;
    Map<String, Object> admin = new HashMap<>();
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"));
    try (Admin a = Admin.create(admin)) {
      while (true) {
        Thread.sleep(2000);
        long lag = lag(a);
        if (System.nanoTime() - lastPrint > 10e9) {
          lastPrint = System.nanoTime();
          say("  %.0f s: consumer lag %,d records", secondsSince(t0), lag);
        }
        if (lag == 0) {
          try (Connection c = db();
              PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT count(*), min(received_at), max(received_at) FROM events"
                          + " WHERE received_at >= ? AND type <> 'status_changed' AND event_id LIKE ?")) {
            ps.setTimestamp(1, since);
            ps.setString(2, "bench-" + run + "-%");
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              done = rs.getLong(1);
              if (done >= target || (lag == 0 && ++settled >= 3)) {
                double seconds =
                    Math.max(0.001, (rs.getTimestamp(3).getTime() - rs.getTimestamp(2).getTime()) / 1000.0);
                double rate = done / seconds;
                say("materialized %,d of %,d events in %.1f s: %,.0f events/s (first to last commit)", done, target, seconds, rate);
                results.put("events materialized/s (consumer path)", String.format("%,.0f", rate));
                results.put("events materialized", String.format("%,d", done));
                return;
              }
            }
          }
        }
      }
    }
  }

  private static long lag(Admin a) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        a.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    a.describeTopics(List.of(Topics.EVENTS)).allTopicNames().get().get(Topics.EVENTS).partitions()
        .forEach(p -> latest.put(new TopicPartition(Topics.EVENTS, p.partition()), OffsetSpec.latest()));
    var ends = a.listOffsets(latest).all().get();
    long lag = 0;
    for (var e : ends.entrySet()) {
      OffsetAndMetadata c = committed.get(e.getKey());
      lag += e.getValue().offset() - (c == null ? 0 : c.offset());
    }
    return lag;
  }

  /** The same rows, bare: multi-row INSERTs of 500 into a copy of the events table. */
  private void baseline(List<MonitorEvent> all) throws SQLException {
    say("baseline: bare multi-row INSERT of the same %,d rows ...", all.size());
    try (Connection c = db(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS bench_events_bare");
      s.execute("CREATE TABLE bench_events_bare (LIKE events INCLUDING DEFAULTS INCLUDING INDEXES)");
      int batch = 500;
      String cols = "(event_id, type, monitor, metric, series, time, score, severity, value, expected_low, expected_high, message, ref)";
      StringBuilder sql = new StringBuilder("INSERT INTO bench_events_bare " + cols + " VALUES ");
      for (int i = 0; i < batch; i++) {
        sql.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?,?,?,?,?,?,?,?)");
      }
      long t0 = System.nanoTime();
      try (PreparedStatement full = c.prepareStatement(sql.toString())) {
        for (int from = 0; from < all.size(); from += batch) {
          int n = Math.min(batch, all.size() - from);
          PreparedStatement ps = full;
          if (n < batch) {
            StringBuilder tail = new StringBuilder("INSERT INTO bench_events_bare " + cols + " VALUES ");
            for (int i = 0; i < n; i++) {
              tail.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?,?,?,?,?,?,?,?)");
            }
            ps = c.prepareStatement(tail.toString());
          }
          int k = 1;
          for (int i = 0; i < n; i++) {
            MonitorEvent e = all.get(from + i);
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
            ps.setString(k++, e.ref());
          }
          ps.executeUpdate();
          if (ps != full) {
            ps.close();
          }
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double rate = all.size() / seconds;
      say("bare INSERT: %,d rows in %.1f s: %,.0f rows/s", all.size(), seconds, rate);
      results.put("bare multi-row INSERT rows/s (same rows)", String.format("%,.0f", rate));
      s.execute("DROP TABLE bench_events_bare");
    }
  }

  // ---------------------------------------------------------------- rollups

  private void rollups(int series) throws Exception {
    // 30 days less the current hour, so the 30-day retention of rollups does not purge the first
    Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
    Instant start = end.minus(Duration.ofDays(DAYS)).plus(Duration.ofHours(1));
    long minutes = Duration.between(start, end).toMinutes();
    say("loading %,d rollups (%d series x %d days) with COPY ...", series * minutes, series, DAYS);
    long t0 = System.nanoTime();
    try (Connection c = db()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("DELETE FROM rollups WHERE monitor LIKE 'bench-host-%'");
        s.execute("DELETE FROM rollups_hourly WHERE series LIKE 'bench-host-%'");
        s.execute("DELETE FROM series WHERE monitor LIKE 'bench-host-%'");
      }
      c.commit();
      PGConnection pg = c.unwrap(PGConnection.class);
      Random r = new Random(1);
      for (int sIdx = 0; sIdx < series; sIdx++) {
        String monitor = monitorName(sIdx);
        String id = monitor + "/cpu";
        CopyIn in =
            pg.getCopyAPI()
                .copyIn(
                    "COPY rollups (series, monitor, metric, labels, minute, count, min, max, mean, last,"
                        + " last_timestamp, expected_low, expected_high, max_score) FROM STDIN");
        StringBuilder sb = new StringBuilder(1 << 20);
        double level = 20 + r.nextInt(60);
        for (long m = 0; m < minutes; m++) {
          long ms = start.toEpochMilli() + m * 60_000L;
          double wave = level + 10 * Math.sin(m * 2 * Math.PI / 1440);
          double mean = wave + r.nextGaussian();
          sb.append(id).append('\t').append(monitor).append("\tcpu\t{\"env\": \"bench\"}\t")
              .append(new Timestamp(ms)).append("+00\t6\t")
              .append(mean - 2).append('\t').append(mean + 2).append('\t').append(mean).append('\t').append(mean + 0.5).append('\t')
              .append(new Timestamp(ms + 50_000)).append("+00\t")
              .append(wave - 6).append('\t').append(wave + 6).append('\t').append(Math.abs(r.nextGaussian() / 10)).append('\n');
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
        if ((sIdx + 1) % Math.max(1, series / 10) == 0) {
          say("  %,d/%,d series loaded (%.0f s)", sIdx + 1, series, (System.nanoTime() - t0) / 1e9);
        }
      }
      try (Statement s = c.createStatement()) {
        say("  aggregating hourly and filling the series catalog ...");
        s.execute(
            "INSERT INTO rollups_hourly (series, hour, count, min, max, sum, last, last_minute, expected_low, expected_high, max_score)"
                + " SELECT series, date_trunc('hour', minute), sum(count), min(min), max(max), sum(mean * count),"
                + " (array_agg(last ORDER BY minute DESC))[1], max(minute), min(expected_low), max(expected_high), max(max_score)"
                + " FROM rollups WHERE monitor LIKE 'bench-host-%' GROUP BY series, date_trunc('hour', minute)");
        s.execute(
            "INSERT INTO series (series, monitor_id, monitor, metric, labels, first_minute, last_minute, last)"
                + " SELECT r.series, m.id, r.monitor, 'cpu', '{\"env\":\"bench\"}', min(r.minute), max(r.minute), 0"
                + " FROM rollups r JOIN monitors m ON m.name = r.monitor WHERE r.monitor LIKE 'bench-host-%'"
                + " GROUP BY r.series, m.id, r.monitor ON CONFLICT (series) DO NOTHING");
        c.commit();
        c.setAutoCommit(true);
        s.execute("ANALYZE");
      }
    }
    say("rollups loaded in %.0f s", (System.nanoTime() - t0) / 1e9);
  }

  // ---------------------------------------------------------------- latency

  private void latency(int monitors, int series) throws Exception {
    Map<Integer, Long> ids = new HashMap<>();
    try (Connection c = db();
        PreparedStatement ps = c.prepareStatement("SELECT name, id FROM monitors WHERE name LIKE 'bench-host-%'");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ids.put(Integer.parseInt(rs.getString(1).substring("bench-host-".length())), rs.getLong(2));
      }
    }
    String to = Instant.now().truncatedTo(ChronoUnit.HOURS).toString();
    String from = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(DAYS)).toString();
    String[] statuses = {"trouble,critical", "down", "up", "critical", "trouble,down,critical"};
    measure(
        "GET /api/monitors (q, status, sort, page)",
        i -> {
          ThreadLocalRandom r = ThreadLocalRandom.current();
          // a keyword matching about 100 monitors at any scale (bench-host-000, -001, ...)
          String q = monitorName(r.nextInt(monitors)).substring(0, monitors > 1000 ? 13 : 14);
          return "/api/monitors?q=" + q + "&status=" + statuses[r.nextInt(statuses.length)]
              + "&sort=-last_updated&limit=50&offset=" + 50 * r.nextInt(4);
        });
    measure(
        "GET /api/anomalies (monitor, open, severity)",
        i -> {
          ThreadLocalRandom r = ThreadLocalRandom.current();
          return switch (i % 3) {
            case 0 -> "/api/anomalies?monitor=" + monitorName(r.nextInt(monitors)) + "&limit=50";
            case 1 -> "/api/anomalies?open=true&severity=critical&limit=50";
            default -> "/api/anomalies?limit=50&offset=" + 50 * r.nextInt(10);
          };
        });
    measure(
        "GET /api/monitors/{id}/series (30 d, step 1h)",
        i -> "/api/monitors/" + ids.get(ThreadLocalRandom.current().nextInt(series)) + "/series?metric=cpu&from=" + from + "&to=" + to + "&step=1h");
    measure(
        "GET /api/monitors/{id}/series (30 d, step 15m)",
        i -> "/api/monitors/" + ids.get(ThreadLocalRandom.current().nextInt(series)) + "/series?metric=cpu&from=" + from + "&to=" + to + "&step=15m");
  }

  private void measure(String name, IntFunction<String> path) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    int warmup = Math.min(500, requests / 4);
    run(http, path, warmup, null, clients);
    // one client first: the service time of the request, without queueing behind the others
    int alone = Math.max(100, requests / 10);
    long[] single = new long[alone];
    run(http, path, alone, single, 1);
    Arrays.sort(single);
    say("%s, 1 client: p50 %.1f ms, p99 %.1f ms", name, single[alone / 2] / 1e6, single[(int) Math.ceil(alone * 0.99) - 1] / 1e6);
    results.put(name + " p50/p99, 1 client", String.format("%.1f / %.1f ms", single[alone / 2] / 1e6, single[(int) Math.ceil(alone * 0.99) - 1] / 1e6));
    long[] latencies = new long[requests];
    long t0 = System.nanoTime();
    run(http, path, requests, latencies, clients);
    double seconds = (System.nanoTime() - t0) / 1e9;
    Arrays.sort(latencies);
    double p50 = latencies[requests / 2] / 1e6;
    double p99 = latencies[(int) Math.min(requests - 1, Math.ceil(requests * 0.99) - 1)] / 1e6;
    say("%s: p50 %.1f ms, p99 %.1f ms, max %.1f ms, %.0f req/s", name, p50, p99, latencies[requests - 1] / 1e6, requests / seconds);
    results.put(name + " p50/p99", String.format("%.1f / %.1f ms (%d clients, %.0f req/s)", p50, p99, clients, requests / seconds));
  }

  private void run(HttpClient http, IntFunction<String> path, int n, long[] latencies, int clients) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> futures = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      futures.add(
          pool.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                  HttpRequest req = HttpRequest.newBuilder(URI.create(url + path.apply(i))).timeout(Duration.ofSeconds(30)).build();
                  long s = System.nanoTime();
                  try {
                    HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                    if (resp.statusCode() != 200 && errors.getAndIncrement() < 3) {
                      say("  HTTP %d for %s: %s", resp.statusCode(), req.uri(), new String(resp.body(), StandardCharsets.UTF_8));
                    }
                  } catch (IOException | InterruptedException e) {
                    errors.incrementAndGet();
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
    if (errors.get() > 0) {
      say("  %d failed requests", errors.get());
    }
  }

  private static double secondsSince(Instant t0) {
    return Duration.between(t0, Instant.now()).toMillis() / 1000.0;
  }
}
