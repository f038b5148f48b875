package io.sentinel.query.system;

import io.quarkus.scheduler.Scheduled;
import io.sentinel.contract.Topics;
import io.sentinel.query.live.EventFeed;
import io.sentinel.query.sql.Rows;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The self-watch: every {@code sentinel.system.check-interval} it probes the services, measures the
 * consumer groups' lags and the dead-letter topics, keeps the result for {@code GET /api/system},
 * and when detection stops or falls behind more than {@code sentinel.system.delay-threshold} logs a
 * {@value #DEGRADED} event in the event log (so it reaches the live stream), then {@value
 * #RECOVERED} when it is back. With several replicas each checks; the log gets each change once (an
 * advisory lock and the last logged state decide).
 */
@ApplicationScoped
public class PipelineCheck {
  /** Event type logged when detection stops or falls behind. */
  public static final String DEGRADED = "pipeline_degraded";

  /** Event type logged when detection is back. */
  public static final String RECOVERED = "pipeline_recovered";

  /** The monitor name of the pipeline's own events (the event log needs one). */
  public static final String PIPELINE = "sentinel-pipeline";

  private static final Logger LOG = Logger.getLogger(PipelineCheck.class);
  private static final DateTimeFormatter HH_MM =
      DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final long LOCK_KEY = 0x5e47_1e1L; // advisory lock of the pipeline state

  @Inject SystemConfig config;
  @Inject KafkaWatch kafka;
  @Inject ServiceProbe probe;
  @Inject EventFeed feed;
  @Inject Pool pool;

  private final LagClock detectorClock = new LagClock(10_000);
  private final LagClock queryClock = new LagClock(10_000);
  private final Map<String, Instant> lastSeenUp = new HashMap<>();
  private final Map<String, Long> deadLetterCounts = new HashMap<>();
  private final Map<String, List<DeadLetter>> newestDeadLetters = new HashMap<>();
  private int detectorFailures;
  private Map<String, Double> lastIngest;
  private Instant lastIngestAt;
  private String state = "unknown";
  private Instant stateSince = Instant.now();
  private volatile SystemView current;

  /** The latest measurement, null before the first. */
  public SystemView current() {
    return current;
  }

  /** Whether monitor statuses may be out of date now (detection delayed or stopped). */
  public boolean stale() {
    SystemView v = current;
    return config.checkEnabled() && v != null && v.detection().stale();
  }

