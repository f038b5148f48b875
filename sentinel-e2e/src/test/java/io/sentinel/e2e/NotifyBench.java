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
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sentinel.contract.Json;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Sample;
import io.sentinel.contract.Topics;
import io.sentinel.devstack.DevStack;
import io.sentinel.e2e.BenchSupport.Agents;
import io.sentinel.e2e.BenchSupport.Generator;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Notifications measured on the packaged stack: sample → webhook latency beside the same status
 * change on {@code /api/stream}, then a burst of events delivered through the outbox to the webhook
 * with its counts (published, materialized, expected, received, duplicates, outbox left, delivery
 * log) and the query-service's heap before and after.
 *
 * <p>The dev stack's Kafka and PostgreSQL run in this JVM with the agents and a webhook receiver
 * (JDK {@code HttpServer}); the three services are processes of their own. A {@code webhook}
 * channel pointing at the receiver and a policy (group by monitor, {@code --group-wait} seconds)
 * are created through {@code /api/notifications/channels} and {@code /policies} with the
 * query-service's admin key.
 *
 * <ol>
 *   <li><b>Latency.</b> Series are trained (history with past timestamps), then agents post {@code
 *       --rate} samples/s (open loop, every 100 ms, stamped with the scheduled time). Once a second
 *       one sample of a monitor with no alert so far is a spike: it becomes an anomaly, the
 *       monitor's status changes to critical, the change goes through the outbox to the webhook.
 *       Latency is counted from the spike's scheduled send time to the anomaly and the status
 *       change on the SSE stream (the live path) and to the webhook receiving the notification.
 *   <li><b>Burst.</b> {@code --burst} outage_started events for as many new monitors, published
 *       straight to {@code sentinel.events} as fast as the producer goes (what the detector sends
 *       when a whole fleet stops at once), while the agents keep sending. Progress lines every 5 s
 *       until every notification the policy implies arrived, or nothing moved for 2 minutes; then
 *       what became of a spike sent right after the burst (the canary).
 * </ol>
 *
 * <p>Nothing is asserted: the figures are printed. Usage: {@code ./sentinel notify-bench [--rate
 * 200] [--seconds 60] [--burst 10000] [--series 200] [--group-wait 1]}.
 */
public final class NotifyBench {
  private static final double SPIKE = 10_000;
  private static final long TICK_MS = 100;
  private static final String METRIC = "latency";
  private static final Set<String> FIRING = Set.of("down", "errors", "critical", "trouble");

  private final int rate;
  private final int seconds;
  private final int burst;
  private final int series;
  private final int groupWait;
  private final String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
  private final String monitorPrefix = "nb-" + run + "-m";
  private final String burstPrefix = "nb-" + run + "-b";
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Agents agents;

  private Pipeline pipeline;
  private HttpServer receiver;
  private ExecutorService receiverThreads;

  /** Spiked monitor → the spike's scheduled send time (ms). */
  private final Map<String, Long> spikes = new ConcurrentHashMap<>();

  /** Spiked monitor → when this JVM first saw its anomaly / status change / notification (ms). */
  private final Map<String, Long> sseAnomaly = new ConcurrentHashMap<>();

  private final Map<String, Long> sseStatus = new ConcurrentHashMap<>();
  private final Map<String, Long> hook = new ConcurrentHashMap<>();

  /** Monitors that had an alert (status change or notification) before any spike of ours. */
  private final Set<String> alerted = ConcurrentHashMap.newKeySet();

  /** Idempotency key → times received; the webhook's whole history. */
  private final Map<String, AtomicLong> keys = new ConcurrentHashMap<>();

  /** Burst: idempotency key → first arrival (ms); dedup keys; deliveries counted with repeats. */
  private final Map<String, Long> burstKeys = new ConcurrentHashMap<>();

  private final Set<String> burstDedupKeys = ConcurrentHashMap.newKeySet();
  private final AtomicLong burstDeliveries = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong sseBurstStatus = new AtomicLong();

  private final ConcurrentLinkedQueue<Integer> spikeRequests = new ConcurrentLinkedQueue<>();

