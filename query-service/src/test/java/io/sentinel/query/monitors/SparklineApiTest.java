package io.sentinel.query.monitors;

import static io.sentinel.query.Api.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

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
class SparklineApiTest {
  private static final Instant T0 = Instant.parse("2004-04-04T10:00:00Z");
  private static long a;
  private static long b;
  private static long quiet;

  @BeforeAll
  static void arrange() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    a = TestDb.monitor("spark-a-" + tag, "up", T0);
    b = TestDb.monitor("spark-b-" + tag, "up", T0);
    quiet = TestDb.monitor("spark-quiet-" + tag, "up", T0);
    // a: cpu (first by name) and mem; minutes 0,1 (one 2-minute bucket) and minute 4
    series(a, "spark-a-" + tag, "cpu");
    series(a, "spark-a-" + tag, "mem");
    rollup("spark-a-" + tag, "cpu", 0, 10, 1.0, 0.1);
    rollup("spark-a-" + tag, "cpu", 1, 30, 3.0, 0.8);
    rollup("spark-a-" + tag, "cpu", 4, 5, 1.0, 0.0);
    rollup("spark-a-" + tag, "mem", 0, 70, 1.0, 0.0);
    series(b, "spark-b-" + tag, "mem");
    rollup("spark-b-" + tag, "mem", 5, 60, 1.0, 0.2);
  }

  private static void series(long monitorId, String monitor, String metric) {
    TestDb.exec(
        "INSERT INTO series (series, monitor_id, monitor, metric, first_minute, last_minute) VALUES (?, ?, ?, ?, ?, ?)",
        monitor + "/" + metric,
        monitorId,
        monitor,
        metric,
        T0,
        T0);
  }

  /** A rollup at T0 + minute with a mean, a count (weight) and a max score. */
  private static void rollup(
      String monitor, String metric, int minute, double mean, double count, double score) {
    Instant m = T0.plusSeconds(60L * minute);
    TestDb.exec(
        "INSERT INTO rollups (series, monitor, metric, minute, count, min, max, mean, last, last_timestamp, max_score)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        monitor + "/" + metric,
        monitor,
        metric,
        m,
        (long) count,
        mean,
        mean,
        mean,
        mean,
        m,
        score);
  }

  @Test
  void oneLinePerMonitorWithCountWeightedMeansAndNullsWhereNoData() {
    given()
        .queryParam("monitors", a + "," + b + "," + quiet)
        .queryParam("to", "2004-04-04T10:06:00Z")
        .queryParam("step", "2m")
        .queryParam("points", "3")
        .get("/api/sparklines")
        .then()
        .statusCode(200)
        .body("from", equalTo("2004-04-04T10:00:00Z"))
        .body("step_seconds", equalTo(120))
        // the quiet monitor has no series: left out
        .body("items", hasSize(2))
        .body("items[0].monitor_id", equalTo((int) a))
        .body("items[0].metric", equalTo("cpu"))
        // (10*1 + 30*3) / 4 = 25
        .body("items[0].values", contains(25.0f, null, 5.0f))
        .body("items[0].max_scores", contains(0.8f, null, 0.0f))
        .body("items[1].metric", equalTo("mem"))
        .body("items[1].values", contains(null, null, 60.0f));
  }

  @Test
  void metricParameterChoosesTheSeriesAndSeriesWithoutDataGiveAllNulls() {
    given()
        .queryParam("monitors", a + "," + b)
        .queryParam("metric", "mem")
        .queryParam("to", "2004-04-04T10:06:00Z")
        .queryParam("points", "3")
        .get("/api/sparklines")
        .then()
        .statusCode(200)
        .body("items.metric", contains("mem", "mem"))
        .body("items[0].values", contains(70.0f, null, null));
    given()
        .queryParam("monitors", String.valueOf(a))
        .queryParam("to", "2001-01-01T00:00:00Z")
        .queryParam("points", "2")
        .get("/api/sparklines")
        .then()
        .statusCode(200)
        .body("items[0].values", contains(nullValue(), nullValue()));
  }

  @Test
  void badParametersAreAllNamedInOneProblem() {
    given()
        .queryParam("monitors", "1,x,-2")
        .queryParam("step", "30s")
        .queryParam("points", "1000")
        .queryParam("to", "soon")
        .get("/api/sparklines")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.name", hasItems("monitors", "step", "points", "to"));
  }
}