  @Scheduled(
      every = "${sentinel.system.check-interval:2s}",
      delayed = "1s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    try {
      check();
    } catch (RuntimeException e) {
      LOG.warnf(e, "self-watch check failed");
    }
  }

  /** One check: measure, keep, and log a change of the pipeline's state. */
  public synchronized SystemView check() {
    Instant now = Instant.now();
    List<String> problems = new ArrayList<>();
    List<SystemView.Service> services = new ArrayList<>();

    SystemView.Service ingestService = service("ingest", config.ingestUrl(), now);
    services.add(ingestService);
    SystemView.Service detectorService = service("detector", config.detectorUrl(), now);
    services.add(detectorService);
    services.add(new SystemView.Service("query", "(this service)", true, true, now, null));
    detectorFailures = detectorService.up() ? 0 : detectorFailures + 1;

    SystemView.Ingest ingest = ingest(now, ingestService, problems);

    // Kafka: the two groups and the dead-letter topics
    Long detectorLag = null;
    Long detectorDelay = null;
    Integer members = null;
    String groupState = null;
    Long queryLag = null;
    Long queryDelay = null;
    try {
      KafkaWatch.GroupOffsets d = kafka.group(config.detectorGroup(), List.of(Topics.SAMPLES));
      detectorLag = d.lag();
      detectorDelay = detectorClock.delay(now, d.end(), d.committed()).toSeconds();
      members = d.members();
      groupState = d.state();
    } catch (Exception e) {
      problems.add("detector group: " + message(e));
    }
    try {
      KafkaWatch.GroupOffsets q =
          kafka.group(config.queryGroup(), List.of(Topics.EVENTS, Topics.ROLLUPS));
      queryLag = q.lag();
      queryDelay = queryClock.delay(now, q.end(), q.committed()).toSeconds();
    } catch (Exception e) {
      problems.add("query group: " + message(e));
    }
    List<SystemView.DeadLetterTopic> deadLetters = new ArrayList<>();
    for (String topic : KafkaWatch.DEAD_LETTER_TOPICS) {
      String source = topic.substring(0, topic.length() - Topics.DLQ_SUFFIX.length());
      try {
        // the newest records are read again only when the count changed
        long count = kafka.deadLetters(topic, 0).count();
        if (!Long.valueOf(count).equals(deadLetterCounts.get(topic))) {
          newestDeadLetters.put(
              topic, kafka.deadLetters(topic, config.newestDeadLetters()).newest());
          deadLetterCounts.put(topic, count);
        }
        List<DeadLetter> newest = newestDeadLetters.getOrDefault(topic, List.of());
        deadLetters.add(new SystemView.DeadLetterTopic(topic, source, count, newest));
      } catch (Exception e) {
        problems.add(topic + ": " + message(e));
      }
    }

    // PostgreSQL: the detector's newest outputs, the newest event materialized
    Instant newestEvent = null;
    Instant newestRollup = null;
    SystemView.LastEvent lastEvent = null;
    try {
      Row r =
          pool.query(
                  "SELECT (SELECT max(minute) FROM rollups) AS newest_rollup,"
                      + " e.seq, e.type, e.monitor, e.time, e.received_at, e.tenant"
                      + " FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT seq, type, monitor, time,"
                      + " received_at, tenant"
                      + " FROM events WHERE monitor <> '"
                      + PIPELINE
                      + "' AND type NOT LIKE 'maintenance\\_%' AND type <> 'status_changed'"
                      + " ORDER BY seq DESC LIMIT 1) e ON true")
              .execute()
              .await()
              .atMost(config.probeTimeout())
              .iterator()
              .next();
      newestRollup = Rows.instant(r, "newest_rollup");
      if (r.getLong("seq") != null) {
        newestEvent = Rows.instant(r, "time");
        lastEvent =
            new SystemView.LastEvent(
                r.getLong("seq"),
                r.getString("type"),
                r.getString("monitor"),
                newestEvent,
                Rows.instant(r, "received_at"),
                r.getString("tenant"));
      }
    } catch (RuntimeException e) {
      problems.add("database: " + message(e));
    }
    Instant lastProcessed = newer(newestEvent, newestRollup);

    SystemView.Detection detection =
        detection(now, detectorService, members, detectorDelay, lastProcessed);
    SystemView view =
        new SystemView(
            now,
            detection,
            List.copyOf(services),
            ingest,
            new SystemView.Detector(
                config.detectorGroup(),
                detectorLag,
                members,
                groupState,
                detectorDelay,
                lastProcessed,
                newestEvent,
                newestRollup),
            new SystemView.Query(config.queryGroup(), queryLag, queryDelay, lastEvent),
            List.copyOf(deadLetters),
            feed.listenerCount(),
            List.copyOf(problems));
    current = view;
    if (config.checkEnabled() && !"unknown".equals(detection.state())) {
      try {
        log(detection);
      } catch (RuntimeException e) {
        LOG.warnf("could not log the pipeline state: %s", message(e));
      }
    }
    return view;
  }

  private SystemView.Detection detection(
      Instant now,
      SystemView.Service detector,
      Integer members,
      Long delaySeconds,
      Instant lastProcessed) {
    long threshold = config.delayThreshold().toSeconds();
    String next;
    Instant stoppedAt = null;
    String message;
    boolean probeSaysStopped = detectorFailures >= config.stoppedAfterFailedProbes();
    boolean groupSaysStopped = members != null && members == 0;
    if (probeSaysStopped || groupSaysStopped) {
      next = "stopped";
      stoppedAt = detector.lastSeenUp() != null ? detector.lastSeenUp() : lastProcessed;
      message =
          "detection stopped"
              + (stoppedAt != null ? " at " + HH_MM.format(stoppedAt) : "")
              + (probeSaysStopped
                  ? " (detector-service not answering at " + detector.url() + ")"
                  : " (the detector's consumer group has no member)");
    } else if (delaySeconds != null && delaySeconds > threshold) {
      next = "delayed";
      message = "detection delayed by " + delaySeconds + " s";
    } else if (delaySeconds == null && members == null) {
      next = "unknown";
      message = "detection state unknown (Kafka not reachable)";
    } else {
      next = "ok";
      message = "detection up to date";
    }
    if (!next.equals(state)) {
      LOG.infof("self-watch: %s", message);
      state = next;
      stateSince = now;
    }
    boolean stale = next.equals("stopped") || next.equals("delayed");
    return new SystemView.Detection(
        next, stale, delaySeconds, threshold, stoppedAt, stateSince, message);
  }

  /** Logs a change of the pipeline's state once, however many replicas check. */
  private void log(SystemView.Detection d) {
    String wanted = d.stale() ? DEGRADED : RECOVERED;
    pool.withTransaction(
            conn ->
                conn.preparedQuery("SELECT pg_advisory_xact_lock($1)")
                    .execute(Tuple.of(LOCK_KEY))
                    .chain(
                        () ->
                            conn.preparedQuery(
                                    "SELECT type, time FROM events WHERE monitor = $1"
                                        + " ORDER BY seq DESC LIMIT 1")
                                .execute(Tuple.of(PIPELINE)))
                    .chain(
                        rows -> {
                          Row last = rows.size() == 0 ? null : rows.iterator().next();
                          String lastType = last == null ? RECOVERED : last.getString("type");
                          if (lastType.equals(wanted)) {
                            return io.smallrye.mutiny.Uni.createFrom().voidItem();
                          }
                          String message = d.message();
                          if (wanted.equals(RECOVERED) && last != null) {
                            Duration lasted =
                                Duration.between(Rows.instant(last, "time"), Instant.now());
                            message =
                                "detection back to normal after "
                                    + lasted.truncatedTo(ChronoUnit.SECONDS).toSeconds()
                                    + " s";
                          }
                          Instant at = Instant.now();
                          LOG.infof("%s: %s", wanted, message);
                          return conn.preparedQuery(
                                  "INSERT INTO events (event_id, type, monitor, time, message,"
                                      + " value) VALUES ($1, $2, $3, $4, $5, $6)"
                                      + " ON CONFLICT (event_id) DO NOTHING")
                              .execute(
                                  Tuple.tuple()
                                      .addString("pipeline:" + wanted + ":" + at.toEpochMilli())
                                      .addString(wanted)
                                      .addString(PIPELINE)
                                      .addValue(at.atOffset(ZoneOffset.UTC))
                                      .addString(message)
                                      .addValue(
                                          d.delaySeconds() == null
                                              ? null
                                              : d.delaySeconds().doubleValue()))
                              .replaceWithVoid();
                        }))
        .await()
        .atMost(config.probeTimeout().multipliedBy(2));
  }

  private SystemView.Service service(String name, String url, Instant now) {
    ServiceProbe.Answer live = probe.get(url + "/q/health/live");
    ServiceProbe.Answer ready = live.ok() ? probe.get(url + "/q/health/ready") : live;
    if (live.ok()) {
      lastSeenUp.put(name, now);
    }
    String detail =
        live.error() != null
            ? live.error()
            : !live.ok()
                ? "liveness answered " + live.status()
                : !ready.ok() ? "not ready: " + brief(ready.body()) : null;
    return new SystemView.Service(name, url, live.ok(), ready.ok(), lastSeenUp.get(name), detail);
  }

  private SystemView.Ingest ingest(Instant now, SystemView.Service svc, List<String> problems) {
    if (!svc.up()) {
      lastIngest = null;
      return null;
    }
    ServiceProbe.Answer metrics = probe.get(svc.url() + "/q/metrics");
    if (!metrics.ok()) {
      problems.add(
          "ingest metrics: " + (metrics.error() != null ? metrics.error() : metrics.status()));
      return null;
    }
    String accepted = "sentinel_ingest_samples_accepted_total";
    String rejected = "sentinel_ingest_samples_rejected_total";
    String requests = "sentinel_ingest_requests_rejected_total";
    String failed = "sentinel_ingest_samples_failed_total";
    Map<String, Double> sums =
        ServiceProbe.sums(metrics.body(), accepted, rejected, requests, failed);
    Double acceptedRate = null;
    Double rejectedRate = null;
    if (lastIngest != null) {
      double seconds = Duration.between(lastIngestAt, now).toMillis() / 1000.0;
      if (seconds > 0) {
        acceptedRate =
            Math.max(0, sums.getOrDefault(accepted, 0.0) - lastIngest.getOrDefault(accepted, 0.0))
                / seconds;
        double rejectedNow = sums.getOrDefault(rejected, 0.0) + sums.getOrDefault(requests, 0.0);
        double rejectedThen =
            lastIngest.getOrDefault(rejected, 0.0) + lastIngest.getOrDefault(requests, 0.0);
        rejectedRate = Math.max(0, rejectedNow - rejectedThen) / seconds;
      }
    }
    lastIngest = sums;
    lastIngestAt = now;
    return new SystemView.Ingest(
        sums.getOrDefault(accepted, 0.0),
        sums.getOrDefault(rejected, 0.0),
        sums.getOrDefault(requests, 0.0),
        sums.getOrDefault(failed, 0.0),
        acceptedRate,
        rejectedRate);
  }

  private static Instant newer(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  private static String brief(String s) {
    String one = s.replaceAll("\\s+", " ");
    return one.length() > 300 ? one.substring(0, 300) + "…" : one;
  }

  static String message(Throwable e) {
    Throwable c = e;
    while ((c instanceof java.util.concurrent.ExecutionException
            || c instanceof java.util.concurrent.CompletionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName() + (c.getMessage() != null ? ": " + c.getMessage() : "");
  }
}
