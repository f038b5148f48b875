package io.sentinel.query.analyze;

import static io.sentinel.query.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.TestDb;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class AnalyzeApiTest {
  private static final long T0 = 1_758_412_800_000L;

  /** A noisy daily-ish wave of 1,200 one-minute points with one large spike at index 1,000. */
  private static String csv() {
    Random r = new Random(7);
    StringBuilder sb = new StringBuilder("timestamp,value\n");
    for (int i = 0; i < 1200; i++) {
      double v = 50 + 10 * Math.sin(i / 60.0) + r.nextGaussian();
      if (i == 1000) {
        v += 80;
      }
      sb.append(T0 + i * 60_000L).append(',').append(v).append('\n');
    }
    return sb.toString();
  }

  @Test
  void csvSeriesGetsPerPointScoresAndTheSpikeIsAnAnomaly() {
    long eventsBefore = TestDb.queryLong("SELECT count(*) FROM events");
    JsonPath result =
        given()
            .contentType("text/csv")
            .body(csv())
            .post("/api/analyze")
            .then()
            .statusCode(200)
            .body("points", equalTo(1200))
            .body("results.size()", equalTo(1200))
            .extract()
            .jsonPath();
    assertThat(result.getInt("warmup_points")).isBetween(1, 600);
    assertThat(result.getBoolean("results[0].warming_up")).isTrue();
    List<Map<String, Object>> anomalies = result.getList("anomalies");
    assertThat(anomalies).isNotEmpty();
    assertThat(anomalies)
        .anySatisfy(
            a -> {
              assertThat(a.get("timestamp"))
                  .isEqualTo(java.time.Instant.ofEpochMilli(T0 + 1000 * 60_000L).toString());
              assertThat(a.get("explanation")).isNotNull();
              assertThat(a.get("severity")).isNotNull();
              assertThat(a.get("expected_high")).isNotNull();
            });
    Map<String, Object> late = result.getMap("results[900]");
    assertThat(late).containsKeys("score", "expected_low", "expected_high");
    // nothing live was touched
    assertThat(TestDb.queryLong("SELECT count(*) FROM events")).isEqualTo(eventsBefore);
  }

  @Test
  void jsonSeriesAcceptsEpochMillisAndIsoTimestamps() {
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"points\":[{\"timestamp\":\"2025-09-21T00:00:00Z\",\"value\":1.5},"
                + "{\"timestamp\":1758412860000,\"value\":2}]}")
        .post("/api/analyze")
        .then()
        .statusCode(200)
        .body("points", equalTo(2))
        .body("results[0].timestamp", equalTo("2025-09-21T00:00:00Z"))
        .body("results[1].warming_up", equalTo(true))
        .body("anomaly_count", equalTo(0));
  }

  @Test
  void badCsvIsAProblemNamingTheLines() {
    given()
        .contentType("text/csv")
        .body("timestamp,value\n1758412800000,1\n1758412860000,abc\nyesterday,3\n1758412900000\n")
        .post("/api/analyze")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:sentinel:problem:invalid-body"))
        .body("detail", containsString("line 3"))
        .body("errors.name", hasItems("line 3", "line 4", "line 5"));
    given()
        .contentType("text/csv")
        .body("timestamp,value\n1758412800000,1\n1758412860000,1e200\n")
        .post("/api/analyze")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.find { it.name == 'line 3' }.detail", containsString("beyond 1e36"));
  }

  @Test
  void outOfOrderAndNonFiniteJsonPointsAreNamed() {
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"points\":[{\"timestamp\":2000,\"value\":1},{\"timestamp\":1000,\"value\":1},"
                + "{\"timestamp\":3000}]}")
        .post("/api/analyze")
        .then()
        .statusCode(400)
        .body("errors.name", hasItems("points[1].timestamp", "points[2].value"));
  }

  @Test
  void malformedJsonAndEmptyBodiesGet400() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"points\":[{")
        .post("/api/analyze")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given().contentType("text/csv").body("").post("/api/analyze").then().statusCode(400);
  }

  @Test
  void unixSecondsMillisecondsAndRfc3339AreReadAsTheSameInstantsAndTheAnswerSaysWhichItRead() {
    long seconds = 1_700_000_000L;
    Map<String, String> bodies =
        Map.of(
            "unix_seconds", seconds + ",0.42\n" + (seconds + 60) + ".5,0.43\n",
            "unix_milliseconds", seconds * 1000 + ",0.42\n" + (seconds * 1000 + 60_500) + ",0.43\n",
            "unix_nanoseconds",
                seconds * 1_000_000_000L
                    + ",0.42\n"
                    + (seconds * 1_000_000_000L + 60_500_000_000L)
                    + ",0.43\n",
            "rfc3339", "2023-11-14T22:13:20Z,0.42\n2023-11-14T23:14:20.5+01:00,0.43\n");
    bodies.forEach(
        (format, body) ->
            given()
                .contentType("text/csv")
                .body(body)
                .when()
                .post("/api/analyze")
                .then()
                .statusCode(200)
                .body("timestamp_format", equalTo(format))
                .body("results[0].timestamp", equalTo("2023-11-14T22:13:20Z"))
                .body("results[1].timestamp", equalTo("2023-11-14T22:14:20.500Z")));
  }

  @Test
  void aSeriesThatMixesSecondsAndMillisecondsIsRefusedNamingTheLine() {
    given()
        .contentType("text/csv")
        .body("1700000000,1\n1700000060000,2\n")
        .when()
        .post("/api/analyze")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].name", equalTo("line 2"))
        .body("errors[0].detail", containsString("unix_seconds"));
  }
}
