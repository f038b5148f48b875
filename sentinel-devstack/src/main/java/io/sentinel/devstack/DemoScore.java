package io.sentinel.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentinel.contract.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code DemoScore QUERY_URL INCIDENTS_FILE}: compares the anomalies and outages the query-service
 * reports with the incidents the demo agent injected (the file it writes when {@code
 * SENTINEL_DEMO_INCIDENTS} is set) and prints precision, recall and false alerts per monitor-hour.
 *
 * <p>An alert is true when it starts, on the incident's monitor (and metric, unless the incident
 * concerns every metric), between the incident's first sample and {@value #GRACE_MS} ms after its
 * last; outages match only outage incidents. Precision is over the alerts started in the live part
 * after a settling minute ({@link #SETTLE_MS}); recall over the incidents that ended at least the
 * grace period before the end of the run. Every alert of the backfill, which has no incidents, is
 * false and counted apart.
 */
public final class DemoScore {
  /** How long after an incident's last sample an alert still belongs to it. */
  static final long GRACE_MS = 60_000;

  /**
   * Alerts starting this soon after the first live tick are counted apart, not scored: when the
   * backfill ends, the first live samples can arrive seconds late on a loaded machine, and every
   * monitor then shows a short silence that is the demo's handoff, not the system's detection.
   */
  static final long SETTLE_MS = 60_000;

  /** An injected incident; metric "*" means every metric of the monitor (or the monitor itself). */
  public record Incident(String monitor, String kind, String metric, long startMs, long endMs) {}

  /** An anomaly (metric set) or an outage (metric null) from the API. */
  public record Alert(String monitor, String metric, long startMs, String explanation) {
    public boolean outage() {
      return metric == null;
    }
  }

  /** The comparison of a run. */
  public record Result(
      int liveAlerts,
      int trueAlerts,
      int incidents,
      int detectedIncidents,
      int backfillAlerts,
      int settlingAlerts,
      double monitorHours,
      List<Alert> falseAlerts,
      List<Incident> missed) {
    public double precision() {
      return liveAlerts == 0 ? Double.NaN : trueAlerts / (double) liveAlerts;
    }

    public double recall() {
      return incidents == 0 ? Double.NaN : detectedIncidents / (double) incidents;
    }

    public double falsePerMonitorHour() {
      return monitorHours <= 0 ? Double.NaN : falseAlerts.size() / monitorHours;
    }
  }

  private DemoScore() {}

  static boolean matches(Alert a, Incident i) {
    if (!a.monitor().equals(i.monitor())) {
      return false;
    }
    if (a.outage() != i.kind().equals("OUTAGE")) {
      return false;
    }
    if (!a.outage() && !i.metric().equals("*") && !i.metric().equals(a.metric())) {
      return false;
    }
    return a.startMs() >= i.startMs() && a.startMs() <= i.endMs() + GRACE_MS;
  }

  /**
   * Scores alerts against incidents.
   *
   * @param liveFromMs the first live tick (alerts before it belong to the backfill)
   * @param untilMs the end of the run
   * @param monitors monitors of the demo
   */
  public static Result score(
      List<Incident> incidents, List<Alert> alerts, long liveFromMs, long untilMs, int monitors) {
    int live = 0;
    int backfill = 0;
    int settling = 0;
    int trueAlerts = 0;
    List<Alert> falseAlerts = new ArrayList<>();
    for (Alert a : alerts) {
      if (a.startMs() < liveFromMs) {
        backfill++;
        continue;
      }
      if (a.startMs() < liveFromMs + SETTLE_MS) {
        settling++;
        continue;
      }
      live++;
      if (incidents.stream().anyMatch(i -> matches(a, i))) {
        trueAlerts++;
      } else {
        falseAlerts.add(a);
      }
    }
    int scored = 0;
    int detected = 0;
    List<Incident> missed = new ArrayList<>();
    for (Incident i : incidents) {
      if (i.endMs() + GRACE_MS > untilMs) {
        continue;
      }
      scored++;
      if (alerts.stream().anyMatch(a -> matches(a, i))) {
        detected++;
      } else {
        missed.add(i);
      }
    }
    double hours = monitors * Math.max(0, untilMs - liveFromMs - SETTLE_MS) / 3_600_000.0;
    return new Result(
        live, trueAlerts, scored, detected, backfill, settling, hours, falseAlerts, missed);
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: DemoScore QUERY_URL INCIDENTS_FILE");
      System.exit(2);
    }
    URI query = URI.create(args[0]);
    List<Incident> incidents = new ArrayList<>();
    long liveFrom = -1;
    int monitors = 0;
    for (String line : Files.readAllLines(Path.of(args[1]))) {
      String[] c = line.split("\t");
      if (c[0].equals("#") && c.length >= 5 && c[1].equals("backfill")) {
        liveFrom = Long.parseLong(c[3]);
        monitors = Integer.parseInt(c[4]);
      } else if (c.length >= 5) {
        incidents.add(new Incident(c[0], c[1], c[2], Long.parseLong(c[3]), Long.parseLong(c[4])));
      }
    }
    if (liveFrom < 0) {
      System.err.println("demo-score: the demo agent never finished its backfill");
      System.exit(1);
    }
    long until = System.currentTimeMillis();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    List<Alert> alerts = new ArrayList<>();
    for (JsonNode a : fetchAll(http, query, "/api/anomalies")) {
      alerts.add(
          new Alert(
              a.path("monitor").asText(),
              a.path("metric").asText(),
              instantMs(field(a, "started_at", "startedAt")),
              a.path("severity").asText("")
                  + " "
                  + a.path("explanation").asText(a.path("message").asText(""))));
    }
    for (JsonNode o : fetchAll(http, query, "/api/outages")) {
      alerts.add(
          new Alert(
              o.path("monitor").asText(),
              null,
              instantMs(field(o, "started_at", "startedAt")),
              o.path("cause").asText("")));
    }
    Result r = score(incidents, alerts, liveFrom, until, monitors);
    print(r, monitors, liveFrom, until, 15);
  }

  /**
   * Prints a run's comparison: counts, false alerts by monitor, the first {@code maxFalse} false
   * alerts with their explanations, the incidents no alert found, and the line {@code DEMO
   * precision=... recall=...}.
   */
  public static void print(Result r, int monitors, long liveFrom, long until, int maxFalse) {
    System.out.printf(
        Locale.ROOT,
        "demo-score: %d monitors, %.1f live minutes; %d incidents injected and over, %d alerts live"
            + " (anomalies and outages), %d during the backfill (no incidents there), %d in the"
            + " first %d s of live (handoff, not scored)%n",
        monitors,
        (until - liveFrom) / 60_000.0,
        r.incidents(),
        r.liveAlerts(),
        r.backfillAlerts(),
        r.settlingAlerts(),
        SETTLE_MS / 1000);
    Map<String, Integer> byMonitor = new TreeMap<>();
    r.falseAlerts().forEach(a -> byMonitor.merge(a.monitor(), 1, Integer::sum));
    System.out.println("false alerts by monitor: " + byMonitor);
    r.falseAlerts().stream()
        .limit(maxFalse)
        .forEach(
            a ->
                System.out.printf(
                    Locale.ROOT,
                    "  false: %s %s %s %s%n",
                    Instant.ofEpochMilli(a.startMs()),
                    a.monitor(),
                    a.outage() ? "(outage)" : a.metric(),
                    a.explanation()));
    r.missed()
        .forEach(
            i ->
                System.out.printf(
                    Locale.ROOT,
                    "  missed: %s %s %s %s (%d s)%n",
                    Instant.ofEpochMilli(i.startMs()),
                    i.monitor(),
                    i.metric(),
                    i.kind(),
                    (i.endMs() - i.startMs()) / 1000 + 1));
    System.out.printf(
        Locale.ROOT,
        "DEMO precision=%.3f recall=%.3f false_alerts_per_monitor_hour=%.2f (%d of %d incidents"
            + " found, %d of %d alerts true)%n",
        r.precision(),
        r.recall(),
        r.falsePerMonitorHour(),
        r.detectedIncidents(),
        r.incidents(),
        r.trueAlerts(),
        r.liveAlerts());
  }

  /** The API writes snake_case; the camelCase name is accepted too. */
  private static JsonNode field(JsonNode n, String name, String alternative) {
    return n.has(name) ? n.get(name) : n.path(alternative);
  }

  private static long instantMs(JsonNode n) {
    if (n.isNumber()) {
      return (long) (n.asDouble() * 1000);
    }
    return Instant.parse(n.asText()).toEpochMilli();
  }

  private static List<JsonNode> fetchAll(HttpClient http, URI query, String path)
      throws IOException, InterruptedException {
    List<JsonNode> all = new ArrayList<>();
    int limit = 500;
    for (int offset = 0; ; offset += limit) {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(query.resolve(path + "?limit=" + limit + "&offset=" + offset))
                  .timeout(Duration.ofSeconds(30))
                  .header("Authorization", "Bearer " + DevStack.apiKey())
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new IOException(path + " answered " + r.statusCode());
      }
      JsonNode page = Json.MAPPER.readTree(r.body());
      if (page.has("items")) {
        page = page.get("items");
      }
      page.forEach(all::add);
      if (page.size() < limit) {
        return all;
      }
    }
  }
}
