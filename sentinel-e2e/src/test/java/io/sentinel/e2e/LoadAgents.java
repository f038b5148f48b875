package io.sentinel.e2e;

import io.sentinel.contract.Json;
import io.sentinel.contract.Sample;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Agents sending at a known rate, as Prometheus' remote write does: each agent samples its monitors
 * every tick into a queue (the timestamps are the sampling times, whatever happens downstream) and
 * one sender per agent drains the queue in order, retrying a batch with exponential backoff until
 * it is answered 202. Counts, per monitor, every sample that was answered 202.
 */
final class LoadAgents implements AutoCloseable {
  static final String METRIC = "load";
  static final Map<String, String> LABELS = Map.of("source", "chaos");
  private static final int MAX_BATCH = 2_000;
  private static final Duration MIN_BACKOFF = Duration.ofMillis(30);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

  private final Supplier<URI> ingest;
  private final String token;
  private final List<String> monitors;
  private final int agents;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<String, AtomicLong> acknowledged = new ConcurrentHashMap<>();
  private final Map<String, Long> lastTimestamp = new ConcurrentHashMap<>();

  /** monitor → epoch minute → samples answered 202 (to locate a difference). */
  private final Map<String, Map<Long, AtomicLong>> perMinute = new ConcurrentHashMap<>();

  private final AtomicLong sampled = new AtomicLong();

  /** monitor → the longest gap between two of its consecutive sampling times (ms). */
  private final Map<String, Long> maxGap = new ConcurrentHashMap<>();

  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private final List<LinkedBlockingQueue<Sample>> queues = new ArrayList<>();
  private volatile long intervalNanos;
  private volatile boolean running;
  private volatile String spikeMonitor;
  private volatile double spikeValue;

