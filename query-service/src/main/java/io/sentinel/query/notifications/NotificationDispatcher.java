package io.sentinel.query.notifications;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * Sends the due notifications. Every replica runs it: a batch is claimed with {@code FOR UPDATE
 * SKIP LOCKED} and a lease (status 'sending', lease_until), sent in parallel, and each outcome is
 * written with its attempt. A notification whose replica died mid-send is claimed again when its
 * lease expires and sent with the same idempotency key (header, and the dedup key of PagerDuty,
 * Opsgenie and Alertmanager), so the receiver sees one notification. Failures are retried with
 * exponential backoff and full jitter up to a number of attempts; each channel has a rate limit per
 * minute, counted on its attempts in the database so it holds across replicas.
 */
@ApplicationScoped
public class NotificationDispatcher {
  private static final Logger LOG = Logger.getLogger(NotificationDispatcher.class);

  private static final String CLAIM =
      """
      WITH budget AS (
        SELECT c.id, c.rate_per_minute - (SELECT count(*) FROM notification_attempts a
                                           WHERE a.channel_id = c.id
                                             AND a.at > now() - interval '1 minute') AS left_
          FROM notification_channels c
      ), locked AS (
        SELECT id, channel_id, next_attempt_at
          FROM notifications
         WHERE status IN ('pending', 'sending') AND next_attempt_at <= now()
           AND (lease_until IS NULL OR lease_until < now())
           -- a channel at its limit takes no place in the batch: its backlog must not hold back
           -- the other channels' notifications (decision 024)
           AND channel_id IN (SELECT id FROM budget WHERE left_ > 0)
         ORDER BY next_attempt_at, id
         LIMIT $1
           FOR UPDATE SKIP LOCKED
      ), ranked AS (
        SELECT id, channel_id,
               row_number() OVER (PARTITION BY channel_id ORDER BY next_attempt_at, id) AS rn
          FROM locked
      )
      UPDATE notifications n
         SET status = 'sending', attempts = n.attempts + 1,
             lease_until = now() + make_interval(secs => $2), leased_by = $3
        FROM ranked r JOIN budget b ON b.id = r.channel_id
       WHERE n.id = r.id AND r.rn <= b.left_
      RETURNING n.id, n.idempotency_key, n.channel_id, n.kind, n.attempts, n.alert::text AS alert
      """;

  private static final String DONE =
      """
      WITH n AS (
        UPDATE notifications
           SET status = $3, last_status_code = $4, last_error = $5, lease_until = NULL,
               next_attempt_at = now() + make_interval(secs => $6),
               sent_at = CASE WHEN $3 = 'sent' THEN now() END
         WHERE id = $1 AND leased_by = $7 AND status = 'sending'
        RETURNING id
      )
      INSERT INTO notification_attempts (notification_id, attempt, channel_id, status_code, error,
                                         duration_ms, replica)
      VALUES ($1, $2, $8, $4, $5, $9, $7)
      ON CONFLICT DO NOTHING
      """;

  @Inject Pool pool;
  @Inject NotificationRouter router;
  @Inject ChannelSenders senders;

  @Inject NotificationSettings settings;

  final String replica = replicaName();

  private static final String NEXT_DUE =
      """
      SELECT (EXTRACT(EPOCH FROM min(next_attempt_at) - now()) * 1000)::float8 AS ms
        FROM notifications
       WHERE status = 'pending' AND next_attempt_at > now()
      """;

  /** A notification due sooner than the next tick is waited for within this tick. */
  private Duration horizon;

  private final DispatchLoop.Steps steps =
      new DispatchLoop.Steps() {
        @Override
        public int route() {
          return router.route().events();
        }

        @Override
        public int deliver() {
          return NotificationDispatcher.this.deliver();
        }

        @Override
        public Duration nextDue() {
          return NotificationDispatcher.this.nextDue();
        }

        @Override
        public void park(Duration d) {
          LockSupport.parkNanos(d.toNanos());
        }
      };

  @PostConstruct
  void init() {
    horizon = DurationConverter.parseDuration(settings.poll());
  }

