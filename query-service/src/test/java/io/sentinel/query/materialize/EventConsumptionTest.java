package io.sentinel.query.materialize;

import static io.sentinel.query.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Rollup;
import io.sentinel.contract.Severity;
import io.sentinel.contract.Tenants;
import io.sentinel.contract.Topics;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class EventConsumptionTest {
  @jakarta.inject.Inject io.vertx.mutiny.sqlclient.Pool pool;
  @jakarta.inject.Inject io.micrometer.core.instrument.MeterRegistry registry;

  private static final long T0 = 1_758_499_140_000L; // 2025-09-21T23:59:00Z

  private static JsonPath monitorNamed(String name) {
    List<Map<String, Object>> found =
        given()
            .queryParam("q", name)
            .when()
            .get("/api/monitors")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    assertThat(found).hasSize(1);
    return new JsonPath(given().when().get("/api/monitors/" + found.get(0).get("id")).asString());
  }

  private static void awaitStatus(String monitor, String status) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                given()
                    .queryParam("q", monitor)
                    .when()
                    .get("/api/monitors")
                    .then()
                    .statusCode(200)
                    .body("$", hasSize(1))
                    .body("[0].status", equalTo(status)));
  }

  private static List<Map<String, Object>> statusChanges(String monitor) {
    return given()
        .queryParam("monitor", monitor)
        .queryParam("type", "status_changed")
        .when()
        .get("/api/events")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$");
  }

  @Test
  void anomalyMakesMonitorTroubleAndItsResolutionMakesItUpAgain() {
    String monitor = TestKafka.monitor("server-a");
    MonitorEvent anomaly = TestKafka.anomaly(monitor, "cpu_usage", Severity.MAJOR, T0);
    TestKafka.send(anomaly);

    awaitStatus(monitor, "trouble");
    given()
        .queryParam("monitor", monitor)
        .when()
        .get("/api/anomalies")
        .then()
        .statusCode(200)
        .body("$", hasSize(1))
        .body("[0].id", equalTo(anomaly.id()))
        .body("[0].open", equalTo(true))
        .body("[0].severity", equalTo("major"))
        .body("[0].started_at", equalTo("2025-09-21T23:59:00Z"));
    JsonPath m = monitorNamed(monitor);
    assertThat(m.getInt("open_anomalies")).isEqualTo(1);
    assertThat(m.getString("last_updated")).isEqualTo("2025-09-21T23:59:00Z");

    TestKafka.send(TestKafka.resolved(anomaly, T0 + 120_000));
    awaitStatus(monitor, "up");
    given()
        .queryParam("monitor", monitor)
        .queryParam("open", "false")
        .when()
        .get("/api/anomalies")
        .then()
        .statusCode(200)
        .body("$", hasSize(1))
        .body("[0].ended_at", equalTo("2025-09-22T00:01:00Z"));
    assertThat(statusChanges(monitor))
        .extracting(e -> e.get("status"))
        .containsExactly("up", "trouble");
  }

  @Test
  void criticalAnomalyMakesMonitorCritical() {
    String monitor = TestKafka.monitor("db");
    TestKafka.send(TestKafka.anomaly(monitor, "disk_latency", Severity.CRITICAL, T0));
    awaitStatus(monitor, "critical");
  }

  @Test
  void anomaliesOnTwoMetricsAtOnceMakeMonitorCritical() {
    String monitor = TestKafka.monitor("web");
    TestKafka.send(TestKafka.anomaly(monitor, "cpu_usage", Severity.MINOR, T0));
    awaitStatus(monitor, "trouble");
    TestKafka.send(TestKafka.anomaly(monitor, "memory_usage", Severity.MINOR, T0 + 1000));
    awaitStatus(monitor, "critical");
  }

  @Test
  void outageMakesMonitorDownAndItsEndMakesItUpAgain() {
    String monitor = TestKafka.monitor("edge");
    MonitorEvent started = TestKafka.outageStarted(monitor, T0);
    TestKafka.send(started);
    awaitStatus(monitor, "down");
    given()
        .queryParam("monitor", monitor)
        .queryParam("open", "true")
        .when()
        .get("/api/outages")
        .then()
        .statusCode(200)
        .body("$", hasSize(1))
        .body("[0].id", equalTo(started.id()))
        .body("[0].cause", equalTo("no samples for 3 expected intervals"));

    TestKafka.send(TestKafka.outageResolved(started, T0 + 300_000));
    awaitStatus(monitor, "up");
    given()
        .queryParam("monitor", monitor)
        .when()
        .get("/api/outages")
        .then()
        .statusCode(200)
        .body("[0].open", equalTo(false))
        .body("[0].ended_at", equalTo("2025-09-22T00:04:00Z"));
  }

  @Test
  void rejectedDataMakesMonitorErrorsAndTheEndOfTheEpisodeMakesItUpAgain() {
    String monitor = TestKafka.monitor("agent");
    MonitorEvent started = TestKafka.errorsStarted(monitor, T0);
    TestKafka.send(started);
    awaitStatus(monitor, "errors");
    JsonPath detail = monitorNamed(monitor);
    assertThat(detail.getString("errors_message")).isEqualTo(started.message());
    assertThat(detail.getString("errors_since")).isEqualTo("2025-09-21T23:59:00Z");

    TestKafka.send(TestKafka.errorsResolved(started, T0 + 300_000));
    awaitStatus(monitor, "up");
    assertThat(monitorNamed(monitor).getString("errors_message")).isNull();
    assertThat(statusChanges(monitor))
        .extracting(e -> e.get("status"))
        .containsExactly("up", "errors");
    given()
        .queryParam("monitor", monitor)
        .queryParam("type", "errors_started,errors_resolved")
        .when()
        .get("/api/events")
        .then()
        .statusCode(200)
        .body("type", org.hamcrest.Matchers.contains("errors_resolved", "errors_started"));
  }

  @Test
  void errorsOutrankCriticalAndDownOutranksErrors() {
    String monitor = TestKafka.monitor("mixed");
    TestKafka.send(TestKafka.anomaly(monitor, "cpu_usage", Severity.CRITICAL, T0));
    awaitStatus(monitor, "critical");
    MonitorEvent errors = TestKafka.errorsStarted(monitor, T0 + 1000);
    TestKafka.send(errors);
    awaitStatus(monitor, "errors");
    MonitorEvent outage = TestKafka.outageStarted(monitor, T0 + 2000);
    TestKafka.send(outage);
    awaitStatus(monitor, "down");
    TestKafka.send(TestKafka.outageResolved(outage, T0 + 3000));
    awaitStatus(monitor, "errors");
    TestKafka.send(TestKafka.errorsResolved(errors, T0 + 4000));
    awaitStatus(monitor, "critical");
  }

  @Test
  void resolutionOfAnOlderErrorsEpisodeLeavesTheOpenOneOpen() {
    String monitor = TestKafka.monitor("stale");
    MonitorEvent current = TestKafka.errorsStarted(monitor, T0);
    TestKafka.send(current);
    awaitStatus(monitor, "errors");
    MonitorEvent older = TestKafka.errorsStarted(monitor, T0 - 600_000);
    TestKafka.send(TestKafka.errorsResolved(older, T0 + 1000));
    MonitorEvent marker = TestKafka.anomaly(monitor, "cpu_usage", Severity.MINOR, T0 + 2000);
    TestKafka.send(marker); // same partition: applied after the stale resolution
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> assertThat(monitorNamed(monitor).getInt("open_anomalies")).isEqualTo(1));
    assertThat(monitorNamed(monitor).getString("status")).isEqualTo("errors");
  }

  @Test
  void redeliveredEventCreatesNoSecondRowNorSecondStatusChange() {
    String monitor = TestKafka.monitor("cache");
    MonitorEvent anomaly = TestKafka.anomaly(monitor, "hit_ratio", Severity.MINOR, T0);
    TestKafka.send(anomaly);
    awaitStatus(monitor, "trouble");
    TestKafka.send(anomaly); // same id again, as after a consumer crash before the commit
    MonitorEvent marker = TestKafka.anomaly(monitor, "evictions", Severity.CRITICAL, T0 + 5000);
    TestKafka.send(marker); // same partition, so processed after the duplicate
    awaitStatus(monitor, "critical");

    List<Map<String, Object>> anomalies =
        given()
            .queryParam("monitor", monitor)
            .when()
            .get("/api/anomalies")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    assertThat(anomalies).extracting(a -> a.get("id")).containsExactly(marker.id(), anomaly.id());
    List<Map<String, Object>> logged =
        given()
            .queryParam("monitor", monitor)
            .queryParam("type", "anomaly")
            .when()
            .get("/api/events")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    assertThat(logged).hasSize(2);
    assertThat(statusChanges(monitor))
        .extracting(e -> e.get("status"))
        .containsExactly("critical", "trouble");
    assertThat(monitorNamed(monitor).getLong("anomaly_count")).isEqualTo(2);
  }

  @Test
  void undecodableRecordGoesToDeadLetterTopicAndConsumptionContinues() {
    String monitor = TestKafka.monitor("broken");
    TestKafka.sendRaw(Topics.EVENTS, monitor, "{not json at all");
    TestKafka.send(TestKafka.anomaly(monitor, "cpu_usage", Severity.MAJOR, T0));
    awaitStatus(monitor, "trouble");

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              List<ConsumerRecord<String, String>> dead =
                  TestKafka.readAll(Topics.dlq(Topics.EVENTS));
              assertThat(dead)
                  .filteredOn(r -> monitor.equals(r.key()))
                  .singleElement()
                  .satisfies(
                      r -> {
                        assertThat(r.value()).isEqualTo("{not json at all");
                        assertThat(
                                new String(
                                    r.headers().lastHeader(Topics.DLQ_REASON_HEADER).value(),
                                    StandardCharsets.UTF_8))
                            .contains("cannot decode MonitorEvent");
                      });
            });
  }

  @Test
  void eventIsRetriedWhileTheDatabaseFailsAndAppliedOnceItRecovers() {
    String monitor = TestKafka.monitor("retried");
    double failuresBefore = transientFailures();
    execute("ALTER TABLE anomalies RENAME TO anomalies_away");
    try {
      TestKafka.send(TestKafka.anomaly(monitor, "cpu_usage", Severity.MAJOR, T0));
      // the consumer has tried and failed (table missing) at least twice: it retries, and each
      // failed transaction rolled back, so nothing of the event is visible
      await().atMost(Duration.ofSeconds(30)).until(() -> transientFailures() >= failuresBefore + 2);
      assertThat(countEvents(monitor)).isZero();
    } finally {
      execute("ALTER TABLE anomalies_away RENAME TO anomalies");
    }
    awaitStatus(monitor, "trouble");
    given()
        .queryParam("monitor", monitor)
        .when()
        .get("/api/anomalies")
        .then()
        .statusCode(200)
        .body("$", hasSize(1));
    assertThat(countEvents(monitor)).isEqualTo(2); // the anomaly and its status change
  }

  private double transientFailures() {
    return registry.find("sentinel.query.transient.failures").counters().stream()
        .mapToDouble(io.micrometer.core.instrument.Counter::count)
        .sum();
  }

  private void execute(String sql) {
    pool.query(sql).execute().await().atMost(Duration.ofSeconds(10));
  }

  private long countEvents(String monitor) {
    return pool.preparedQuery("SELECT count(*) AS n FROM events WHERE monitor = $1")
        .execute(io.vertx.mutiny.sqlclient.Tuple.of(monitor))
        .await()
        .atMost(Duration.ofSeconds(5))
        .iterator()
        .next()
        .getLong("n");
  }

  @Test
  void rollupCreatesMonitorAndTheLastRollupOfAMinuteWins() {
    String monitor = TestKafka.monitor("rolled");
    String series = monitor + "/cpu_usage";
    TestKafka.send(rollup(series, monitor, 3, 12.0, T0 + 30_000));
    TestKafka.send(rollup(series, monitor, 6, 14.0, T0 + 55_000));

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                given()
                    .queryParam("q", monitor)
                    .when()
                    .get("/api/monitors")
                    .then()
                    .statusCode(200)
                    .body("$", hasSize(1))
                    .body("[0].status", equalTo("up"))
                    .body("[0].last_updated", equalTo("2025-09-21T23:59:55Z")));
    // the invalid rollup goes to its dead-letter topic, the channel goes on
    TestKafka.sendRaw(Topics.ROLLUPS, series, "{\"series\":\"" + series + "\"}");
    TestKafka.send(rollup(series, monitor, 7, 15.0, T0 + 59_000));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                given()
                    .queryParam("q", monitor)
                    .when()
                    .get("/api/monitors")
                    .then()
                    .body("[0].last_updated", equalTo("2025-09-21T23:59:59Z")));
    io.vertx.mutiny.sqlclient.RowSet<io.vertx.mutiny.sqlclient.Row> rows =
        pool.preparedQuery("SELECT count, last FROM rollups WHERE series = $1")
            .execute(io.vertx.mutiny.sqlclient.Tuple.of(series))
            .await()
            .atMost(Duration.ofSeconds(5));
    assertThat(rows.size()).isEqualTo(1);
    io.vertx.mutiny.sqlclient.Row row = rows.iterator().next();
    assertThat(row.getLong("count")).isEqualTo(7);
    assertThat(row.getDouble("last")).isEqualTo(15.0);
    given()
        .queryParam("series", series)
        .when()
        .get("/api/rollups")
        .then()
        .statusCode(200)
        .body("$", hasSize(1))
        .body("[0].minute", equalTo("2025-09-21T23:59:00Z"))
        .body("[0].count", equalTo(7))
        .body("[0].last_timestamp", equalTo("2025-09-21T23:59:59Z"))
        .body("[0].expected_high", equalTo(30.0f));
  }

  private static Rollup rollup(
      String series, String monitor, long count, double last, long lastTs) {
    return new Rollup(
        series,
        monitor,
        "cpu_usage",
        Map.of("cpu", "0"),
        T0,
        count,
        10.0,
        20.0,
        13.0,
        last,
        lastTs,
        8.0,
        30.0,
        0.2,
        Tenants.DEFAULT);
  }
}