  private NotifyBench(int rate, int seconds, int burst, int series, int groupWait) {
    this.rate = rate;
    this.seconds = seconds;
    this.burst = burst;
    this.series = series;
    this.groupWait = groupWait;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = options(args);
    NotifyBench bench =
        new NotifyBench(
            Integer.parseInt(opts.getOrDefault("rate", "200")),
            Integer.parseInt(opts.getOrDefault("seconds", "60")),
            Integer.parseInt(opts.getOrDefault("burst", "10000")),
            Integer.parseInt(opts.getOrDefault("series", "200")),
            Integer.parseInt(opts.getOrDefault("group-wait", "1")));
    runAndExit("notify-bench-stop", bench::close, bench::run);
  }

  private String monitor(int s) {
    return monitorPrefix + s;
  }

  private void run() throws Exception {
    log(
        "notify-bench: %,d samples/s over %,d monitors (one series each), %d s of spikes (one a"
            + " second), burst of %,d events, group wait %d s; %d cores, load average %s",
        rate,
        series,
        seconds,
        burst,
        groupWait,
        Runtime.getRuntime().availableProcessors(),
        loadAverage());
    DevStack.kafka();
    DevStack.postgres();
    log("dev stack up; starting the three services ...");
    pipeline = Pipeline.start("notify", Map.of());
    startReceiver();
    createChannelAndPolicy();
    SseRecorder stream = new SseRecorder(pipeline.query.url("/api/stream"), this::onSse);
    waitFor("SSE stream registered", 60, stream::ready);

    agents = new Agents(http, pipeline, series, rate, this::monitor, s -> METRIC);
    agents.preload();
    // every 100 ms a batch stamped with its scheduled time, at most 16 requests in flight
    Generator generator =
        new Generator(
            agents, "agents", TICK_MS, Math.max(1, (int) (rate * TICK_MS / 1000)), 16, this::spike);
    generator.start();
    waitForCatchUp();
    Latency latency = measureLatency(generator);
    printLatency(latency);

    // the agents keep sending through the burst (their monitors stay up)
    Burst b = runBurst();
    generator.stop();
    stream.close();
    printBurst(b);
  }

  // ---------------------------------------------------------------- webhook and API

