package io.sentinel.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentinel.contract.Json;
import io.sentinel.contract.Sample;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The demo agent of {@code ./sentinel up}: a dozen monitors with realistic metrics (daily pattern
 * compressed into ten minutes, noise), first a backfill of recent history so the detector is past
 * its warm-up, then one sample per metric per second, with incidents at irregular intervals (10 to
 * 20 minutes apart per monitor): spikes, a level shift, a dropout to zero, several metrics of one
 * monitor at once, a monitor that goes silent for a while, and one whose exporter stamps one metric
 * in seconds instead of milliseconds for a minute every 15 minutes (ingest rejects it: status
 * Errors). Every 15 s it prints the monitors' status counts from the query-service.
 */
public final class DemoAgent {
  private static final long TICK_MS = 1000;
  private static final double DAY_TICKS = 600; // one compressed "day" every ten minutes

  /**
   * Five compressed days of history: the engine's range path must have seen the daily swing often
   * before the live samples begin, or the first trough looks like "below everything seen so far".
   */
  private static final int BACKFILL = 3000;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI ingest;
  private final URI query;

  /** The agent token ingest requires (env SENTINEL_AGENT_TOKEN); none on an open ingest. */
  private final String token = System.getenv().getOrDefault("SENTINEL_AGENT_TOKEN", "");

  private final Random random = new Random(42);
  private final List<DemoMonitor> monitors = new ArrayList<>();

  /**
   * Where the injected incidents are written, one line each (env SENTINEL_DEMO_INCIDENTS; none if
   * unset), for {@code ./sentinel demo-score}: see {@link DemoScore}.
   */
  private final java.io.PrintWriter incidentLog = openIncidentLog();

