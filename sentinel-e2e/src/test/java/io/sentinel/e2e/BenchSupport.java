package io.sentinel.e2e;

import io.sentinel.contract.Json;
import io.sentinel.contract.Sample;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * What the benchmarks on the packaged stack share ({@link LatencyBench}, {@link NotifyBench}):
 * samples posted to ingest as an agent does ({@link Agents}: training history, then a fixed rate
 * with spikes), latencies and their percentiles, the machine's load, timestamped progress lines.
 */
final class BenchSupport {
  private BenchSupport() {}

  /** What a benchmark does, failing as it may. */
  interface Run {
    void run() throws Exception;
  }

  /** The {@code --name value} pairs of a command line, by name. */
  static Map<String, String> options(String[] args) {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    return opts;
  }

  /**
   * Runs a benchmark and exits: 0 after it, 1 (with the stack trace) when it fails; {@code stop}
   * stops its services, also when the JVM is interrupted (a shutdown hook named {@code hook}).
   */
  static void runAndExit(String hook, Runnable stop, Run bench) {
    Runtime.getRuntime().addShutdownHook(new Thread(stop, hook));
    try {
      bench.run();
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(1); // the shutdown hook stops the services
    }
    System.exit(0);
  }

  /** A JSON batch of samples for ingest, with the stack's agent token. */
  static HttpRequest samplesRequest(Pipeline pipeline, List<Sample> samples) {
    return HttpRequest.newBuilder(pipeline.ingest.url("/api/v1/samples"))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + pipeline.agentToken)
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(Map.of("samples", samples))))
        .build();
  }

  /** Posts a batch and insists on 202. */
  static void postSamples(HttpClient http, Pipeline pipeline, List<Sample> samples)
      throws Exception {
    HttpResponse<String> r =
        http.send(samplesRequest(pipeline, samples), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 202) {
      throw new IllegalStateException("ingest answered " + r.statusCode() + ": " + r.body());
    }
  }

  /** For every key seen, seen time minus start time; sorted. */
  static long[] latencies(Map<String, Long> start, Map<String, Long> seen) {
    return start.entrySet().stream()
        .filter(e -> seen.containsKey(e.getKey()))
        .mapToLong(e -> seen.get(e.getKey()) - e.getValue())
        .sorted()
        .toArray();
  }

  /** The {@code p} percentile of sorted figures, right-aligned in {@code width} characters. */
  static String pct(long[] sorted, double p, int width) {
    if (sorted.length == 0) {
      return String.format(Locale.ROOT, "%" + width + "s", "n/a");
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return String.format(Locale.ROOT, "%," + width + "d", sorted[Math.max(0, i)]);
  }

  /** The three load averages, as /proc/loadavg has them. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (Exception e) {
      return "n/a";
    }
  }

  /** The one-minute load average. */
  static double loadAverage1() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (Exception e) {
      return Double.NaN;
    }
  }

  static void waitFor(String what, int seconds, BooleanSupplier ok) {
    org.awaitility.Awaitility.await(what)
        .atMost(Duration.ofSeconds(seconds))
        .until(ok::getAsBoolean);
  }

  /** A progress line with the wall-clock time. */
  static void log(String format, Object... args) {
    System.out.printf(
        Locale.ROOT,
        "[%tT] %s%n",
        System.currentTimeMillis(),
        String.format(Locale.ROOT, format, args));
  }

  /**
   * The benchmark's agents: one value per series around a sine with noise, at strictly increasing
   * timestamps; {@link #preload} trains every series, {@link Generator} sends at a fixed rate. The
   * benchmarks differ in the series' names, the tick and what a spike is.
   */
  static final class Agents {
    private final HttpClient http;
    private final Pipeline pipeline;
    private final int series;
    private final int rate;
    private final IntFunction<String> monitor;
    private final IntFunction<String> metric;
    private final Random random = new Random(7);

    /** Per series: the last timestamp sent (strictly increasing). */
    private final long[] lastTs;

    /**
     * @param series how many series, numbered from 0
     * @param rate samples per second, all series together
     * @param monitor the monitor of series {@code s}
     * @param metric the metric of series {@code s}
     */
    Agents(
        HttpClient http,
        Pipeline pipeline,
        int series,
        int rate,
        IntFunction<String> monitor,
        IntFunction<String> metric) {
      this.http = http;
      this.pipeline = pipeline;
      this.series = series;
      this.rate = rate;
      this.monitor = monitor;
      this.metric = metric;
      this.lastTs = new long[series];
    }

    /** A usual value of series {@code s}. */
    double normal(int s) {
      return 100 + 10 * Math.sin(s + lastTs[s] / 60_000.0) + random.nextGaussian();
    }

    /** The next sample of series {@code s}: at the scheduled time, after its previous one. */
    Sample sample(int s, long scheduled, double value) {
      long ts = Math.max(scheduled, lastTs[s] + 1);
      lastTs[s] = ts;
      return new Sample(monitor.apply(s), metric.apply(s), Map.of(), ts, value);
    }

    /**
     * Trains every series: history with past timestamps ending now, 255 to 504 samples (past the
     * warm-up and scoring start), so that retrainings of the measured run are spread over the
     * series.
     */
    void preload() throws Exception {
      long now = System.currentTimeMillis();
      long interval = 1000L * series / rate;
      int[] history = new int[series];
      int maxHistory = 0;
      for (int s = 0; s < series; s++) {
        history[s] = 255 + (s * 97) % 250;
        maxHistory = Math.max(maxHistory, history[s]);
      }
      long t0 = System.nanoTime();
      List<Sample> batch = new ArrayList<>();
      int total = 0;
      for (int i = 0; i < maxHistory; i++) {
        for (int s = 0; s < series; s++) {
          int back = history[s] - i;
          if (back <= 0) {
            continue;
          }
          lastTs[s] = now - back * interval;
          batch.add(new Sample(monitor.apply(s), metric.apply(s), Map.of(), lastTs[s], normal(s)));
          if (batch.size() == 5_000) {
            postSamples(http, pipeline, batch);
            total += batch.size();
            batch.clear();
          }
        }
      }
      if (!batch.isEmpty()) {
        postSamples(http, pipeline, batch);
        total += batch.size();
      }
      double elapsed = (System.nanoTime() - t0) / 1e9;
      log(
          "preloaded %,d history samples in %.1f s (%.0f samples/s through ingest)",
          total, elapsed, total / elapsed);
    }
  }

  /** What a benchmark adds to a tick's batch: a spike sample, or null. */
  interface Spikes {
    /**
     * @param tick the tick's number, from 0
     * @param scheduled the tick's scheduled time (ms)
     */
    Sample next(long tick, long scheduled);
  }

  /**
   * Agents at a fixed rate: every tick a batch of {@code perTick} samples (the series in turn)
   * stamped with the tick's scheduled time, plus the spike {@link Spikes} asks for, sent
   * asynchronously (open loop); the generator's own lag behind its schedule is kept per batch.
   */
  static final class Generator implements Runnable {
    private final Agents agents;
    private final Thread thread;
    private final long tickMs;
    private final int perTick;
    private final Semaphore inFlight;
    private final Spikes spikes;
    private final List<Long> lag = new ArrayList<>(); // dispatch − schedule, per batch, ms
    final AtomicLong failures = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    private volatile boolean running = true;
    private int next;

    /**
     * @param maxInFlight most requests in flight at once
     */
    Generator(
        Agents agents, String name, long tickMs, int perTick, int maxInFlight, Spikes spikes) {
      this.agents = agents;
      this.thread = new Thread(this, name);
      this.tickMs = tickMs;
      this.perTick = perTick;
      this.inFlight = new Semaphore(maxInFlight);
      this.spikes = spikes;
    }

    void start() {
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
    }

    /** The lag of each batch from the {@code from}th on (ms), in order. */
    synchronized long[] lagSince(int from) {
      return lag.subList(from, lag.size()).stream().mapToLong(Long::longValue).toArray();
    }

    synchronized int lagCount() {
      return lag.size();
    }

    /** The lag of every batch (ms), sorted. */
    synchronized long[] lag() {
      return lag.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    @Override
    public void run() {
      long start = System.currentTimeMillis();
      for (long k = 0; running; k++) {
        long scheduled = start + k * tickMs;
        long wait = scheduled - System.currentTimeMillis();
        if (wait > 0) {
          LockSupport.parkNanos(wait * 1_000_000);
        }
        List<Sample> batch = new ArrayList<>(perTick + 1);
        for (int i = 0; i < perTick; i++) {
          int s = (next + i) % agents.series;
          batch.add(agents.sample(s, scheduled, agents.normal(s)));
        }
        next = (next + perTick) % agents.series;
        Sample spike = spikes.next(k, scheduled);
        if (spike != null) {
          batch.add(spike);
        }
        inFlight.acquireUninterruptibly();
        synchronized (this) {
          lag.add(System.currentTimeMillis() - scheduled);
        }
        agents
            .http
            .sendAsync(
                samplesRequest(agents.pipeline, batch), HttpResponse.BodyHandlers.discarding())
            .whenComplete(
                (r, e) -> {
                  inFlight.release();
                  if (e != null || r.statusCode() != 202) {
                    failures.incrementAndGet();
                  } else {
                    sent.addAndGet(batch.size());
                  }
                });
      }
    }
  }
}