  /**
   * @param ingest where ingest-service is (asked before every request: a restarted service may
   *     move)
   * @param prefix monitor names are {@code prefix-N}
   */
  LoadAgents(Supplier<URI> ingest, String token, String prefix, int agents, int monitorsPerAgent) {
    this.ingest = ingest;
    this.token = token;
    this.agents = agents;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < agents * monitorsPerAgent; i++) {
      names.add(prefix + "-" + i);
    }
    this.monitors = List.copyOf(names);
    names.forEach(m -> acknowledged.put(m, new AtomicLong()));
  }

  List<String> monitors() {
    return monitors;
  }

  /**
   * Sends {@code n} samples per monitor, one a second, ending a second ago, so the detection of
   * every series is past its warm-up before the load starts. Sent in time order, every monitor's
   * sample of one second before the next second's, as agents sending together would. Blocks until
   * all are answered 202.
   */
  void sendHistory(int n) throws Exception {
    long end = System.currentTimeMillis() - 1_000;
    Random random = new Random(7);
    List<Sample> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long ts = end - (n - 1 - i) * 1_000L;
      for (String m : monitors) {
        all.add(new Sample(m, METRIC, LABELS, ts, value(ts, random)));
      }
    }
    for (int from = 0; from < all.size(); from += MAX_BATCH) {
      sendUntilAccepted(all.subList(from, Math.min(all.size(), from + MAX_BATCH)));
    }
  }

  /** Starts sampling every monitor every {@code interval} and sending. */
  void start(Duration interval) {
    intervalNanos = interval.toNanos();
    running = true;
    int perAgent = monitors.size() / agents;
    for (int a = 0; a < agents; a++) {
      List<String> own = monitors.subList(a * perAgent, (a + 1) * perAgent);
      LinkedBlockingQueue<Sample> queue = new LinkedBlockingQueue<>();
      queues.add(queue);
      Thread sampler = new Thread(() -> sample(own, queue), "chaos-sampler-" + a);
      Thread sender = new Thread(() -> send(queue), "chaos-sender-" + a);
      sampler.setDaemon(true);
      sender.setDaemon(true);
      threads.add(sampler);
      threads.add(sender);
      sampler.start();
      sender.start();
    }
  }

  /** Changes the sampling interval (a burst: a tenth of it). */
  void interval(Duration interval) {
    intervalNanos = interval.toNanos();
  }

  /** The next sample of {@code monitor} has this value (an injected spike). */
  void spike(String monitor, double value) {
    spikeValue = value;
    spikeMonitor = monitor;
  }

  private void sample(List<String> own, LinkedBlockingQueue<Sample> queue) {
    Random random = new Random(own.get(0).hashCode());
    long next = System.nanoTime();
    while (running) {
      long now = System.currentTimeMillis();
      for (String m : own) {
        Long previous = lastTimestamp.get(m);
        long ts = Math.max(now, previous == null ? 0 : previous + 1);
        if (previous != null) {
          maxGap.merge(m, ts - previous, Math::max);
        }
        lastTimestamp.put(m, ts);
        double v = value(ts, random);
        if (m.equals(spikeMonitor)) {
          v = spikeValue;
          spikeMonitor = null;
        }
        queue.add(new Sample(m, METRIC, LABELS, ts, v));
        sampled.incrementAndGet();
      }
      next += intervalNanos;
      // pacing the load generator (not waiting for a condition)
      LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
    }
  }

  private void send(LinkedBlockingQueue<Sample> queue) {
    List<Sample> batch = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Sample first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        sendUntilAccepted(batch);
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Posts one batch until it is answered 202, backing off between attempts as Prometheus does. */
  private void sendUntilAccepted(List<Sample> batch) throws InterruptedException {
    byte[] body = Json.write(Map.of("samples", batch));
    long backoff = MIN_BACKOFF.toNanos();
    while (true) {
      requests.incrementAndGet();
      int status;
      try {
        status =
            http.send(
                    HttpRequest.newBuilder(ingest.get().resolve("/api/v1/samples"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
      } catch (IOException e) {
        status = -1; // refused, reset or timed out: the request may or may not have been written
      }
      if (status == 202) {
        for (Sample s : batch) {
          acknowledged.get(s.monitor()).incrementAndGet();
          perMinute
              .computeIfAbsent(s.monitor(), k -> new ConcurrentHashMap<>())
              .computeIfAbsent(s.timestamp() / 60_000, k -> new AtomicLong())
              .incrementAndGet();
        }
        return;
      }
      if (status >= 400 && status < 500 && status != 429 && status != 408) {
        // Prometheus drops a batch refused as bad: the checker reports it
        rejected.addAndGet(batch.size());
        return;
      }
      retries.incrementAndGet();
      LockSupport.parkNanos(backoff); // backoff before a retry (not waiting for a condition)
      backoff = Math.min(MAX_BACKOFF.toNanos(), backoff * 2);
    }
  }

  private static double value(long ts, Random random) {
    return 100 + 10 * Math.sin(2 * Math.PI * (ts / 1000 % 60) / 60.0) + random.nextGaussian();
  }

  /** Stops sampling and sends what is queued; returns when every sampled sample was answered. */
  void stop() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.join();
    }
  }

  /** Samples taken (by the samplers, history excluded). */
  long sampled() {
    return sampled.get();
  }

  long queued() {
    return queues.stream().mapToLong(LinkedBlockingQueue::size).sum();
  }

  long acknowledged() {
    return acknowledged.values().stream().mapToLong(AtomicLong::get).sum();
  }

  long acknowledged(String monitor) {
    return acknowledged.get(monitor).get();
  }

  /** Samples of {@code monitor} answered 202, per epoch minute of their timestamps. */
  Map<Long, Long> acknowledgedPerMinute(String monitor) {
    Map<Long, Long> m = new java.util.TreeMap<>();
    perMinute.getOrDefault(monitor, Map.of()).forEach((k, v) -> m.put(k, v.get()));
    return m;
  }

  /**
   * The longest gap between two consecutive samples the agent took of {@code monitor}: a starved
   * load generator really was silent, and an outage then is not false.
   */
  long maxSamplingGap(String monitor) {
    return maxGap.getOrDefault(monitor, 0L);
  }

  long lastTimestamp(String monitor) {
    return lastTimestamp.getOrDefault(monitor, 0L);
  }

  long requests() {
    return requests.get();
  }

  long retries() {
    return retries.get();
  }

  long rejected() {
    return rejected.get();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    threads.forEach(Thread::interrupt);
    for (Thread t : threads) {
      t.join();
    }
  }
}