  private void startReceiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    receiverThreads = Executors.newFixedThreadPool(8);
    receiver.setExecutor(receiverThreads);
    receiver.createContext("/hook", this::onWebhook);
    receiver.start();
    log("webhook receiver on http://127.0.0.1:%d/hook", receiver.getAddress().getPort());
  }

  private void onWebhook(HttpExchange x) throws java.io.IOException {
    long now = System.currentTimeMillis();
    try (x) {
      byte[] body = x.getRequestBody().readAllBytes();
      x.sendResponseHeaders(200, -1);
      JsonNode n = Json.MAPPER.readTree(body);
      String key = x.getRequestHeaders().getFirst("Idempotency-Key");
      if (key == null) {
        key = n.path("idempotency_key").asText();
      }
      received.incrementAndGet();
      if (keys.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet() > 1) {
        duplicates.incrementAndGet();
      }
      String monitor = n.path("monitor").asText();
      String kind = n.path("kind").asText();
      if (monitor.startsWith(burstPrefix)) {
        synchronized (burstKeys) {
          burstDeliveries.incrementAndGet();
          burstKeys.putIfAbsent(key, now);
        }
        burstDedupKeys.add(n.path("dedup_key").asText());
      } else if ("firing".equals(kind)) {
        if (spikes.containsKey(monitor)) {
          hook.putIfAbsent(monitor, now);
        } else {
          alerted.add(monitor);
        }
      }
    }
  }

  private long createChannelAndPolicy() throws Exception {
    Map<String, Object> channel = new HashMap<>();
    channel.put("name", "notify-bench webhook " + run);
    channel.put("type", "webhook");
    channel.put(
        "secrets", Map.of("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"));
    // the channel's own limit, at its maximum: the burst measures the pipeline, not the limit
    channel.put("rate_per_minute", 100_000);
    long channelId = api("/api/notifications/channels", channel).path("id").asLong();
    Map<String, Object> policy = new HashMap<>();
    policy.put("name", "notify-bench " + run);
    policy.put("channel_ids", List.of(channelId));
    policy.put("group_by", "monitor");
    policy.put("group_wait_seconds", groupWait);
    policy.put("group_interval_seconds", 300);
    policy.put("resolve_hold_seconds", 120);
    long policyId = api("/api/notifications/policies", policy).path("id").asLong();
    log(
        "webhook channel %d and policy %d (group by monitor, group wait %d s) created through the"
            + " API",
        channelId, policyId, groupWait);
    return channelId;
  }

  private JsonNode api(String path, Object body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(pipeline.query.url(path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + DevStack.TEST_API_KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201 && r.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
    }
    return Json.MAPPER.readTree(r.body());
  }

  private void onSse(SseRecorder.Event e) {
    JsonNode d = e.data();
    String monitor = d.path("monitor").asText();
    long now = System.currentTimeMillis();
    if ("status_changed".equals(e.type()) && FIRING.contains(d.path("status").asText())) {
      if (monitor.startsWith(burstPrefix)) {
        sseBurstStatus.incrementAndGet();
      } else if (spikes.containsKey(monitor)) {
        sseStatus.putIfAbsent(monitor, now);
      } else {
        alerted.add(monitor);
      }
    } else if ("anomaly".equals(e.type()) && spikes.containsKey(monitor)) {
      sseAnomaly.putIfAbsent(monitor, now);
    }
  }

  // ---------------------------------------------------------------- latency

  /** Once a second (while measuring) the spike {@link #spikeOne} asked for, if any. */
  private Sample spike(long tick, long scheduled) {
    Integer spike = spikeRequests.poll();
    if (spike == null) {
      return null;
    }
    spikes.put(monitor(spike), scheduled);
    return agents.sample(spike, scheduled, SPIKE);
  }

  /** Waits until the detector is less than a second of samples behind. */
  private void waitForCatchUp() throws Exception {
    long t0 = System.nanoTime();
    long lastLog = 0;
    while (true) {
      long lag = SoakIT.lag(pipeline.detectorAppId(), Topics.SAMPLES);
      if (lag < rate) {
        log(
            "detector caught up (lag %,d samples) after %.1f s",
            lag, (System.nanoTime() - t0) / 1e9);
        return;
      }
      if (System.nanoTime() - lastLog > 5e9) {
        lastLog = System.nanoTime();
        log("  waiting for the detector: lag %,d samples, load average %s", lag, loadAverage());
      }
      if (System.nanoTime() - t0 > 600e9) {
        throw new IllegalStateException("detector did not catch up in 10 minutes");
      }
      // a benchmark pacing its progress checks, not a test waiting for a condition
      Thread.sleep(500);
    }
  }

  private record Latency(
      long[] sseAnomaly,
      long[] sseStatus,
      long[] webhook,
      long[] webhookMinusSse,
      int spikes,
      int skipped,
      long[] generatorLag,
      long failures,
      double load) {}

  /** The next monitor to spike: never spiked, no alert of its own (a false anomaly) so far. */
  private int nextSpike;

  private int skipped;

  /** Asks the agents to spike a fresh monitor; answers it, null when none is left. */
  private String spikeOne() {
    while (nextSpike < series && alerted.contains(monitor(nextSpike))) {
      nextSpike++;
      skipped++;
    }
    if (nextSpike >= series) {
      return null;
    }
    spikeRequests.add(nextSpike);
    return monitor(nextSpike++);
  }

  private Latency measureLatency(Generator generator) throws Exception {
    log("latency: one spike a second for %d s ...", seconds);
    List<Double> loads = new ArrayList<>();
    for (int i = 1; i <= seconds; i++) {
      spikeOne();
      // a benchmark running for a fixed time, not a test waiting for a condition
      Thread.sleep(1000);
      loads.add(loadAverage1());
      if (i % 10 == 0) {
        log(
            "  %d s: %d spikes sent, %d status changes on /api/stream, %d notifications at the"
                + " webhook, load average %s",
            i, spikes.size(), sseStatus.size(), hook.size(), loadAverage());
      }
    }
    long deadline = System.currentTimeMillis() + 10_000 + groupWait * 1000L;
    while (System.currentTimeMillis() < deadline && !hook.keySet().containsAll(spikes.keySet())) {
      // the last spikes' way through: 10 s beyond the group wait is far past any figure worth
      // reporting (pacing, not a condition a test waits for)
      Thread.sleep(200);
    }
    Map<String, Long> sent = Map.copyOf(spikes);
    // late ones are not matched any more (a spike after the burst is)
    alerted.addAll(spikes.keySet());
    spikes.clear();
    List<Long> diff = new ArrayList<>();
    for (String m : sent.keySet()) {
      if (hook.containsKey(m) && sseStatus.containsKey(m)) {
        diff.add(hook.get(m) - sseStatus.get(m));
      }
    }
    return new Latency(
        latencies(sent, sseAnomaly),
        latencies(sent, sseStatus),
        latencies(sent, hook),
        diff.stream().mapToLong(Long::longValue).sorted().toArray(),
        sent.size(),
        skipped,
        generator.lag(),
        generator.failures.get(),
        loads.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
  }

  private void printLatency(Latency l) {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "sample -> notified, ms from the spike's scheduled send time (%,d samples/s, %,d monitors,"
            + " group wait %d s; %d spikes, %d monitors skipped for an earlier alert)%n",
        rate,
        series,
        groupWait,
        l.spikes,
        l.skipped);
    System.out.printf(
        Locale.ROOT,
        "%-42s %8s %8s %8s %8s  %s%n",
        "path",
        "p50",
        "p90",
        "p99",
        "max",
        "seen/spikes");
    row("live stream: anomaly on /api/stream", l.sseAnomaly, l.spikes);
    row("live stream: status_changed on /api/stream", l.sseStatus, l.spikes);
    row("notification: webhook received", l.webhook, l.spikes);
    long wait = groupWait * 1000L;
    row(
        "notification minus group wait",
        java.util.Arrays.stream(l.webhook).map(x -> x - wait).toArray(),
        l.spikes);
    row("webhook minus status_changed, per spike", l.webhookMinusSse, l.spikes);
    System.out.printf(
        Locale.ROOT,
        "bar: webhook p99 < 2,000 ms + group wait %,d ms = %,d ms: p99 %s ms%n",
        wait,
        2000 + wait,
        pct(l.webhook, 0.99, 8).trim());
    System.out.printf(
        Locale.ROOT,
        "agents: lag behind schedule p50 %s p99 %s ms, %d failed requests; load average (1 min)"
            + " mean %.2f%n%n",
        pct(l.generatorLag, 0.5, 8).trim(),
        pct(l.generatorLag, 0.99, 8).trim(),
        l.failures,
        l.load);
  }

  private static void row(String what, long[] sorted, int of) {
    System.out.printf(
        Locale.ROOT,
        "%-42s %8s %8s %8s %8s  %d/%d%n",
        what,
        pct(sorted, 0.5, 8),
        pct(sorted, 0.9, 8),
        pct(sorted, 0.99, 8),
        pct(sorted, 1.0, 8),
        sorted.length,
        of);
  }

  // ---------------------------------------------------------------- burst

  private record Burst(
      long published,
      double publishSeconds,
      long materialized,
      long statusChanges,
      long expected,
      Map<String, Long> deliveryLog,
      long attempts,
      long outboxLeft,
      long distinctReceived,
      long deliveries,
      long dedupKeys,
      long sseStatus,
      long[] toWebhook,
      double seconds,
      double heapBefore,
      double heapAfter,
      double rssBefore,
      double rssPeak,
      double rssAfter,
      String canary,
      boolean stalled) {}

  private Burst runBurst() throws Exception {
    long pid = pipeline.query.pid();
    log("burst: query-service heap after a full GC (jcmd) ...");
    double heapBefore = SoakIT.liveHeapMiB(pid);
    double rssBefore = rssMiB(pid);
    log("burst: publishing %,d outage_started events for as many monitors ...", burst);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStack.kafka().bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    long start = System.currentTimeMillis();
    long published;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
      for (int i = 0; i < burst; i++) {
        MonitorEvent e =
            MonitorEvent.outageStarted(
                "nb-" + run + "-burst-" + i,
                burstPrefix + i,
                start,
                "notify-bench burst: the whole fleet stopped");
        producer.send(new ProducerRecord<>(Topics.EVENTS, e.key(), Json.write(e)));
      }
      producer.flush();
      published = burst;
    }
    double publishSeconds = (System.currentTimeMillis() - start) / 1000.0;
    log("  %,d events acknowledged by Kafka in %.1f s", published, publishSeconds);
    // an ordinary alert behind the burst: how long the burst holds it back
    String canary = spikeOne();

    String like = burstPrefix + "%";
    double rssPeak = rssBefore;
    long lastProgress = System.currentTimeMillis();
    String lastState = "";
    long expected = 0;
    boolean stalled = false;
    while (true) {
      // the progress lines of a benchmark, every 5 s (pacing, not a test's wait)
      Thread.sleep(5000);
      long materialized =
          count(
              "SELECT count(*) FROM events WHERE type = 'outage_started' AND monitor LIKE ?", like);
      expected =
          count(
              "SELECT count(DISTINCT monitor) FROM events WHERE type = 'status_changed'"
                  + " AND status = 'down' AND monitor LIKE ?",
              like);
      long outbox = count("SELECT count(*) FROM notification_outbox");
      Map<String, Long> log = deliveryLog(like);
      long distinct;
      long deliveries;
      synchronized (burstKeys) {
        distinct = burstKeys.size();
        deliveries = burstDeliveries.get();
      }
      double rss = rssMiB(pid);
      rssPeak = Math.max(rssPeak, rss);
      log(
          "  %5.0f s: materialized %,d/%,d, outbox %,d, notifications %s, webhook %,d distinct"
              + " (%,d deliveries), query-service RSS %.0f MiB, load average %s",
          (System.currentTimeMillis() - start) / 1000.0,
          materialized,
          published,
          outbox,
          log,
          distinct,
          deliveries,
          rss,
          loadAverage());
      if (materialized == published
          && outbox == 0
          && distinct >= expected
          && !log.isEmpty()
          && log.getOrDefault("sent", 0L) >= expected) {
        break;
      }
      String state = materialized + "/" + outbox + "/" + log + "/" + distinct;
      if (!state.equals(lastState)) {
        lastState = state;
        lastProgress = System.currentTimeMillis();
      } else if (System.currentTimeMillis() - lastProgress > 120_000) {
        log("  nothing moved for 2 minutes: stopping here");
        stalled = true;
        break;
      }
    }
    double took = (System.currentTimeMillis() - start) / 1000.0;
    long canaryDeadline = System.currentTimeMillis() + 30_000;
    while (canary != null
        && !hook.containsKey(canary)
        && System.currentTimeMillis() < canaryDeadline) {
      // pacing the last look at the canary (at most 30 s), not a test's wait
      Thread.sleep(200);
    }
    // late copies of a notification would come from a retry: give them the poll interval and more
    Thread.sleep(5000);
    long[] toWebhook = burstKeys.values().stream().mapToLong(t -> t - start).sorted().toArray();
    if (toWebhook.length > 0) {
      // the last arrival, not the progress line that saw it
      took = toWebhook[toWebhook.length - 1] / 1000.0;
    }
    double heapAfter = SoakIT.liveHeapMiB(pid);
    return new Burst(
        published,
        publishSeconds,
        count("SELECT count(*) FROM events WHERE type = 'outage_started' AND monitor LIKE ?", like),
        count("SELECT count(*) FROM events WHERE type = 'status_changed' AND monitor LIKE ?", like),
        expected,
        deliveryLog(like),
        count(
            "SELECT count(*) FROM notification_attempts a JOIN notifications n"
                + " ON n.id = a.notification_id WHERE n.monitor LIKE ?",
            like),
        count("SELECT count(*) FROM notification_outbox"),
        burstKeys.size(),
        burstDeliveries.get(),
        burstDedupKeys.size(),
        sseBurstStatus.get(),
        toWebhook,
        took,
        heapBefore,
        heapAfter,
        rssBefore,
        rssPeak,
        rssMiB(pid),
        canary(canary),
        stalled);
  }

  /** What became of the spike sent right after the burst. */
  private String canary(String monitor) {
    if (monitor == null || !spikes.containsKey(monitor)) {
      return "not sent (no fresh monitor left)";
    }
    long t0 = spikes.get(monitor);
    Long sse = sseStatus.get(monitor);
    Long h = hook.get(monitor);
    return String.format(
        Locale.ROOT,
        "status_changed on /api/stream after %s ms, webhook after %s ms",
        sse == null ? "never" : String.format(Locale.ROOT, "%,d", sse - t0),
        h == null ? "never" : String.format(Locale.ROOT, "%,d", h - t0));
  }

  private void printBurst(Burst b) {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "burst: %,d outage_started events published straight to sentinel.events%n",
        b.published);
    String f = "%-52s %s%n";
    out(
        f,
        "events published (acknowledged by Kafka)",
        String.format("%,d in %.1f s", b.published, b.publishSeconds));
    out(f, "events materialized (outage_started rows)", String.format("%,d", b.materialized));
    out(f, "status changes materialized", String.format("%,d", b.statusChanges));
    out(f, "status changes on /api/stream (firing)", String.format("%,d", b.sseStatus));
    out(f, "notifications expected (group by monitor: one each)", String.format("%,d", b.expected));
    out(
        f,
        "notifications received (distinct idempotency keys)",
        String.format("%,d", b.distinctReceived));
    out(f, "distinct dedup keys received", String.format("%,d", b.dedupKeys));
    out(
        f,
        "deliveries received / duplicates",
        String.format("%,d / %,d", b.deliveries, b.deliveries - b.distinctReceived));
    out(
        f,
        "lost (expected, never received)",
        String.format("%,d", Math.max(0, b.expected - b.distinctReceived)));
    out(f, "outbox rows left", String.format("%,d", b.outboxLeft));
    out(f, "delivery log (notifications by status)", b.deliveryLog.toString());
    out(f, "delivery attempts", String.format("%,d", b.attempts));
    out(
        f,
        "publish -> webhook, ms first / p50 / p99 / max",
        String.format(
            "%s / %s / %s / %s",
            pct(b.toWebhook, 0, 8).trim(),
            pct(b.toWebhook, 0.5, 8).trim(),
            pct(b.toWebhook, 0.99, 8).trim(),
            pct(b.toWebhook, 1.0, 8).trim()));
    out(
        f,
        "last notification received after",
        String.format(
            "%.1f s (%.0f notifications/s)%s",
            b.seconds, b.distinctReceived / b.seconds, b.stalled ? ", STALLED" : ""));
    out(
        f,
        "query-service heap after full GC, before / after",
        String.format("%.1f / %.1f MiB", b.heapBefore, b.heapAfter));
    out(
        f,
        "query-service RSS before / peak / after",
        String.format("%.0f / %.0f / %.0f MiB", b.rssBefore, b.rssPeak, b.rssAfter));
    out(
        f,
        "webhook overall: received / duplicate deliveries",
        String.format("%,d / %,d", received.get(), duplicates.get()));
    out(f, "a spike sent right after the burst (canary)", b.canary);
    out(f, "load average", loadAverage());
  }

  private static void out(String format, String what, String value) {
    System.out.printf(Locale.ROOT, format, what, value);
  }

  private static Map<String, Long> deliveryLog(String like) throws Exception {
    Map<String, Long> out = new TreeMap<>();
    try (Connection c = Chaos.connect();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT status, count(*) FROM notifications WHERE monitor LIKE ? GROUP BY status")) {
      st.setString(1, like);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return out;
  }

  private static long count(String sql, Object... params) throws Exception {
    return Chaos.single(sql, params);
  }

  /** Resident memory of a process, from /proc. */
  private static double rssMiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (Exception e) {
      // not on Linux
    }
    return Double.NaN;
  }

  // ---------------------------------------------------------------- helpers

  private synchronized void close() {
    try {
      if (receiver != null) {
        receiver.stop(0);
        receiverThreads.shutdownNow();
        receiver = null;
      }
      if (pipeline != null) {
        pipeline.close();
        pipeline = null;
      }
    } catch (Exception e) {
      log("stopping the services: %s", e);
    }
  }
}
