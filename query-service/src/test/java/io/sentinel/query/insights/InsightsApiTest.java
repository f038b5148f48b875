package io.sentinel.query.insights;

import static io.sentinel.query.Api.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.TestDb;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class InsightsApiTest {
  /** A day no other test writes anomalies in, so the counts are this test's own. */
  private static final Instant DAY = Instant.parse("2003-03-03T00:00:00Z");

  private static String db;
  private static String web;

  @BeforeAll
  static void arrange() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    db = "insights-db-" + tag;
    web = "insights-web-" + tag;
    long dbId = TestDb.monitor(db, "critical", DAY);
    long webId = TestDb.monitor(web, "trouble", DAY);
    // db: 3 latency anomalies (one critical, one still open) and 1 cpu; web: 1 minor
    anomaly(dbId, db, "latency_ms", DAY.plusSeconds(600), 0.7, "major", true);
    anomaly(dbId, db, "latency_ms", DAY.plusSeconds(4000), 0.99, "critical", true);
    anomaly(dbId, db, "latency_ms", DAY.plusSeconds(4100), 0.6, "minor", false);
    anomaly(dbId, db, "cpu", DAY.plusSeconds(7300), 0.5, "minor", true);
    anomaly(webId, web, "errors", DAY.plusSeconds(7400), 0.4, "minor", true);
    // outside the range asked for: not counted
    anomaly(webId, web, "errors", DAY.plusSeconds(86_400 * 2), 0.9, "critical", true);
  }

  private static void anomaly(
      long monitorId,
      String monitor,
      String metric,
      Instant at,
      double score,
      String severity,
      boolean closed) {
    TestDb.exec(
        "INSERT INTO anomalies (id, monitor_id, monitor, metric, series, started_at, ended_at, score, severity, value,"
            + " message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1.0, 'test')",
        UUID.randomUUID().toString(),
        monitorId,
        monitor,
        metric,
        monitor + "/" + metric,
        at,
        closed ? at.plusSeconds(60) : null,
        score,
        severity);
  }

  @Test
  void ranksMonitorsAndMetricsByAnomaliesAndCountsThemPerBucketAndSeverity() {
    given()
        .queryParam("from", "2003-03-03T00:00:00Z")
        .queryParam("to", "2003-03-03T03:00:00Z")
        .queryParam("step", "1h")
        .get("/api/insights")
        .then()
        .statusCode(200)
        .body("step_seconds", equalTo(3600))
        .body("total", equalTo(5))
        .body("open", equalTo(1))
        .body("top_monitors.monitor", contains(db, web))
        .body("top_monitors[0].anomalies", equalTo(4))
        .body("top_monitors[0].critical", equalTo(1))
        .body("top_monitors[0].max_score", equalTo(0.99f))
        .body("top_monitors[0].last_at", equalTo("2003-03-03T02:01:40Z"))
        .body("top_metrics[0].monitor", equalTo(db))
        .body("top_metrics[0].metric", equalTo("latency_ms"))
        .body("top_metrics[0].anomalies", equalTo(3))
        .body("top_metrics.metric", hasItems("cpu", "errors"))
        .body("rate", hasSize(3))
        .body(
            "rate.time",
            contains("2003-03-03T00:00:00Z", "2003-03-03T01:00:00Z", "2003-03-03T02:00:00Z"))
        .body("rate.anomalies", contains(1, 2, 2))
        .body("rate[1].critical", equalTo(1))
        .body("rate[1].minor", equalTo(1))
        .body("severity.minor", equalTo(3))
        .body("severity.major", equalTo(1))
        .body("severity.critical", equalTo(1));
  }

  @Test
  void quietRangeHasZeroBucketsAndEmptyRankings() {
    given()
        .queryParam("from", "2003-03-01T00:00:00Z")
        .queryParam("to", "2003-03-01T00:30:00Z")
        .queryParam("step", "15m")
        .get("/api/insights")
        .then()
        .statusCode(200)
        .body("total", equalTo(0))
        .body("top_monitors", hasSize(0))
        .body("rate.anomalies", contains(0, 0))
        .body("severity.critical", equalTo(0));
  }

  @Test
  void rankingSizeFollowsLimit() {
    given()
        .queryParam("from", "2003-03-03T00:00:00Z")
        .queryParam("to", "2003-03-04T00:00:00Z")
        .queryParam("limit", "1")
        .get("/api/insights")
        .then()
        .statusCode(200)
        .body("top_monitors.monitor", contains(db))
        .body("top_metrics", hasSize(1));
  }

  @Test
  void badParametersAreAllNamedInOneProblem() {
    given()
        .queryParam("from", "yesterday")
        .queryParam("step", "90s")
        .queryParam("limit", "0")
        .get("/api/insights")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.name", hasItems("from", "step", "limit"));
    given()
        .queryParam("from", "2003-03-03T00:00:00Z")
        .queryParam("to", "2003-03-02T00:00:00Z")
        .get("/api/insights")
        .then()
        .statusCode(400)
        .body("errors[0].name", equalTo("to"));
    given()
        .queryParam("from", "2000-01-01T00:00:00Z")
        .queryParam("to", "2003-01-01T00:00:00Z")
        .queryParam("step", "5m")
        .get("/api/insights")
        .then()
        .statusCode(400)
        .body("errors[0].name", equalTo("step"));
    // a typo is named, with what the endpoint takes: never read as "no filter"
    given()
        .queryParam("form", "2003-03-01T00:00:00Z")
        .get("/api/insights")
        .then()
        .statusCode(400)
        .body("errors[0].name", equalTo("form"))
        .body("errors[0].detail", containsString("takes from, limit, step, to"));
  }
}