  private static java.io.PrintWriter openIncidentLog() {
    String path = System.getenv("SENTINEL_DEMO_INCIDENTS");
    if (path == null || path.isBlank()) {
      return null;
    }
    try {
      return new java.io.PrintWriter(
          java.nio.file.Files.newBufferedWriter(java.nio.file.Path.of(path)), true);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Seconds an incident of each kind lasts (see {@link #incident} and the outage in samplesAt). */
  static int durationTicks(Incident incident) {
    return switch (incident) {
      case SPIKE -> 1;
      case LEVEL_SHIFT -> 60;
      case DROPOUT -> 12;
      case MULTI_METRIC -> 20;
      case OUTAGE -> 45;
      default -> 0;
    };
  }

  /** A metric of a monitor: base level, daily amplitude, noise. */
  record DemoMetric(
      String name, double base, double amplitude, double noise, double min, double max) {}

  /** A monitor and the incident it suffers now and then. */
  record DemoMonitor(String name, Incident incident, List<DemoMetric> metrics) {}

  enum Incident {
    NONE,
    SPIKE,
    LEVEL_SHIFT,
    DROPOUT,
    MULTI_METRIC,
    OUTAGE,
    MISCONFIGURED
  }

  /** Ticks of the misconfiguration cycle, and the part of it in which the exporter is wrong. */
  private static final int MISCONFIGURED_CYCLE = 900;

  private static final int MISCONFIGURED_FROM = 60;
  private static final int MISCONFIGURED_UNTIL = 120;

  private DemoAgent(URI ingest, URI query) {
    this.ingest = ingest;
    this.query = query;
    DemoMetric cpu = new DemoMetric("cpu_usage_percent", 35, 15, 2.0, 0, 100);
    DemoMetric mem = new DemoMetric("memory_used_percent", 60, 5, 1.0, 0, 100);
    DemoMetric latency = new DemoMetric("http_latency_ms", 120, 40, 8.0, 1, 100_000);
    DemoMetric rps = new DemoMetric("http_requests_per_second", 300, 150, 15.0, 0, 1e9);
    DemoMetric conns = new DemoMetric("db_connections", 40, 10, 2.0, 0, 1e6);
    add("web-frontend-1", Incident.NONE, cpu, mem, rps);
    add("web-frontend-2", Incident.SPIKE, cpu, mem, rps);
    add("payments-api", Incident.SPIKE, latency, cpu);
    add("checkout-api", Incident.LEVEL_SHIFT, latency, rps);
    add("orders-db", Incident.LEVEL_SHIFT, cpu, conns);
    add("search-service", Incident.DROPOUT, rps, cpu);
    add("cache-redis", Incident.MULTI_METRIC, cpu, mem, latency);
    add("batch-worker", Incident.OUTAGE, cpu, mem);
    add("auth-service", Incident.NONE, latency, cpu);
    add("inventory-api", Incident.NONE, latency, rps);
    add("notification-worker", Incident.OUTAGE, cpu);
    add("analytics-db", Incident.NONE, cpu, conns, mem);
    add("legacy-exporter", Incident.MISCONFIGURED, cpu, rps);
  }

  private void add(String name, Incident incident, DemoMetric... metrics) {
    monitors.add(new DemoMonitor(name, incident, List.of(metrics)));
  }

  public static void main(String[] args) throws Exception {
    URI ingest = URI.create(args.length > 0 ? args[0] : "http://localhost:8081");
    URI query = URI.create(args.length > 1 ? args[1] : "http://localhost:8080");
    new DemoAgent(ingest, query).run();
  }

  private void run() throws InterruptedException {
    long now = System.currentTimeMillis() / TICK_MS * TICK_MS;
    long first = now - BACKFILL * TICK_MS;
    System.out.printf(
        "[demo-agent] backfilling %d s of history for %d monitors ...%n",
        BACKFILL, monitors.size());
    List<Sample> batch = new ArrayList<>();
    for (int t = 0; t < BACKFILL; t++) {
      for (DemoMonitor m : monitors) {
        samplesAt(m, t, first + t * TICK_MS, false, batch);
      }
      if (batch.size() >= 1000 || t == BACKFILL - 1) {
        post(batch);
        batch.clear();
      }
    }
    System.out.println(
        "[demo-agent] backfill done; now one sample per metric per second (Ctrl-C stops)");
    if (incidentLog != null) {
      incidentLog.printf(
          "#\tbackfill\t%d\t%d\t%d%n", first, first + BACKFILL * TICK_MS, monitors.size());
    }
    long start = System.currentTimeMillis();
    int tick = BACKFILL;
    long nextReport = start + 15_000;
    while (true) {
      long ts = first + tick * TICK_MS;
      long wait = ts - System.currentTimeMillis();
      if (wait > 0) {
        Thread.sleep(wait);
      }
      int live = tick - BACKFILL;
      for (DemoMonitor m : monitors) {
        samplesAt(m, tick, ts, true, batch, live);
      }
      postMisconfigured(batch, live);
      post(batch);
      batch.clear();
      tick++;
      if (System.currentTimeMillis() >= nextReport) {
        report();
        nextReport += 15_000;
      }
    }
  }

  private void samplesAt(DemoMonitor m, int t, long ts, boolean live, List<Sample> out) {
    samplesAt(m, t, ts, live, out, -1);
  }

  /** Appends the samples of monitor {@code m} at tick {@code t}; incidents happen only live. */
  private void samplesAt(
      DemoMonitor m, int t, long ts, boolean live, List<Sample> out, int liveTick) {
    // ticks since the monitor's latest incident began (-1 before its first): irregular intervals
    int phase = live ? incidentPhase(m.name(), liveTick) : -1;
    boolean outageUnderway =
        m.incident() == Incident.OUTAGE && liveTick == 0 && phase > 0 && phase < 45;
    if (live
        && incidentLog != null
        && durationTicks(m.incident()) > 0
        && ((phase == 0 && (m.incident() == Incident.OUTAGE || liveTick >= 20))
            || outageUnderway)) {
      // monitor, kind, metric (* = every metric, or the monitor itself), first and last tick
      String metric =
          m.incident() == Incident.MULTI_METRIC || m.incident() == Incident.OUTAGE
              ? "*"
              : m.metrics().get(0).name();
      incidentLog.printf(
          "%s\t%s\t%s\t%d\t%d%n",
          m.name(),
          m.incident(),
          metric,
          ts,
          ts + (durationTicks(m.incident()) - 1 - Math.max(0, phase)) * TICK_MS);
    }
    if (live && m.incident() == Incident.OUTAGE && phase >= 0 && phase < 45) {
      return; // silent: an outage
    }
    for (int i = 0; i < m.metrics().size(); i++) {
      DemoMetric metric = m.metrics().get(i);
      double daily = Math.sin(2 * Math.PI * t / DAY_TICKS + m.name().length());
      double v =
          metric.base() + metric.amplitude() * daily + metric.noise() * random.nextGaussian();
      if (live && liveTick >= 20) {
        v = incident(m.incident(), metric, v, phase, i);
      }
      v = Math.max(metric.min(), Math.min(metric.max(), v));
      out.add(
          new Sample(
              m.name(), metric.name(), Map.of("env", "demo"), ts, Math.round(v * 100) / 100.0));
    }
  }

  /** Shortest and longest live ticks between two incidents of one monitor. */
  static final int MIN_INCIDENT_GAP = 600;

  static final int MAX_INCIDENT_GAP = 1200;

  /**
   * Ticks since the latest incident of {@code monitor} began at or before live tick {@code
   * liveTick}, or -1 before its first. The first begins 20 to 59 s into the live demo (spread by
   * monitor), the next ones 10 to 20 minutes apart at intervals drawn from a generator seeded by
   * the monitor's name: not periodic (so no detector can learn them as a season, as it could the
   * fixed 150 s cycle before), and the same in every run.
   */
  static int incidentPhase(String monitor, int liveTick) {
    int start = 20 + Math.abs(monitor.hashCode() % 40);
    if (liveTick < start) {
      return -1;
    }
    Random gaps = new Random(monitor.hashCode());
    while (true) {
      int next = start + MIN_INCIDENT_GAP + gaps.nextInt(MAX_INCIDENT_GAP - MIN_INCIDENT_GAP + 1);
      if (next > liveTick) {
        return liveTick - start;
      }
      start = next;
    }
  }

  private static double incident(
      Incident incident, DemoMetric metric, double v, int phase, int metricIndex) {
    if (phase < 0) {
      return v;
    }
    switch (incident) {
      case SPIKE:
        return phase == 0 && metricIndex == 0
            ? v + 12 * metric.amplitude() + 30 * metric.noise()
            : v;
      case LEVEL_SHIFT:
        return phase < 60 && metricIndex == 0
            ? v + 4 * metric.amplitude() + 10 * metric.noise()
            : v;
      case DROPOUT:
        return phase < 12 && metricIndex == 0 ? 0 : v;
      case MULTI_METRIC:
        return phase < 20 ? v + 6 * metric.amplitude() + 20 * metric.noise() : v;
      default:
        return v;
    }
  }

  /**
   * In its bad minute, the misconfigured monitor's last metric is stamped in seconds: those samples
   * leave the batch and go in a request of their own, which ingest rejects (too old).
   */
  private void postMisconfigured(List<Sample> batch, int liveTick) {
    int phase = Math.floorMod(liveTick, MISCONFIGURED_CYCLE);
    if (phase < MISCONFIGURED_FROM || phase >= MISCONFIGURED_UNTIL) {
      return;
    }
    List<Sample> wrong = new ArrayList<>();
    for (DemoMonitor m : monitors) {
      if (m.incident() != Incident.MISCONFIGURED) {
        continue;
      }
      String metric = m.metrics().get(m.metrics().size() - 1).name();
      batch.removeIf(
          s -> {
            if (s.monitor().equals(m.name()) && s.metric().equals(metric)) {
              wrong.add(
                  new Sample(s.monitor(), s.metric(), s.labels(), s.timestamp() / 1000, s.value()));
              return true;
            }
            return false;
          });
    }
    if (phase == MISCONFIGURED_FROM) {
      System.out.printf(
          "[demo-agent] for %d s, one metric of each misconfigured monitor is stamped in seconds"
              + " (ingest rejects it: status errors)%n",
          MISCONFIGURED_UNTIL - MISCONFIGURED_FROM);
    }
    postExpecting(wrong, 400);
  }

  private void post(List<Sample> samples) {
    postExpecting(samples, 202);
  }

  /**
   * Posts {@code samples}, retrying on 5xx; says so when ingest answers other than {@code
   * expected}.
   */
  private void postExpecting(List<Sample> samples, int expected) {
    if (samples.isEmpty()) {
      return;
    }
    byte[] body = Json.write(Map.of("samples", samples));
    for (int attempt = 1; ; attempt++) {
      try {
        HttpRequest.Builder request =
            HttpRequest.newBuilder(ingest.resolve("/api/v1/samples"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!token.isEmpty()) {
          request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == expected) {
          return;
        }
        System.out.printf("[demo-agent] ingest answered %d: %s%n", r.statusCode(), r.body());
        if (r.statusCode() < 500 || attempt >= 5) {
          return;
        }
      } catch (Exception e) {
        System.out.printf("[demo-agent] ingest unreachable (%s), retrying%n", e.getMessage());
        if (attempt >= 5) {
          return;
        }
      }
      try {
        Thread.sleep(1000L * attempt);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void report() {
    try {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(query.resolve("/api/monitors?limit=500"))
                  .timeout(Duration.ofSeconds(10))
                  .header("Authorization", "Bearer " + DevStack.apiKey())
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        System.out.printf("[demo-agent] query-service answered %d%n", r.statusCode());
        return;
      }
      JsonNode list = Json.MAPPER.readTree(r.body());
      if (list.has("items")) {
        list = list.get("items");
      }
      Map<String, Integer> counts = new TreeMap<>();
      list.forEach(m -> counts.merge(m.path("status").asText("?"), 1, Integer::sum));
      HttpResponse<byte[]> a =
          http.send(
              HttpRequest.newBuilder(query.resolve("/api/anomalies?limit=1000"))
                  .timeout(Duration.ofSeconds(10))
                  .header("Authorization", "Bearer " + DevStack.apiKey())
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      JsonNode anomalies = Json.MAPPER.readTree(a.body());
      if (anomalies.has("items")) {
        anomalies = anomalies.get("items");
      }
      System.out.printf(
          "[demo-agent] monitors by status %s, anomalies so far %d%n", counts, anomalies.size());
    } catch (Exception e) {
      System.out.printf("[demo-agent] query-service not answering yet (%s)%n", e.getMessage());
    }
  }
}