  /** Until the earliest pending notification that is not due yet is due; null if none. */
  Duration nextDue() {
    Row r = pool.query(NEXT_DUE).execute().await().indefinitely().iterator().next();
    Double ms = r.getDouble("ms");
    return ms == null ? null : Duration.ofMillis((long) Math.ceil(ms));
  }

  /**
   * Routes and sends, alternating, until nothing is due, then waits for what falls due before the
   * next tick ({@link DispatchLoop}); runs on every replica.
   */
  @Scheduled(
      every = "${sentinel.notifications.poll:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void tick() {
    if (!settings.enabled()) {
      return;
    }
    try {
      DispatchLoop.run(steps, NotificationRouter.BATCH, settings.batch(), horizon);
    } catch (RuntimeException e) {
      LOG.warnf("notification dispatch failed, retried next tick: %s", e.toString());
    }
  }

  /** Claims and sends one batch; returns how many were claimed. Blocking. */
  public int deliver() {
    List<Row> claimed = new ArrayList<>();
    pool.preparedQuery(CLAIM)
        .execute(Tuple.of(settings.batch(), (double) settings.lease().toMillis() / 1000.0, replica))
        .await()
        .indefinitely()
        .forEach(claimed::add);
    if (claimed.isEmpty()) {
      return 0;
    }
    List<Channel> channels = senders.channels();
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (Row r : claimed) {
      long id = r.getLong("id");
      long channelId = r.getLong("channel_id");
      int attempt = r.getInteger("attempts");
      Channel c = channels.stream().filter(x -> x.id() == channelId).findFirst().orElse(null);
      if (c == null) {
        sends.add(
            CompletableFuture.runAsync(
                () -> record(id, attempt, channelId, "failed", null, "channel is gone", 0, 0)));
        continue;
      }
      Alert alert = NotificationStore.alert(r.getString("alert"));
      long start = System.nanoTime();
      sends.add(
          senders
              .send(c, alert, r.getString("idempotency_key"))
              .handle(
                  (outcome, error) -> {
                    int ms = (int) ((System.nanoTime() - start) / 1_000_000);
                    if (error != null) {
                      outcome = ChannelSenders.Outcome.retry(null, error.toString());
                    }
                    finish(id, attempt, c, outcome, ms);
                    return null;
                  }));
    }
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
    return claimed.size();
  }

  private void finish(long id, int attempt, Channel c, ChannelSenders.Outcome o, int ms) {
    if (o.ok()) {
      record(id, attempt, c.id(), "sent", o.statusCode(), null, 0, ms);
      return;
    }
    boolean last = !o.retryable() || attempt >= settings.maxAttempts();
    double delay = last ? 0 : backoffSeconds(attempt);
    LOG.infof(
        "notification %d to %s: attempt %d failed (%s%s)%s",
        id,
        c,
        attempt,
        o.statusCode() == null ? "" : "HTTP " + o.statusCode() + " ",
        o.error(),
        last ? ", giving up" : String.format(", retry in %.1f s", delay));
    record(id, attempt, c.id(), last ? "failed" : "pending", o.statusCode(), o.error(), delay, ms);
  }

  /** Exponential backoff with full jitter: uniform in [base·2^(n-1)/2, base·2^(n-1)], capped. */
  double backoffSeconds(int attempt) {
    double base = settings.backoffBase().toMillis() / 1000.0;
    double cap = settings.backoffMax().toMillis() / 1000.0;
    double ceiling = Math.min(cap, base * Math.pow(2, Math.min(attempt - 1, 30)));
    return ceiling / 2 + ThreadLocalRandom.current().nextDouble() * ceiling / 2;
  }

  private void record(
      long id,
      int attempt,
      long channelId,
      String status,
      Integer code,
      String error,
      double delaySeconds,
      int ms) {
    pool.preparedQuery(DONE)
        .execute(
            Tuple.tuple()
                .addLong(id)
                .addInteger(attempt)
                .addString(status)
                .addInteger(code)
                .addString(error == null ? null : Payloads.cut(error, 2000))
                .addDouble(delaySeconds)
                .addString(replica)
                .addLong(channelId)
                .addInteger(ms))
        .await()
        .indefinitely();
  }

  private static String replicaName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "replica";
    }
    return host + "/" + UUID.randomUUID().toString().substring(0, 8);
  }
}
