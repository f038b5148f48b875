package io.sentinel.query.monitors;

import static io.sentinel.query.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.TestDb;
import io.sentinel.query.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class MonitorApiTest {
  private String prefix;
  private String team;
  private long alpha;
  private long gamma;

  @BeforeEach
  void monitors() {
    prefix = TestKafka.monitor("mon");
    team = TestKafka.monitor("team");
    Instant seen = Instant.now().minus(Duration.ofDays(40));
    alpha = TestDb.monitor(prefix + "-Alpha", "up", seen, "env=prod");
    TestDb.monitor(prefix + "-beta", "down", seen.plusSeconds(10), "env=dev");
    gamma =
        TestDb.monitor(
            prefix + "-gamma", "critical", seen.plusSeconds(20), "env=prod", "team=" + team);
    TestDb.monitor(prefix + "-delta", "maintenance", seen.plusSeconds(30));
    TestDb.monitor(prefix + "-epsilon", "trouble", seen.plusSeconds(40), "env=prod");
  }

  private static List<String> names(Response r) {
    return r.jsonPath().getList("name");
  }

  @Test
  void keywordMatchesNameCaseInsensitivelyAndCountsAllPages() {
    Response r =
        given().queryParam("q", prefix.toUpperCase()).queryParam("limit", 2).get("/api/monitors");
    r.then().statusCode(200).header("X-Total-Count", "5");
    assertThat(names(r)).containsExactly(prefix + "-Alpha", prefix + "-beta");
  }

  @Test
  void keywordMatchesTagsAndIds() {
    assertThat(names(given().queryParam("q", team).get("/api/monitors")))
        .containsExactly(prefix + "-gamma");
    assertThat(names(given().queryParam("q", Long.toString(alpha)).get("/api/monitors")))
        .contains(prefix + "-Alpha");
  }

  @Test
  void statusFilterTakesSeveralStatuses() {
    Response r =
        given().queryParam("q", prefix).queryParam("status", "down,critical").get("/api/monitors");
    r.then().statusCode(200).header("X-Total-Count", "2");
    assertThat(names(r)).containsExactly(prefix + "-beta", prefix + "-gamma");
  }

  @Test
  void tagFilterIsExact() {
    assertThat(
            names(
                given().queryParam("q", prefix).queryParam("tag", "env=prod").get("/api/monitors")))
        .containsExactly(prefix + "-Alpha", prefix + "-epsilon", prefix + "-gamma");
  }

  @Test
  void sortsByStatusPrecedenceAndPagesWithLinks() {
    assertThat(
            names(
                given().queryParam("q", prefix).queryParam("sort", "status").get("/api/monitors")))
        .containsExactly(
            prefix + "-delta",
            prefix + "-beta",
            prefix + "-gamma",
            prefix + "-epsilon",
            prefix + "-Alpha");
    Response page =
        given()
            .queryParam("q", prefix)
            .queryParam("sort", "-first_seen")
            .queryParam("limit", 2)
            .queryParam("offset", 2)
            .get("/api/monitors");
    page.then()
        .statusCode(200)
        .header("X-Total-Count", "5")
        .header("Link", containsString("rel=\"next\""))
        .header("Link", containsString("rel=\"prev\""))
        .header("Link", containsString("offset=4"));
    // every link is the request URI with limit and offset replaced (appended last), in this order
    String link = page.header("Link");
    String first = link.substring(1, link.indexOf('>'));
    assertThat(first).startsWith("http").contains("sort=-first_seen").endsWith("&limit=2&offset=0");
    String base = first.substring(0, first.length() - 1);
    assertThat(link)
        .isEqualTo(
            "<"
                + base
                + "0>; rel=\"first\", <"
                + base
                + "0>; rel=\"prev\", <"
                + base
                + "4>; rel=\"next\", <"
                + base
                + "4>; rel=\"last\"");
    assertThat(names(page)).containsExactly(prefix + "-gamma", prefix + "-beta");
  }

  @Test
  void summaryCountsEveryStatusOfTheMatchingMonitors() {
    given()
        .queryParam("q", prefix)
        .get("/api/monitors/summary")
        .then()
        .statusCode(200)
        .body("total", equalTo(5))
        .body("up", equalTo(1))
        .body("down", equalTo(1))
        .body("critical", equalTo(1))
        .body("maintenance", equalTo(1))
        .body("trouble", equalTo(1))
        .body("errors", equalTo(0));
  }

  @Test
  void detailHasSeriesOpenAnomaliesOpenOutagesAndUptime() {
    Instant now = Instant.now();
    String name = prefix + "-gamma";
    TestDb.exec(
        "INSERT INTO outages (id, monitor_id, monitor, started_at, ended_at, cause)"
            + " VALUES (?, ?, ?, ?, ?, 'no samples')",
        prefix + "-o1",
        gamma,
        name,
        now.minus(Duration.ofHours(12)),
        now.minus(Duration.ofHours(6)));
    TestDb.exec(
        "INSERT INTO outages (id, monitor_id, monitor, started_at, cause) VALUES (?, ?, ?, ?, 'agent down')",
        prefix + "-o2",
        gamma,
        name,
        now.minus(Duration.ofMinutes(1)));
    TestDb.exec(
        "INSERT INTO anomalies (id, monitor_id, monitor, metric, series, started_at, score, severity)"
            + " VALUES (?, ?, ?, 'cpu', ?, ?, 0.9, 'critical')",
        prefix + "-a1",
        gamma,
        name,
        name + "/cpu",
        now.minusSeconds(30));
    TestDb.exec(
        "INSERT INTO series (series, monitor_id, monitor, metric, labels, first_minute, last_minute, last)"
            + " VALUES (?, ?, ?, 'cpu', '{\"env\":\"prod\"}', ?, ?, 42.0)",
        name + "/cpu",
        gamma,
        name,
        now.minus(Duration.ofDays(1)),
        now);

    Response r = given().get("/api/monitors/" + gamma);
    r.then()
        .statusCode(200)
        .body("name", equalTo(name))
        .body("status", equalTo("critical"))
        .body("tags", hasItems("env=prod", "team=" + team))
        .body("metrics[0].series", equalTo(name + "/cpu"))
        .body("metrics[0].labels.env", equalTo("prod"))
        .body("active_anomalies[0].id", equalTo(prefix + "-a1"))
        .body("active_outages[0].id", equalTo(prefix + "-o2"))
        .body("active_outages.size()", equalTo(1));
    double day = r.jsonPath().getDouble("uptime.'24h'");
    double week = r.jsonPath().getDouble("uptime.'7d'");
    // 6 h + 1 min down in the last 24 h; the same in 7 days
    assertThat(day).isBetween(74.8, 75.0);
    assertThat(week).isBetween(96.4, 96.5);
    assertThat(r.jsonPath().getDouble("uptime.'30d'")).isGreaterThan(week);
  }

  @Test
  void badSortStatusAndOffsetAreAllListed() {
    given()
        .queryParam("sort", "colour")
        .queryParam("status", "up,sleepy")
        .queryParam("offset", "-1")
        .get("/api/monitors")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.name", hasItems("sort", "status", "offset"));
  }

  @Test
  void aMonitorIsFoundByNameAsByIdAndAnUnknownOneIs404() {
    String name = prefix + "-gamma";
    given()
        .get("/api/monitors/" + name)
        .then()
        .statusCode(200)
        .body("id", org.hamcrest.Matchers.equalTo((int) gamma))
        .body("name", org.hamcrest.Matchers.equalTo(name));
    given().get("/api/monitors/" + name + "/series").then().statusCode(200);
    given()
        .get("/api/monitors/" + gamma)
        .then()
        .statusCode(200)
        .body("name", org.hamcrest.Matchers.equalTo(name));
    given()
        .get("/api/monitors/" + prefix + "-nobody")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", org.hamcrest.Matchers.containsString(prefix + "-nobody"));
  }
}
