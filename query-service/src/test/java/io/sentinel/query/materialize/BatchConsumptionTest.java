package io.sentinel.query.materialize;

import static io.sentinel.query.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sentinel.contract.EventType;
import io.sentinel.contract.Json;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Rollup;
import io.sentinel.contract.Severity;
import io.sentinel.contract.Tenants;
import io.sentinel.contract.Topics;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.TestDb;
import io.sentinel.query.TestKafka;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/**
 * Batches: one transaction per poll, in order per monitor, idempotent, bad records set aside alone.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class BatchConsumptionTest {
  private static final long T0 = 1_758_499_140_000L; // 2025-09-21T23:59:00Z
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Inject EventBatchProcessor events;
  @Inject RollupBatchProcessor rollups;
  @Inject ReliableApply reliably;

  private static List<String> statusChanges(String monitor) {
    List<String> out = new ArrayList<>();
    try (var c = TestDb.connect();
        var ps =
            c.prepareStatement(
                "SELECT previous_status, status FROM events WHERE monitor = ? AND type ="
                    + " 'status_changed' ORDER BY seq")) {
      ps.setString(1, monitor);
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1) + ">" + rs.getString(2));
        }
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private static MonitorEvent outage(String monitor, EventType type, String ref, long time) {
    return new MonitorEvent(
        UUID.randomUUID().toString(),
        type,
        monitor,
        null,
        null,
        time,
        null,
        null,
        null,
        null,
        null,
        type.wire(),
        ref,
        Tenants.DEFAULT);
  }

  /** Six events of one monitor in one batch: each applies in order, every status change logged. */
  private List<MonitorEvent> storyOf(String monitor) {
    MonitorEvent cpu = TestKafka.anomaly(monitor, "cpu", Severity.MAJOR, T0);
    MonitorEvent mem = TestKafka.anomaly(monitor, "mem", Severity.MINOR, T0 + 1000);
    MonitorEvent down = outage(monitor, EventType.OUTAGE_STARTED, null, T0 + 3000);
    return List.of(
        cpu,
        mem,
        TestKafka.resolved(cpu, T0 + 2000),
        down,
        outage(monitor, EventType.OUTAGE_RESOLVED, down.id(), T0 + 4000),
        TestKafka.resolved(mem, T0 + 5000));
  }

  @Test
  void eventsOfOneMonitorInOneBatchApplyInOrderAndLogEveryStatusChange() {
    String monitor = TestKafka.monitor("story");
    List<MonitorEvent> story = storyOf(monitor);

    EventBatchProcessor.Result result = events.apply(story).await().atMost(WAIT);

    assertThat(result.applied()).isEqualTo(6);
    assertThat(statusChanges(monitor))
        .containsExactly(
            "up>trouble",
            "trouble>critical",
            "critical>trouble",
            "trouble>down",
            "down>trouble",
            "trouble>up");
    assertThat(
            TestDb.queryLong(
                "SELECT count(*) FROM anomalies WHERE monitor = ? AND ended_at IS NOT NULL",
                monitor))
        .isEqualTo(2);
    assertThat(
            TestDb.queryLong(
                "SELECT count(*) FROM outages WHERE monitor = ? AND ended_at IS NOT NULL", monitor))
        .isEqualTo(1);
    assertThat(
            TestDb.queryString(
                "SELECT status || ' ' || open_anomalies || ' ' || open_outages || ' '"
                    + " || anomaly_count || ' ' || outage_count FROM monitors WHERE name = ?",
                monitor))
        .isEqualTo("up 0 0 2 1");
    assertThat(
            TestDb.queryString(
                "SELECT to_char(status_since AT TIME ZONE 'UTC', 'HH24:MI:SS') FROM monitors WHERE name = ?",
                monitor))
        .isEqualTo("23:59:05"); // the last change: the resolution of mem at T0 + 5 s
  }

  @Test
  void aBatchAppliedAgainChangesNothing() {
    String monitor = TestKafka.monitor("replayed");
    List<MonitorEvent> story = storyOf(monitor);
    events.apply(story).await().atMost(WAIT);
    String before = snapshot(monitor);

    // the same records again, some twice within the batch, as after a crash before the offset
    // commit
    List<MonitorEvent> again = new ArrayList<>(story);
    again.addAll(story.subList(0, 3));
    EventBatchProcessor.Result result = events.apply(again).await().atMost(WAIT);

    assertThat(result.applied()).isZero();
    assertThat(result.duplicates()).isEqualTo(9);
    assertThat(snapshot(monitor)).isEqualTo(before);
    assertThat(statusChanges(monitor)).hasSize(6);
  }

  private static String snapshot(String monitor) {
    return TestDb.queryString(
        "SELECT (SELECT count(*) FROM events WHERE monitor = ?) || '/'"
            + " || (SELECT count(*) FROM anomalies WHERE monitor = ?) || '/'"
            + " || (SELECT count(*) FROM outages WHERE monitor = ?) || '/' || (SELECT status ||"
            + " anomaly_count || outage_count || status_since FROM monitors WHERE name = ?)",
        monitor,
        monitor,
        monitor,
        monitor);
  }

  /** A record as the Kafka connector hands it over, with its acknowledgement observed. */
  private static final class Observed {
    final List<Message<byte[]>> records = new ArrayList<>();
    final Map<Integer, String> nacked = new ConcurrentHashMap<>();
    final AtomicInteger acks = new AtomicInteger();

    void add(byte[] value) {
      int i = records.size();
      records.add(
          Message.of(
              value,
              metadata -> CompletableFuture.completedFuture(null),
              (failure, metadata) -> {
                nacked.put(i, Failures.reason(failure));
                return CompletableFuture.completedFuture(null);
              }));
    }
  }

  @Test
  void aRecordTheDatabaseRejectsIsSetAsideAloneAndTheRestOfItsBatchIsApplied() {
    String good1 = TestKafka.monitor("good");
    String bad = TestKafka.monitor("nul");
    String good2 = TestKafka.monitor("good");
    Observed batch = new Observed();
    batch.add(Json.write(TestKafka.anomaly(good1, "cpu", Severity.MAJOR, T0)));
    // decodes fine, but PostgreSQL text cannot hold a NUL character: a data exception (22021)
    MonitorEvent nul = TestKafka.anomaly(bad, "cpu", Severity.MAJOR, T0);
    batch.add(
        Json.write(
            new MonitorEvent(
                nul.id(),
                nul.type(),
                nul.monitor(),
                nul.metric(),
                nul.series(),
                nul.time(),
                nul.score(),
                nul.severity(),
                nul.value(),
                nul.expectedLow(),
                nul.expectedHigh(),
                "cpu \u0000 high",
                null,
                Tenants.DEFAULT)));
    batch.add("{not json".getBytes(StandardCharsets.UTF_8));
    batch.add(Json.write(TestKafka.anomaly(good2, "cpu", Severity.CRITICAL, T0)));

    reliably
        .process(
            "test.events",
            batch.records,
            () -> {
              batch.acks.incrementAndGet();
              return CompletableFuture.completedFuture(null);
            },
            RecordDecoder::event,
            list ->
                events.apply(list).map(r -> new ReliableApply.Outcome(r.applied(), r.duplicates())))
        .await()
        .atMost(Duration.ofSeconds(30));

    assertThat(batch.nacked.keySet()).containsExactlyInAnyOrder(1, 2);
    assertThat(batch.nacked.get(1)).contains("0x00");
    assertThat(batch.nacked.get(2)).contains("cannot decode MonitorEvent");
    assertThat(batch.acks).hasValue(1);
    assertThat(TestDb.queryString("SELECT status FROM monitors WHERE name = ?", good1))
        .isEqualTo("trouble");
    assertThat(TestDb.queryString("SELECT status FROM monitors WHERE name = ?", good2))
        .isEqualTo("critical");
    assertThat(TestDb.queryLong("SELECT count(*) FROM events WHERE monitor = ?", bad)).isZero();
  }

  @Test
  void aPoisonRecordSentAmongGoodOnesGoesToTheDeadLetterTopicAndTheOthersAreApplied() {
    String key = TestKafka.monitor("same-partition");
    String good1 = TestKafka.monitor("kafka-good");
    String bad = TestKafka.monitor("kafka-nul");
    String good2 = TestKafka.monitor("kafka-good");
    MonitorEvent nul = TestKafka.anomaly(bad, "cpu", Severity.MAJOR, T0);
    String poison =
        new String(Json.write(nul), StandardCharsets.UTF_8)
            .replace("cpu is far above its usual band", "cpu \\u0000 far above");
    // one key: one partition, in this order, most likely in one poll
    TestKafka.send(
        Topics.EVENTS, key, Json.write(TestKafka.anomaly(good1, "cpu", Severity.MAJOR, T0)));
    TestKafka.send(Topics.EVENTS, key, poison.getBytes(StandardCharsets.UTF_8));
    TestKafka.send(
        Topics.EVENTS, key, Json.write(TestKafka.anomaly(good2, "cpu", Severity.MINOR, T0)));

    for (String m : List.of(good1, good2)) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  given()
                      .queryParam("q", m)
                      .when()
                      .get("/api/monitors")
                      .then()
                      .statusCode(200)
                      .body("$", hasSize(1))
                      .body("[0].status", equalTo("trouble")));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              List<ConsumerRecord<String, String>> dead =
                  TestKafka.readAll(Topics.dlq(Topics.EVENTS));
              assertThat(dead)
                  .filteredOn(r -> r.value().contains(bad))
                  .singleElement()
                  .satisfies(
                      r ->
                          assertThat(
                                  new String(
                                      r.headers().lastHeader(Topics.DLQ_REASON_HEADER).value(),
                                      StandardCharsets.UTF_8))
                              .contains("0x00"));
            });
    assertThat(TestDb.queryLong("SELECT count(*) FROM events WHERE monitor = ?", bad)).isZero();
  }

  @Test
  void anEventTimeBeyondYear9999IsDeadLetteredAndItsPartitionGoesOn() {
    String monitor = TestKafka.monitor("far-future");
    MonitorEvent a = TestKafka.anomaly(monitor, "cpu", Severity.MAJOR, Long.MAX_VALUE);
    TestKafka.send(a);
    TestKafka.send(TestKafka.anomaly(monitor, "mem", Severity.MINOR, T0)); // same key, after it
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .queryParam("q", monitor)
                    .when()
                    .get("/api/monitors")
                    .then()
                    .statusCode(200)
                    .body("$", hasSize(1))
                    .body("[0].status", equalTo("trouble")));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(TestKafka.readAll(Topics.dlq(Topics.EVENTS)))
                    .filteredOn(r -> r.value().contains(a.id()))
                    .singleElement()
                    .satisfies(
                        r ->
                            assertThat(
                                    new String(
                                        r.headers().lastHeader(Topics.DLQ_REASON_HEADER).value(),
                                        StandardCharsets.UTF_8))
                                .contains("time " + Long.MAX_VALUE + " is after year 9999")));
  }

  private static Rollup rollup(
      String series,
      String monitor,
      long minute,
      long count,
      double last,
      Map<String, String> labels) {
    return new Rollup(
        series,
        monitor,
        "cpu",
        labels,
        minute,
        count,
        last - 1,
        last + 1,
        last,
        last,
        minute + 50_000,
        last - 5,
        last + 5,
        0.1,
        Tenants.DEFAULT);
  }

  @Test
  void rollupsOfOneBatchKeepTheLastOfEachMinuteAndAggregateEachHourOnce() {
    String monitor = TestKafka.monitor("rolled-batch");
    String series = monitor + "/cpu";
    long hour = T0 - Math.floorMod(T0, 3_600_000L);
    List<Rollup> batch =
        List.of(
            rollup(series, monitor, hour, 3, 10, Map.of("dc", "eu")),
            rollup(series, monitor, hour + 60_000, 2, 20, Map.of("dc", "eu")),
            rollup(series, monitor, hour, 6, 12, Map.of("dc", "eu")), // replaces the first minute
            rollup(monitor + "/mem", monitor, hour, 1, 50, Map.of("tier", "db")));

    rollups.apply(batch).await().atMost(WAIT);
    rollups.apply(batch).await().atMost(WAIT); // redelivered: nothing changes

    assertThat(
            TestDb.queryString(
                "SELECT string_agg(count || ':' || last, ',' ORDER BY minute) FROM rollups WHERE series = ?",
                series))
        .isEqualTo("6:12,2:20");
    assertThat(
            TestDb.queryString(
                "SELECT count || ':' || sum || ':' || last FROM rollups_hourly WHERE series = ?",
                series))
        .isEqualTo("8:112:20"); // 6 x 12 + 2 x 20, last of the latest minute
    assertThat(
            TestDb.queryString(
                "SELECT last || ':' || (last_minute > first_minute) FROM series WHERE series = ?",
                series))
        .isEqualTo("20:true");
    assertThat(
            TestDb.queryString(
                "SELECT array_to_string(tags, ',') FROM monitors WHERE name = ?", monitor))
        .isEqualTo("dc=eu"); // dc identifies the monitor; tier is not a tag label
    assertThat(
            TestDb.queryString(
                "SELECT to_char(last_updated AT TIME ZONE 'UTC', 'HH24:MI:SS') FROM monitors WHERE name = ?",
                monitor))
        .isEqualTo(java.time.Instant.ofEpochMilli(hour + 110_000).toString().substring(11, 19));
  }

  @Test
  void aKnownMonitorMaterializedAgainTakesNoIdFromTheSequence() {
    String known = TestKafka.monitor("dense");
    long hour = T0 - Math.floorMod(T0, 3_600_000L);
    for (int i = 0; i < 10; i++) {
      // new rollups and new events of the same monitor, each batch applied twice (redelivered)
      List<Rollup> batch =
          List.of(rollup(known + "/cpu", known, hour + i * 60_000L, 1, i, Map.of("dc", "eu")));
      rollups.apply(batch).await().atMost(WAIT);
      rollups.apply(batch).await().atMost(WAIT);
      List<MonitorEvent> story = storyOf(known);
      events.apply(story).await().atMost(WAIT);
      events.apply(story).await().atMost(WAIT);
    }
    String next = TestKafka.monitor("dense-next");
    rollups
        .apply(List.of(rollup(next + "/cpu", next, hour, 1, 1, Map.of("dc", "eu"))))
        .await()
        .atMost(WAIT);

    long knownId = TestDb.queryLong("SELECT id FROM monitors WHERE name = ?", known);
    long nextId = TestDb.queryLong("SELECT id FROM monitors WHERE name = ?", next);
    assertThat(nextId).isEqualTo(knownId + 1);
    assertThat(
            TestDb.queryString(
                "SELECT status || ' ' || anomaly_count FROM monitors WHERE name = ?", known))
        .isEqualTo("up 20"); // each of the 10 stories counted once, its replay not at all
  }

  @Test
  void aMonitorsTagsAreItsIdentifyingLabelsNotEachSeriesLabels() {
    String monitor = TestKafka.monitor("node");
    long hour = T0 - Math.floorMod(T0, 3_600_000L);
    Map<String, String> target = Map.of("job", "node", "instance", "10.0.0.7:9100", "env", "prod");
    List<Rollup> batch = new ArrayList<>();
    for (String[] perSeries :
        List.of(
            new String[] {"device", "eth0", "address", "02:fc:00:00:00:01"},
            new String[] {"device", "eth1", "address", "02:fc:00:00:00:02"},
            new String[] {"cpu", "0", "mode", "idle"},
            new String[] {"cpu", "1", "mode", "idle"})) {
      Map<String, String> labels = new java.util.HashMap<>(target);
      labels.put(perSeries[0], perSeries[1]);
      labels.put(perSeries[2], perSeries[3]);
      batch.add(rollup(monitor + "/" + perSeries[1], monitor, hour, 1, 1, labels));
    }

    rollups.apply(batch).await().atMost(WAIT);

    assertThat(
            TestDb.queryString(
                "SELECT array_to_string(tags, ',') FROM monitors WHERE name = ?", monitor))
        .isEqualTo("env=prod,instance=10.0.0.7:9100,job=node");
    // the series keep all their labels
    assertThat(
            TestDb.queryString(
                "SELECT labels->>'address' FROM series WHERE series = ?", monitor + "/eth1"))
        .isEqualTo("02:fc:00:00:00:02");
  }

  @Test
  void perSeriesTagsStoredBeforeAreDroppedAtTheMonitorsNextRollup() {
    String monitor = TestKafka.monitor("bloated");
    TestDb.monitor(
        monitor,
        "up",
        java.time.Instant.ofEpochMilli(T0),
        "address=02:fc:00:00:00:01",
        "cpu=0",
        "env=prod");
    long hour = T0 - Math.floorMod(T0, 3_600_000L);

    rollups
        .apply(
            List.of(
                rollup(monitor + "/cpu", monitor, hour, 1, 1, Map.of("job", "node", "cpu", "3"))))
        .await()
        .atMost(WAIT);

    assertThat(
            TestDb.queryString(
                "SELECT array_to_string(tags, ',') FROM monitors WHERE name = ?", monitor))
        .isEqualTo("env=prod,job=node");
  }
}
