package io.sentinel.query.monitors;

import static io.sentinel.query.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sentinel.contract.Rollup;
import io.sentinel.contract.Tenants;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.TestDb;
import io.sentinel.query.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class SeriesApiTest {
  private static final Instant H10 = Instant.parse("2025-09-21T10:00:00Z");

  private static Rollup rollup(
      String monitor,
      String metric,
      Instant minute,
      double min,
      double max,
      double mean,
      double last,
      double score) {
    long m = minute.toEpochMilli();
    return new Rollup(
        monitor + "/" + metric,
        monitor,
        metric,
        Map.of("env", "prod"),
        m,
        10,
        min,
        max,
        mean,
        last,
        m + 50_000,
        min - 1,
        max + 1,
        score,
        Tenants.DEFAULT);
  }

  @Test
  void seriesIsDownsampledFromMinutesAndFromHourlyAggregates() {
    String monitor = TestKafka.monitor("chart");
    TestKafka.send(rollup(monitor, "cpu", H10.plusSeconds(58 * 60), 1, 5, 3, 4, 0.1));
    TestKafka.send(rollup(monitor, "cpu", H10.plusSeconds(59 * 60), 2, 9, 5, 8, 0.7));
    TestKafka.send(rollup(monitor, "cpu", H10.plusSeconds(60 * 60), 0, 3, 1, 2, 0.2));
    TestKafka.send(rollup(monitor, "cpu", H10.plusSeconds(61 * 60), 7, 7, 7, 7, 0.0));
    // a later rollup of the same minute replaces it, also in the hourly aggregate
    TestKafka.send(rollup(monitor, "cpu", H10.plusSeconds(61 * 60), 6, 8, 7, 6, 0.3));
    TestKafka.send(rollup(monitor, "mem", H10.plusSeconds(59 * 60), 50, 60, 55, 58, 0.0));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                TestDb.queryLong(
                            "SELECT count(*) FROM rollups_hourly WHERE series = ? AND min = 0 AND last = 6",
                            monitor + "/cpu")
                        == 1
                    // keyed by series: mem may be on another partition and arrive later
                    && TestDb.queryLong(
                            "SELECT count(*) FROM rollups WHERE series = ?", monitor + "/mem")
                        == 1);
    long id = TestDb.queryLong("SELECT id FROM monitors WHERE name = ?", monitor);

    JsonPath minutes =
        given()
            .queryParam("metric", "cpu")
            .queryParam("from", "2025-09-21T10:58:00Z")
            .queryParam("to", "2025-09-21T11:02:00Z")
            .queryParam("step", "2m")
            .get("/api/monitors/" + id + "/series")
            .then()
            .statusCode(200)
            .body("source", equalTo("minute"))
            .body("step_seconds", equalTo(120))
            .body("series.size()", equalTo(1))
            .body("series[0].labels.env", equalTo("prod"))
            .extract()
            .jsonPath();
    List<Map<String, Object>> points = minutes.getList("series[0].points");
    assertThat(points).hasSize(2);
    assertThat(points.get(0))
        .containsEntry("time", "2025-09-21T10:58:00Z")
        .containsEntry("count", 20)
        .containsEntry("min", 1.0f)
        .containsEntry("max", 9.0f)
        .containsEntry("mean", 4.0f)
        .containsEntry("last", 8.0f)
        .containsEntry("expected_low", 0.0f)
        .containsEntry("expected_high", 10.0f)
        .containsEntry("max_score", 0.7f);
    assertThat(points.get(1))
        .containsEntry("min", 0.0f)
        .containsEntry("max", 8.0f)
        .containsEntry("last", 6.0f);

    JsonPath hours =
        given()
            .queryParam("from", "2025-09-21T10:30:00Z")
            .queryParam("to", "2025-09-21T12:00:00Z")
            .queryParam("step", "PT1H")
            .get("/api/monitors/" + id + "/series")
            .then()
            .statusCode(200)
            .body("source", equalTo("hour"))
            .body("from", equalTo("2025-09-21T10:00:00Z"))
            .body("series.metric", hasItems("cpu", "mem"))
            .extract()
            .jsonPath();
    List<Map<String, Object>> cpu = hours.getList("series.find { it.metric == 'cpu' }.points");
    assertThat(cpu).hasSize(2);
    assertThat(cpu.get(0))
        .containsEntry("count", 20)
        .containsEntry("mean", 4.0f)
        .containsEntry("last", 8.0f);
    assertThat(cpu.get(1))
        .containsEntry("time", "2025-09-21T11:00:00Z")
        .containsEntry("count", 20)
        .containsEntry("min", 0.0f)
        .containsEntry("mean", 4.0f)
        .containsEntry("last", 6.0f)
        .containsEntry("max_score", 0.3f);

    given()
        .get("/api/monitors/" + id)
        .then()
        .statusCode(200)
        .body("tags", hasItems("env=prod"))
        .body("metrics.metric", hasItems("cpu", "mem"))
        .body("metrics.find { it.metric == 'cpu' }.last", equalTo(6.0f));
  }

  @Test
  void badSeriesParametersGet400() {
    given()
        .queryParam("step", "90s")
        .queryParam("from", "2025-09-22T00:00:00Z")
        .queryParam("to", "2025-09-21T00:00:00Z")
        .get("/api/monitors/1/series")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.name", hasItems("step", "to"));
    given()
        .queryParam("step", "1m")
        .queryParam("from", "2025-01-01T00:00:00Z")
        .queryParam("to", "2025-09-21T00:00:00Z")
        .get("/api/monitors/1/series")
        .then()
        .statusCode(400)
        .body("errors[0].detail", containsString("max-series-points"));
    for (String step : new String[] {"0", "0m", "PT0S", "PT0.5S"}) {
      given()
          .queryParam("step", step)
          .get("/api/monitors/1/series")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("errors.name", hasItems("step"));
    }
    // a time PostgreSQL cannot hold is the client's mistake, not a server error
    given()
        .queryParam("to", "9999-12-31T23:59:59-01:00")
        .get("/api/monitors/1/series")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.name", hasItems("to"));
    given()
        .queryParam("since", "0000-06-01T00:00:00Z")
        .get("/api/events")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.name", hasItems("since"));
    given().get("/api/monitors/987654321/series").then().statusCode(404);
  }
}
