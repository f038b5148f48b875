package io.sentinel.devstack;

import io.sentinel.contract.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo's data, apart from any transport: its monitors and metrics, the samples of every tick
 * (daily pattern compressed into ten minutes, noise), and the incidents injected in the live part
 * at irregular intervals. {@link DemoAgent} posts them to ingest; the offline replay of {@code
 * ./sentinel demo-score --offline} feeds them to the detector topology directly. The generator is
 * seeded and consumed in tick order, so the same ticks give the same samples in both.
 */
public final class DemoData {
  /** Milliseconds between two ticks (one sample per metric per tick). */
  public static final long TICK_MS = 1000;

  private static final double DAY_TICKS = 600; // one compressed "day" every ten minutes

  /**
   * Five compressed days of history: the engine's range path must have seen the daily swing often
   * before the live samples begin, or the first trough looks like "below everything seen so far".
   */
  public static final int BACKFILL = 3000;

  /** Shortest and longest live ticks between two incidents of one monitor. */
  static final int MIN_INCIDENT_GAP = 600;

  static final int MAX_INCIDENT_GAP = 1200;

  /** Ticks of the misconfiguration cycle, and the part of it in which the exporter is wrong. */
  static final int MISCONFIGURED_CYCLE = 900;

  static final int MISCONFIGURED_FROM = 60;
  static final int MISCONFIGURED_UNTIL = 120;

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

  private final Random random = new Random(42);
  private final List<DemoMonitor> monitors = new ArrayList<>();

  public DemoData() {
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

  /** Monitors of the demo. */
  public int monitorCount() {
    return monitors.size();
  }

  /** Seconds an incident of each kind lasts (see {@link #incident} and the outage). */
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

  /** Appends every monitor's samples of backfill tick {@code t} (no incidents there). */
  public void backfill(int t, long ts, List<Sample> out) {
    for (DemoMonitor m : monitors) {
      samplesAt(m, t, ts, -1, out, null);
    }
  }

  /**
   * Appends every monitor's samples of live tick {@code liveTick} (tick {@link #BACKFILL} + {@code
   * liveTick} of the demo) to {@code accepted}, except the misconfigured exporter's samples stamped
   * in seconds in its bad minute, which go to {@code rejected} (ingest refuses them: they never
   * reach the detector); the incidents that begin at this tick (or are under way at the first live
   * tick) go to {@code incidents}.
   */
  public void live(
      int liveTick,
      long ts,
      List<Sample> accepted,
      List<Sample> rejected,
      List<DemoScore.Incident> incidents) {
    for (DemoMonitor m : monitors) {
      samplesAt(m, BACKFILL + liveTick, ts, liveTick, accepted, incidents);
    }
    misconfigured(accepted, rejected, liveTick, ts);
  }

  /** Appends the samples of monitor {@code m} at tick {@code t}; incidents happen only live. */
  private void samplesAt(
      DemoMonitor m,
      int t,
      long ts,
      int liveTick,
      List<Sample> out,
      List<DemoScore.Incident> incidents) {
    boolean live = liveTick >= 0;
    // ticks since the monitor's latest incident began (-1 before its first): irregular intervals
    int phase = live ? incidentPhase(m.name(), liveTick) : -1;
    boolean outageUnderway =
        m.incident() == Incident.OUTAGE && liveTick == 0 && phase > 0 && phase < 45;
    if (live
        && incidents != null
        && durationTicks(m.incident()) > 0
        && ((phase == 0 && (m.incident() == Incident.OUTAGE || liveTick >= 20))
            || outageUnderway)) {
      // monitor, kind, metric (* = every metric, or the monitor itself), first and last tick
      String metric =
          m.incident() == Incident.MULTI_METRIC || m.incident() == Incident.OUTAGE
              ? "*"
              : m.metrics().get(0).name();
      incidents.add(
          new DemoScore.Incident(
              m.name(),
              m.incident().name(),
              metric,
              ts,
              ts + (durationTicks(m.incident()) - 1 - Math.max(0, phase)) * TICK_MS));
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

  /** Whether live tick {@code liveTick} is in the misconfigured exporter's bad minute. */
  static boolean misconfiguredAt(int liveTick) {
    int phase = Math.floorMod(liveTick, MISCONFIGURED_CYCLE);
    return phase >= MISCONFIGURED_FROM && phase < MISCONFIGURED_UNTIL;
  }

  /**
   * In its bad minute, the misconfigured monitor's last metric is stamped in seconds: those samples
   * leave {@code batch} for {@code wrong}, a request of their own, which ingest rejects (too old).
   */
  private void misconfigured(List<Sample> batch, List<Sample> wrong, int liveTick, long ts) {
    if (!misconfiguredAt(liveTick)) {
      return;
    }
    for (DemoMonitor m : monitors) {
      if (m.incident() != Incident.MISCONFIGURED) {
        continue;
      }
      String metric = m.metrics().get(m.metrics().size() - 1).name();
      batch.removeIf(
          s -> {
            if (s.timestamp() == ts && s.monitor().equals(m.name()) && s.metric().equals(metric)) {
              wrong.add(
                  new Sample(s.monitor(), s.metric(), s.labels(), s.timestamp() / 1000, s.value()));
              return true;
            }
            return false;
          });
    }
  }
}
