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
import java.util.TreeMap;

/**
 * The demo agent of {@code ./sentinel up}: a dozen monitors with realistic metrics (daily pattern
 * compressed into ten minutes, noise), first a backfill of recent history so the detector is past
 * its warm-up, then one sample per metric per second, with incidents at irregular intervals (10 to
 * 20 minutes apart per monitor): spikes, a level shift, a dropout to zero, several metrics of one
 * monitor at once, a monitor that goes silent for a while, and one whose exporter stamps one metric
 * in seconds instead of milliseconds for a minute every 15 minutes (ingest rejects it: status
 * Errors). Every 15 s it prints the monitors' status counts from the query-service. The samples and
 * incidents are {@link DemoData}'s; this class only sends them.
 */
public final class DemoAgent {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI ingest;
  private final URI query;

  /** The agent token ingest requires (env SENTINEL_AGENT_TOKEN); none on an open ingest. */
  private final String token = System.getenv().getOrDefault("SENTINEL_AGENT_TOKEN", "");

  /** The monitors, their samples and incidents. */
  private final DemoData data = new DemoData();

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

  private DemoAgent(URI ingest, URI query) {
    this.ingest = ingest;
    this.query = query;
  }

  public static void main(String[] args) throws Exception {
    URI ingest = URI.create(args.length > 0 ? args[0] : "http://localhost:8081");
    URI query = URI.create(args.length > 1 ? args[1] : "http://localhost:8080");
    new DemoAgent(ingest, query).run();
  }

  private void run() throws InterruptedException {
    long tickMs = DemoData.TICK_MS;
    int backfill = DemoData.BACKFILL;
    long now = System.currentTimeMillis() / tickMs * tickMs;
    long first = now - backfill * tickMs;
    System.out.printf(
        "[demo-agent] backfilling %d s of history for %d monitors ...%n",
        backfill, data.monitorCount());
    List<Sample> batch = new ArrayList<>();
    for (int t = 0; t < backfill; t++) {
      data.backfill(t, first + t * tickMs, batch);
      if (batch.size() >= 1000 || t == backfill - 1) {
        post(batch);
        batch.clear();
      }
    }
    System.out.println(
        "[demo-agent] backfill done; now one sample per metric per second (Ctrl-C stops)");
    if (incidentLog != null) {
      incidentLog.printf(
          "#\tbackfill\t%d\t%d\t%d%n", first, first + backfill * tickMs, data.monitorCount());
    }
    long start = System.currentTimeMillis();
    int tick = backfill;
    long nextReport = start + 15_000;
    List<Sample> wrong = new ArrayList<>();
    List<DemoScore.Incident> incidents = new ArrayList<>();
    while (true) {
      long ts = first + tick * tickMs;
      long wait = ts - System.currentTimeMillis();
      if (wait > 0) {
        Thread.sleep(wait);
      }
      int live = tick - backfill;
      data.live(live, ts, batch, wrong, incidents);
      if (incidentLog != null) {
        // monitor, kind, metric (* = every metric, or the monitor itself), first and last sample
        for (DemoScore.Incident i : incidents) {
          incidentLog.printf(
              "%s\t%s\t%s\t%d\t%d%n", i.monitor(), i.kind(), i.metric(), i.startMs(), i.endMs());
        }
      }
      incidents.clear();
      if (!wrong.isEmpty()) {
        if (!DemoData.misconfiguredAt(live - 1)) {
          System.out.printf(
              "[demo-agent] for %d s, one metric of each misconfigured monitor is stamped in"
                  + " seconds (ingest rejects it: status errors)%n",
              DemoData.MISCONFIGURED_UNTIL - DemoData.MISCONFIGURED_FROM);
        }
        postExpecting(wrong, 400);
        wrong.clear();
      }
      post(batch);
      batch.clear();
      tick++;
      if (System.currentTimeMillis() >= nextReport) {
        report();
        nextReport += 15_000;
      }
    }
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
