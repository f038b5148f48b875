package io.sentinel.query.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Severity;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.SseClient;
import io.sentinel.query.TestKafka;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class EventStreamTest {
  private static final long T0 = 1_758_499_140_000L;

  @TestHTTPResource("/api/stream")
  URI stream;

  private static List<SseClient.Event> of(SseClient client, String monitor) {
    return client.of(monitor);
  }

  private static SseClient connected(URI uri, String lastEventId) {
    SseClient client = SseClient.connect(uri, lastEventId);
    await().atMost(Duration.ofSeconds(10)).until(client::connected);
    assertThat(client.status()).isEqualTo(200);
    return client;
  }

  @Test
  void streamPushesEventProducedToKafkaWithSeqIdAndTypeName() {
    String monitor = TestKafka.monitor("streamed");
    try (SseClient client = connected(stream, null)) {
      MonitorEvent anomaly = TestKafka.anomaly(monitor, "cpu_usage", Severity.MAJOR, T0);
      TestKafka.send(anomaly);

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  // the set that was missed, in seq order (checked below); the order of names
                  // depends on batching: a batch's status_changed rows are appended after its
                  // events (query-service README), and the resolution and the second anomaly may
                  // or may not be consumed in one batch
                  assertThat(of(client, monitor))
                      .extracting(SseClient.Event::name)
                      .containsExactlyInAnyOrder("anomaly", "status_changed"));
      SseClient.Event first = of(client, monitor).get(0);
      JsonPath data = new JsonPath(first.data());
      assertThat(data.getString("id")).isEqualTo(anomaly.id());
      assertThat(data.getLong("seq")).isEqualTo(Long.parseLong(first.id()));
      assertThat(data.getString("expected_high")).isEqualTo("40.0");
      SseClient.Event change = of(client, monitor).get(1);
      assertThat(Long.parseLong(change.id())).isGreaterThan(Long.parseLong(first.id()));
      assertThat(new JsonPath(change.data()).getString("status")).isEqualTo("trouble");
    }
  }

  @Test
  void typeAndMonitorFiltersKeepOnlyThoseEvents() {
    String wanted = TestKafka.monitor("sse-wanted");
    String other = TestKafka.monitor("sse-other");
    URI filtered = URI.create(stream + "?type=status_changed&monitor=" + wanted);
    try (SseClient all = connected(stream, null);
        SseClient some = connected(filtered, null)) {
      TestKafka.send(TestKafka.anomaly(other, "cpu_usage", Severity.MAJOR, T0));
      TestKafka.send(TestKafka.anomaly(wanted, "cpu_usage", Severity.MAJOR, T0));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> of(all, wanted).size() == 2 && of(all, other).size() == 2);
      await().atMost(Duration.ofSeconds(10)).until(() -> of(some, wanted).size() == 1);
      await().pollDelay(Duration.ofMillis(500)).until(() -> true);
      assertThat(some.events).extracting(SseClient.Event::name).containsExactly("status_changed");
      assertThat(of(some, other)).isEmpty();
    }
  }

  @Test
  void reconnectingWithLastEventIdGetsExactlyWhatWasMissed() {
    String monitor = TestKafka.monitor("resumed");
    MonitorEvent first = TestKafka.anomaly(monitor, "cpu_usage", Severity.MINOR, T0);
    String lastSeen;
    try (SseClient client = connected(stream, null)) {
      TestKafka.send(first);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(of(client, monitor)).hasSize(2));
      lastSeen = of(client, monitor).get(1).id();
    }
    // while disconnected: a resolution (and its status change) and another anomaly
    TestKafka.send(TestKafka.resolved(first, T0 + 60_000));
    MonitorEvent second =
        TestKafka.anomaly(monitor, "memory_usage", Severity.CRITICAL, T0 + 90_000);
    TestKafka.send(second);
    await().atMost(Duration.ofSeconds(20)).until(() -> countRows(monitor) == 6);

    try (SseClient client = connected(stream, lastSeen)) {
      MonitorEvent live = TestKafka.resolved(second, T0 + 120_000);
      TestKafka.send(live);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  // the set that was missed, in seq order (checked below); the order of names
                  // depends on batching: a batch's status_changed rows are appended after its
                  // events (query-service README), and the resolution and the second anomaly may
                  // or may not be consumed in one batch
                  assertThat(of(client, monitor))
                      .extracting(SseClient.Event::name)
                      .containsExactlyInAnyOrder(
                          "anomaly_resolved",
                          "status_changed",
                          "anomaly",
                          "status_changed",
                          "anomaly_resolved",
                          "status_changed"));
      List<Long> ids = client.events.stream().map(e -> Long.parseLong(e.id())).toList();
      assertThat(ids).isSorted().doesNotHaveDuplicates();
      assertThat(ids.get(0)).isGreaterThan(Long.parseLong(lastSeen));
    }
  }

  @Test
  void rowCommittedLateBehindAGapIsDeliveredInSeqOrder() throws Exception {
    String monitor = TestKafka.monitor("late");
    try (SseClient client = connected(stream, null);
        Connection slow = jdbc();
        Connection fast = jdbc()) {
      slow.setAutoCommit(false);
      long slowSeq = insert(slow, monitor, "slow");
      long fastSeq = insert(fast, monitor, "fast"); // autocommit: committed first
      assertThat(fastSeq).isGreaterThan(slowSeq);

      // the feed holds the committed row back while the smaller seq may still commit
      await()
          .during(Duration.ofMillis(700))
          .atMost(Duration.ofSeconds(3))
          .until(() -> of(client, monitor).isEmpty());

      slow.commit();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(of(client, monitor))
                      .extracting(SseClient.Event::id)
                      .containsExactly(Long.toString(slowSeq), Long.toString(fastSeq)));
    }
  }

  @Test
  void rolledBackSeqIsSkippedAndLaterRowsFlow() throws Exception {
    String monitor = TestKafka.monitor("rollback");
    try (SseClient client = connected(stream, null);
        Connection aborted = jdbc();
        Connection ok = jdbc()) {
      aborted.setAutoCommit(false);
      insert(aborted, monitor, "aborted");
      long okSeq = insert(ok, monitor, "ok");
      aborted.rollback();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(of(client, monitor))
                      .extracting(SseClient.Event::id)
                      .containsExactly(Long.toString(okSeq)));
    }
  }

  @Test
  void aResumeThatMissedMoreThanTheReplayCapIsToldSoBeforeTheNewestAreReplayed() throws Exception {
    String monitor = TestKafka.monitor("missed-much");
    long before;
    long last;
    try (Connection c = jdbc()) {
      try (ResultSet rs =
          c.createStatement().executeQuery("SELECT coalesce(max(seq), 0) FROM events")) {
        rs.next();
        before = rs.getLong(1);
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO events (event_id, type, monitor, time)"
                  + " SELECT ? || '-' || g, 'anomaly', ?, now() FROM generate_series(1, 10005) g")) {
        ps.setString(1, monitor);
        ps.setString(2, monitor);
        ps.executeUpdate();
      }
      try (ResultSet rs = c.createStatement().executeQuery("SELECT max(seq) FROM events")) {
        rs.next();
        last = rs.getLong(1);
      }
    }
    long cap = ConfigProvider.getConfig().getValue("sentinel.query.stream.max-replay", Long.class);
    long t0 = System.nanoTime();
    try (SseClient client = connected(stream, Long.toString(before))) {
      // whether or not this replica's feed has caught up on the 10,005 rows yet, the resume is
      // told what it does not get and then gets the newest max-replay rows
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> client.ended() || of(client, monitor).size() >= cap);
      assertThat(client.ended()).as("stream ended by the server").isFalse();
      assertThat(of(client, monitor)).hasSize((int) cap);
      // a figure, not an assertion: how fast a 10,000-row resume reaches the client here
      long ms = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
      System.out.printf(
          "[replay] %d rows replayed to a resumed SSE client in %d ms (%d rows/s)%n",
          cap, ms, cap * 1000 / ms);
      SseClient.Event notice = client.events.get(0);
      assertThat(notice.name()).isEqualTo("replay_truncated");
      assertThat(Long.parseLong(notice.id())).isEqualTo(last - cap);
      assertThat(new JsonPath(notice.data()).getString("message")).contains("after " + before);
      assertThat(Long.parseLong(of(client, monitor).get(0).id())).isEqualTo(last - cap + 1);
      assertThat(client.events.stream().map(e -> Long.parseLong(e.id())).toList())
          .isSorted()
          .doesNotHaveDuplicates();
    }
  }

  @Test
  void heartbeatCommentsKeepTheStreamAlive() {
    try (SseClient client = connected(stream, null)) {
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(client.comments).contains("heartbeat"));
    }
  }

  private static Connection jdbc() throws Exception {
    var config = ConfigProvider.getConfig();
    return DriverManager.getConnection(
        config.getValue("quarkus.datasource.jdbc.url", String.class),
        config.getValue("quarkus.datasource.username", String.class),
        config.getValue("quarkus.datasource.password", String.class));
  }

  private static long insert(Connection c, String monitor, String id) throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO events (event_id, type, monitor, time, message) VALUES (?, 'monitor_discovered', ?, now(), ?) RETURNING seq")) {
      ps.setString(1, monitor + "-" + id);
      ps.setString(2, monitor);
      ps.setString(3, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long countRows(String monitor) throws Exception {
    try (Connection c = jdbc();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM events WHERE monitor = ?")) {
      ps.setString(1, monitor);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
