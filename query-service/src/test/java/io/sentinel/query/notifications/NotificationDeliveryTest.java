package io.sentinel.query.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Severity;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.TestDb;
import io.sentinel.query.TestKafka;
import io.sentinel.query.materialize.EventBatchProcessor;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outbox and the dispatcher against a real PostgreSQL and a real HTTP receiver: what the batch
 * processor commits is notified once, signed, retried, resolved, damped and suppressed.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class NotificationDeliveryTest {
  private static final long T0 = 1_758_499_140_000L;
  private static final ObjectMapper JSON = new ObjectMapper();
  static WebhookReceiver receiver;

  @Inject EventBatchProcessor processor;
  @Inject NotificationDispatcher dispatcher;

  @BeforeAll
  static void start() throws Exception {
    receiver = new WebhookReceiver();
  }

  @AfterAll
  static void stop() {
    receiver.close();
  }

  /** A webhook channel to the receiver's {@code path} and a policy sending it these monitors. */
  static long route(String path, String monitorPattern, String signingKey, int resolveHold) {
    return NotificationFixture.route(
        receiver.url(path), path, monitorPattern, signingKey, resolveHold);
  }

  private void apply(MonitorEvent... events) {
    processor.apply(List.of(events)).await().atMost(Duration.ofSeconds(30));
  }

  private static JsonNode json(String body) throws Exception {
    return JSON.readTree(body);
  }

  @Test
  void aStatusChangeIsSentOnceSignedAndItsRecoveryResolvesTheThread() throws Exception {
    String monitor = TestKafka.monitor("notify-a");
    long channel = route("/a", monitor, "s3cret", 0);
    MonitorEvent anomaly = TestKafka.anomaly(monitor, "cpu_usage", Severity.CRITICAL, T0);
    apply(anomaly);

    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.at("/a").size() == 1);
    WebhookReceiver.Received firing = receiver.at("/a").get(0);
    JsonNode body = json(firing.body());
    assertThat(body.get("kind").asText()).isEqualTo("firing");
    assertThat(body.get("monitor").asText()).isEqualTo(monitor);
    assertThat(body.get("status").asText()).isEqualTo("critical");
    assertThat(body.get("severity").asText()).isEqualTo("critical");
    assertThat(body.get("metric").asText()).isEqualTo("cpu_usage");
    assertThat(firing.header("X-Sentinel-Signature"))
        .isEqualTo("sha256=" + Payloads.hmacSha256("s3cret", firing.body()));
    assertThat(firing.header("Idempotency-Key")).isEqualTo(body.get("idempotency_key").asText());

    apply(TestKafka.resolved(anomaly, T0 + 60_000));
    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.at("/a").size() == 2);
    JsonNode resolved = json(receiver.at("/a").get(1).body());
    assertThat(resolved.get("kind").asText()).isEqualTo("resolved");
    assertThat(resolved.get("dedup_key").asText()).isEqualTo(body.get("dedup_key").asText());
    assertThat(
            TestDb.queryLong(
                "SELECT count(*) FROM notifications WHERE monitor = ? AND status = 'sent'"
                    + " AND channel_id = ?",
                monitor,
                channel))
        .isEqualTo(2);
  }

  @Test
  void aReceiverFailingTwiceGetsItOnTheThirdAttemptAndTheLogShowsAll() throws Exception {
    String monitor = TestKafka.monitor("notify-retry");
    receiver.failuresLeft.put("/retry", new java.util.concurrent.atomic.AtomicInteger(2));
    long channel = route("/retry", monitor, null, 0);
    apply(TestKafka.outageStarted(monitor, T0));

    await().atMost(Duration.ofSeconds(60)).until(() -> receiver.at("/retry").size() == 1);
    long id =
        TestDb.queryLong(
            "SELECT id FROM notifications WHERE monitor = ? AND kind = 'firing' AND channel_id = ?",
            monitor,
            channel);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                "sent"
                    .equals(
                        TestDb.queryString("SELECT status FROM notifications WHERE id = ?", id)));
    assertThat(TestDb.queryLong("SELECT attempts FROM notifications WHERE id = ?", id))
        .isEqualTo(3);
    assertThat(
            TestDb.queryString(
                "SELECT string_agg(COALESCE(status_code::text, '-'), ',' ORDER BY attempt)"
                    + " FROM notification_attempts WHERE notification_id = ?",
                id))
        .isEqualTo("503,503,200");
    assertThat(
            TestDb.queryString(
                "SELECT error FROM notification_attempts WHERE notification_id = ? AND attempt = 1",
                id))
        .contains("503");
  }

  @Test
  void aNotificationLeftMidSendByADeadReplicaIsSentOnceWithItsKeyAndRoutingTwiceQueuesOnce()
      throws Exception {
    String monitor = TestKafka.monitor("notify-dead");
    long channel = route("/dead", monitor, null, 3600);
    // stop routing this monitor's events for a moment: take its outbox row as a dead replica would
    // have left its claimed notification: 'sending', lease expired, another replica's name
    apply(TestKafka.outageStarted(monitor, T0));
    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.at("/dead").size() == 1);
    String key = receiver.at("/dead").get(0).header("Idempotency-Key");
    // the same event routed again (a second outbox row) queues nothing new
    long seq =
        TestDb.queryLong("SELECT event_seq FROM notifications WHERE idempotency_key = ?", key);
    TestDb.exec("INSERT INTO notification_outbox (event_seq) VALUES (?)", seq);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                TestDb.queryLong(
                        "SELECT count(*) FROM notification_outbox WHERE event_seq = ?", seq)
                    == 0);
    // other test classes' policies may route the same event to their own channels
    assertThat(
            TestDb.queryLong(
                "SELECT count(*) FROM notifications WHERE event_seq = ? AND channel_id = ?",
                seq,
                channel))
        .isEqualTo(1);

    // a test notification claimed by a replica that died mid-send
    TestDb.exec(
        "INSERT INTO notifications (idempotency_key, channel_id, monitor, kind, alert, status,"
            + " attempts, lease_until, leased_by) VALUES (?, ?, ?, 'test', ?::jsonb, 'sending', 1,"
            + " now() - interval '1 second', 'dead-replica')",
        "test:dead:c" + channel,
        channel,
        monitor,
        "{\"kind\":\"test\",\"dedup_key\":\"sentinel/test\",\"group_key\":\"test\",\"monitor\":\""
            + monitor
            + "\",\"time\":\"2025-09-21T23:59:00Z\",\"flaps\":0}");
    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.at("/dead").size() == 2);
    assertThat(receiver.at("/dead").get(1).header("Idempotency-Key"))
        .isEqualTo("test:dead:c" + channel);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                "sent"
                    .equals(
                        TestDb.queryString(
                            "SELECT status FROM notifications WHERE idempotency_key = ?",
                            "test:dead:c" + channel)));
    assertThat(
            TestDb.queryLong(
                "SELECT attempts FROM notifications WHERE idempotency_key = ?",
                "test:dead:c" + channel))
        .isEqualTo(2);
    assertThat(receiver.at("/dead")).hasSize(2);
  }

  @Test
  void aBacklogOnAChannelAtItsRateLimitDoesNotHoldBackAnotherChannel() throws Exception {
    String fleet = TestKafka.monitor("notify-fleet");
    long busy = route("/busy", fleet + "-*", null, 0);
    // two a minute: a backlog longer than a claim batch drains for hours
    TestDb.exec("UPDATE notification_channels SET rate_per_minute = 2 WHERE id = ?", busy);
    List<MonitorEvent> down = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      down.add(TestKafka.outageStarted(fleet + "-" + i, T0));
    }
    processor.apply(down).await().atMost(Duration.ofSeconds(60));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                TestDb.queryLong(
                        "SELECT count(*) FROM notifications WHERE channel_id = ?"
                            + " AND status = 'pending' AND next_attempt_at <= now()",
                        busy)
                    > 200);

    // another channel's alert, due after the whole backlog, is sent at once
    String pager = TestKafka.monitor("notify-pager");
    route("/pager", pager, null, 0);
    apply(TestKafka.outageStarted(pager, T0));
    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.at("/pager").size() == 1);
    assertThat(
            TestDb.queryLong(
                "SELECT count(*) FROM notification_attempts WHERE channel_id = ?"
                    + " AND at > now() - interval '1 minute'",
                busy))
        .isLessThanOrEqualTo(2);
  }

  @Test
  void tenDownUpCyclesInAFewMinutesAreOneThread() throws Exception {
    String monitor = TestKafka.monitor("notify-flap");
    long channel = route("/flap", monitor, null, 3600);
    for (int i = 0; i < 10; i++) {
      MonitorEvent down = TestKafka.outageStarted(monitor, T0 + i * 60_000L);
      apply(down);
      apply(TestKafka.outageResolved(down, T0 + i * 60_000L + 30_000));
    }
    // every status change has been routed
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                TestDb.queryLong(
                        "SELECT count(*) FROM notification_outbox o JOIN events e ON e.seq ="
                            + " o.event_seq WHERE e.monitor = ?",
                        monitor)
                    == 0);
    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.at("/flap").size() == 1);
    assertThat(
            TestDb.queryLong(
                "SELECT count(*) FROM notifications WHERE monitor = ? AND channel_id = ?",
                monitor,
                channel))
        .isEqualTo(1);
    assertThat(
            TestDb.queryLong(
                "SELECT flaps FROM notification_threads t JOIN notification_policies p"
                    + " ON p.id = t.policy_id WHERE p.name = 'policy /flap'"))
        .isEqualTo(9);
  }

  @Test
  void nothingIsSentWhileTheMonitorIsInMaintenanceButTheLogSaysSo() throws Exception {
    String monitor = TestKafka.monitor("notify-maint");
    long channel = route("/maint", monitor, null, 0);
    MonitorEvent first = TestKafka.anomaly(monitor, "cpu_usage", Severity.MINOR, T0);
    apply(first); // creates the monitor
    apply(TestKafka.resolved(first, T0 + 1000));
    TestDb.exec("UPDATE monitors SET in_maintenance = true WHERE name = ?", monitor);
    MonitorEvent inWindow = TestKafka.anomaly(monitor, "cpu_usage", Severity.CRITICAL, T0 + 60_000);
    apply(inWindow);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                TestDb.queryLong(
                        "SELECT count(*) FROM notifications n JOIN events e ON e.seq = n.event_seq"
                            + " WHERE e.event_id = ? AND n.status = 'suppressed'"
                            + " AND n.channel_id = ?",
                        inWindow.id(),
                        channel)
                    == 1);
    assertThat(
            TestDb.queryString(
                "SELECT last_error FROM notifications n JOIN events e ON e.seq = n.event_seq"
                    + " WHERE e.event_id = ? AND n.channel_id = ?",
                inWindow.id(),
                channel))
        .isEqualTo("monitor in maintenance");
    assertThat(
            receiver.at("/maint").stream().map(r -> r.body()).filter(b -> b.contains("critical")))
        .isEmpty();
  }
}
