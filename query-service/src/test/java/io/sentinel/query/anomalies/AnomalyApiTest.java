package io.sentinel.query.anomalies;

import static io.sentinel.query.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.TestDb;
import io.sentinel.query.TestKafka;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class AnomalyApiTest {
  private static final Instant T0 = Instant.parse("2025-09-21T00:00:00Z");
  private String name;
  private long id;

  @BeforeEach
  void anomalies() {
    name = TestKafka.monitor("anom");
    id = TestDb.monitor(name, "critical", T0);
    anomaly("a1", "cpu", "minor", 0, 600, 0.55);
    anomaly("a2", "cpu", "major", 3600, null, 0.6);
    anomaly("a3", "mem", "critical", 7200, null, 0.9);
    anomaly("a4", "disk", "major", 86_400 * 2, 86_400 * 2 + 60, 0.58);
  }

  private void anomaly(
      String suffix, String metric, String severity, long at, Integer endAt, double score) {
    TestDb.exec(
        "INSERT INTO anomalies (id, monitor_id, monitor, metric, series, started_at, ended_at, score,"
            + " severity, value, expected_low, expected_high, message)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 99.0, 10.0, 40.0, ?)",
        name + "-" + suffix,
        id,
        name,
        metric,
        name + "/" + metric,
        T0.plusSeconds(at),
        endAt == null ? null : T0.plusSeconds(endAt),
        score,
        severity,
        metric + ": far above usual");
  }

  private List<String> ids(Response r) {
    r.then().statusCode(200);
    return r.jsonPath().getList("id").stream()
        .map(o -> ((String) o).substring(name.length() + 1))
        .toList();
  }

  @Test
  void filtersByMonitorMetricSeverityAndOpen() {
    assertThat(ids(given().queryParam("monitor", name).get("/api/anomalies")))
        .containsExactly("a4", "a3", "a2", "a1");
    assertThat(
            ids(
                given()
                    .queryParam("monitor", id)
                    .queryParam("metric", "cpu")
                    .get("/api/anomalies")))
        .containsExactly("a2", "a1");
    assertThat(
            ids(
                given()
                    .queryParam("monitor", name)
                    .queryParam("severity", "major,critical")
                    .get("/api/anomalies")))
        .containsExactly("a4", "a3", "a2");
    assertThat(
            ids(
                given()
                    .queryParam("monitor", name)
                    .queryParam("open", "true")
                    .get("/api/anomalies")))
        .containsExactly("a3", "a2");
  }

  @Test
  void filtersByTimeRangeSortsAndPages() {
    assertThat(
            ids(
                given()
                    .queryParam("monitor", name)
                    .queryParam("since", "2025-09-21T00:30:00Z")
                    .queryParam("until", "2025-09-22T00:00:00Z")
                    .get("/api/anomalies")))
        .containsExactly("a3", "a2");
    Response page =
        given()
            .queryParam("monitor", name)
            .queryParam("sort", "-score")
            .queryParam("limit", 2)
            .get("/api/anomalies");
    page.then().header("X-Total-Count", "4");
    assertThat(ids(page)).containsExactly("a3", "a2");
  }

  @Test
  void anomalyCarriesScoreSeverityValueBandExplanationAndDuration() {
    given()
        .get("/api/anomalies/" + name + "-a1")
        .then()
        .statusCode(200)
        .body("score", equalTo(0.55f))
        .body("severity", equalTo("minor"))
        .body("value", equalTo(99.0f))
        .body("expected_low", equalTo(10.0f))
        .body("expected_high", equalTo(40.0f))
        .body("explanation", equalTo("cpu: far above usual"))
        .body("duration_seconds", equalTo(600))
        .body("open", equalTo(false))
        .body("acknowledged", equalTo(false));
  }

  @Test
  void acknowledgingTwiceIsHarmless() {
    String anomaly = name + "-a3";
    // who acknowledges is the caller (here the bootstrap key), never the body's "by"
    given()
        .contentType(ContentType.JSON)
        .body("{\"by\":\"alice\",\"comment\":\"looking\"}")
        .post("/api/anomalies/" + anomaly + "/ack")
        .then()
        .statusCode(200)
        .body("acknowledged", equalTo(true))
        .body("acknowledged_by", equalTo("bootstrap-key"))
        .body("ack_comment", equalTo("looking"));
    String firstAt =
        TestDb.queryString("SELECT acknowledged_at::text FROM anomalies WHERE id = ?", anomaly);

    given()
        .contentType(ContentType.JSON)
        .body("{\"comment\":\"again\"}")
        .post("/api/anomalies/" + anomaly + "/ack")
        .then()
        .statusCode(200)
        .body("acknowledged_by", equalTo("bootstrap-key"))
        .body("ack_comment", equalTo("looking"));

    assertThat(
            TestDb.queryString("SELECT acknowledged_at::text FROM anomalies WHERE id = ?", anomaly))
        .isEqualTo(firstAt);
    assertThat(
            TestDb.queryLong(
                "SELECT count(*) FROM events WHERE ref = ? AND type = 'acknowledged'", anomaly))
        .isEqualTo(1);
    assertThat(
            ids(
                given()
                    .queryParam("monitor", name)
                    .queryParam("acknowledged", "true")
                    .get("/api/anomalies")))
        .containsExactly("a3");
    assertThat(
            ids(
                given()
                    .queryParam("monitor", name)
                    .queryParam("acknowledged", "false")
                    .get("/api/anomalies")))
        .containsExactly("a4", "a2", "a1");
    given()
        .queryParam("monitor", name)
        .queryParam("type", "acknowledged")
        .get("/api/events")
        .then()
        .statusCode(200)
        .body("[0].ref", equalTo(anomaly));
  }

  @Test
  void ackNeedsAnExistingAnomalyAndAShortComment() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"comment\":\"" + "x".repeat(2001) + "\"}")
        .post("/api/anomalies/" + name + "-a1/ack")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].name", equalTo("comment"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"comment\":\"x\"}")
        .post("/api/anomalies/nope-" + name + "/ack")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void badFiltersGet400() {
    given()
        .queryParam("severity", "huge")
        .queryParam("acknowledged", "perhaps")
        .queryParam("since", "2025-09-22T00:00:00Z")
        .queryParam("until", "2025-09-21T00:00:00Z")
        .queryParam("sort", "mood")
        .get("/api/anomalies")
        .then()
        .statusCode(400)
        .body("errors.name", hasItems("severity", "acknowledged", "until", "sort"));
  }

  @Test
  void outagesFilterByMonitorTimeRangeAndOpen() {
    TestDb.exec(
        "INSERT INTO outages (id, monitor_id, monitor, started_at, ended_at, cause) VALUES (?, ?, ?, ?, ?, 'gone')",
        name + "-o1",
        id,
        name,
        T0,
        T0.plusSeconds(300));
    TestDb.exec(
        "INSERT INTO outages (id, monitor_id, monitor, started_at, cause) VALUES (?, ?, ?, ?, 'gone')",
        name + "-o2",
        id,
        name,
        T0.plusSeconds(86_400));
    Response all = given().queryParam("monitor", name).get("/api/outages");
    assertThat(ids(all)).containsExactly("o2", "o1");
    all.then().header("X-Total-Count", "2").body("[1].duration_seconds", equalTo(300));
    assertThat(
            ids(given().queryParam("monitor", name).queryParam("open", "true").get("/api/outages")))
        .containsExactly("o2");
    assertThat(
            ids(
                given()
                    .queryParam("monitor", id)
                    .queryParam("since", "2025-09-21T01:00:00Z")
                    .get("/api/outages")))
        .containsExactly("o2");
    assertThat(
            ids(
                given()
                    .queryParam("monitor", name)
                    .queryParam("until", "2025-09-21T01:00:00Z")
                    .get("/api/outages")))
        .containsExactly("o1");
  }
}
