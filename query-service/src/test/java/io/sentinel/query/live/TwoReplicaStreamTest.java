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
import io.sentinel.query.TestDb;
import io.sentinel.query.TestKafka;
import io.sentinel.query.config.QueryConfig;
import io.sentinel.query.events.EventLogReader;
import io.sentinel.query.events.EventRow;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two query-service replicas on one database: the application under test is replica A; replica B is
 * a second {@link EventFeed} (its own LISTEN connection and cursor) with its own {@link
 * EventStream}, as another process would have. Each must push every committed row to its own
 * clients, whichever replica (or writer) committed it.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class TwoReplicaStreamTest {
  @TestHTTPResource("/api/stream")
  URI stream;

  @Inject EventLogReader reader;
  @Inject QueryConfig config;
  @Inject Vertx vertx;

  private EventFeed feedB;
  private EventStream streamB;

  @BeforeEach
  void startReplicaB() {
    var c = ConfigProvider.getConfig();
    feedB = new EventFeed();
    feedB.reader = reader;
    feedB.config = config;
    feedB.vertx = vertx;
    feedB.reactiveUrl = c.getValue("quarkus.datasource.reactive.url", String.class);
    feedB.username = c.getOptionalValue("quarkus.datasource.username", String.class);
    feedB.password = c.getOptionalValue("quarkus.datasource.password", String.class);
    feedB.sslMode =
        c.getOptionalValue("quarkus.datasource.reactive.postgresql.ssl-mode", String.class)
            .orElse("disable");
    feedB.onStart(null);
    streamB = new EventStream();
    streamB.feed = feedB;
    streamB.reader = reader;
    streamB.config = config;
    await().atMost(Duration.ofSeconds(10)).until(() -> feedB.cursor() >= 0 && feedB.listening());
  }

  @AfterEach
  void stopReplicaB() {
    feedB.onStop(null);
  }

  @Test
  void bothReplicasDeliverEveryCommittedEventToTheirClients() {
    String monitor = TestKafka.monitor("replicas");
    List<EventRow> atB = new CopyOnWriteArrayList<>();
    Cancellable clientB =
        streamB
            .open(null)
            .subscribe()
            .with(
                row -> {
                  if (monitor.equals(row.monitor())) {
                    atB.add(row);
                  }
                });
    try (SseClient clientA = SseClient.connect(stream, null)) {
      await().atMost(Duration.ofSeconds(10)).until(clientA::connected);

      // consumed and committed by replica A's Kafka consumer
      MonitorEvent anomaly =
          TestKafka.anomaly(monitor, "cpu", Severity.MINOR, Instant.now().toEpochMilli());
      TestKafka.send(anomaly);
      // committed by another writer (e.g. replica B's consumer, which owns other partitions)
      TestDb.exec(
          "INSERT INTO events (event_id, type, monitor, time, message) VALUES (?, 'monitor_discovered', ?, now(), 'hello')",
          monitor + "-other-writer",
          monitor);

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                List<String> idsAtA =
                    clientA.events.stream()
                        .filter(e -> monitor.equals(e.monitor()))
                        .map(e -> new JsonPath(e.data()).getString("id"))
                        .toList();
                List<String> idsAtB = atB.stream().map(EventRow::id).toList();
                assertThat(idsAtA)
                    .contains(anomaly.id(), monitor + "-other-writer", anomaly.id() + "/status");
                assertThat(idsAtB).containsExactlyInAnyOrderElementsOf(idsAtA);
              });
      // same seqs, same order, no duplicates on both replicas
      List<Long> seqsAtA =
          clientA.events.stream()
              .filter(e -> monitor.equals(e.monitor()))
              .map(e -> Long.parseLong(e.id()))
              .toList();
      assertThat(atB.stream().map(EventRow::seq).toList())
          .isEqualTo(seqsAtA)
          .isSorted()
          .doesNotHaveDuplicates();
    } finally {
      clientB.cancel();
    }
  }

  @Test
  void replicaBResumesFromLastEventIdWrittenThroughReplicaA() {
    String monitor = TestKafka.monitor("replicas-resume");
    long before = TestDb.queryLong("SELECT coalesce(max(seq), 0) FROM events");
    MonitorEvent anomaly =
        TestKafka.anomaly(monitor, "cpu", Severity.CRITICAL, Instant.now().toEpochMilli());
    TestKafka.send(anomaly);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> TestDb.queryLong("SELECT count(*) FROM events WHERE monitor = ?", monitor) == 2);
    List<EventRow> atB = new CopyOnWriteArrayList<>();
    Cancellable clientB =
        streamB
            .open(before)
            .subscribe()
            .with(
                row -> {
                  if (monitor.equals(row.monitor())) {
                    atB.add(row);
                  }
                });
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(atB)
                      .extracting(EventRow::type)
                      .containsExactly("anomaly", "status_changed"));
    } finally {
      clientB.cancel();
    }
    assertThat(Optional.of(atB.get(0).id())).contains(anomaly.id());
  }
}
