package io.sentinel.query.events;

import static io.sentinel.query.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.TestDb;
import io.sentinel.query.TestKafka;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Filters and paging of the event log and the outages, on real PostgreSQL. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class EventAndOutagePagingTest {
  private static final Instant T0 = Instant.parse("2025-09-21T00:00:00Z");
  private String name;

  @BeforeEach
  void data() {
    name = TestKafka.monitor("paging");
    long id = TestDb.monitor(name, "down", T0);
    // five events an hour apart, inserted in time order (seq order = time order)
    String[] types = {
      "monitor_discovered", "anomaly", "anomaly_resolved", "outage_started", "anomaly"
    };
    for (int i = 0; i < types.length; i++) {
      TestDb.exec(
          "INSERT INTO events (event_id, type, monitor, time, message) VALUES (?, ?, ?, ?, ?)",
          name + "-e" + i,
          types[i],
          name,
          T0.plusSeconds(3600L * i),
          "event " + i);
    }
    // four outages a day apart; the newest still open
    for (int i = 0; i < 4; i++) {
      TestDb.exec(
          "INSERT INTO outages (id, monitor_id, monitor, started_at, ended_at, cause) VALUES (?, ?, ?, ?, ?, ?)",
          name + "-o" + i,
          id,
          name,
          T0.plusSeconds(86_400L * i),
          i == 3 ? null : T0.plusSeconds(86_400L * i + 600),
          "silent " + i);
    }
  }

  /** The ids of a page, without this test's monitor prefix. */
  private List<String> ids(Response r) {
    r.then().statusCode(200);
    return r.jsonPath().getList("id").stream()
        .map(o -> ((String) o).substring(name.length() + 1))
        .toList();
  }

  private long seqOf(String suffix) {
    return TestDb.queryLong("SELECT seq FROM events WHERE event_id = ?", name + "-" + suffix);
  }

  @Test
  void eventLogPagesNewestFirstWithBeforeAndAscendingWithAfterWithoutGapsOrRepeats() {
    assertThat(ids(given().queryParam("monitor", name).get("/api/events")))
        .containsExactly("e4", "e3", "e2", "e1", "e0");
    List<String> pages = new ArrayList<>();
    Long before = null;
    for (int page = 0; page < 5; page++) {
      var request = given().queryParam("monitor", name).queryParam("limit", 2);
      if (before != null) {
        request.queryParam("before", before);
      }
      List<String> ids = ids(request.get("/api/events"));
      if (ids.isEmpty()) {
        break;
      }
      assertThat(ids).hasSizeLessThanOrEqualTo(2);
      pages.addAll(ids);
      before = seqOf(ids.get(ids.size() - 1));
    }
    assertThat(pages).containsExactly("e4", "e3", "e2", "e1", "e0");
    assertThat(
            ids(
                given()
                    .queryParam("monitor", name)
                    .queryParam("after", seqOf("e1"))
                    .get("/api/events")))
        .containsExactly("e2", "e3", "e4");
    assertThat(
            ids(
                given()
                    .queryParam("monitor", name)
                    .queryParam("after", seqOf("e1"))
                    .queryParam("limit", 1)
                    .get("/api/events")))
        .containsExactly("e2");
  }

  @Test
  void eventLogFiltersByTypeAndTimeRange() {
    assertThat(
            ids(
                given()
                    .queryParam("monitor", name)
                    .queryParam("type", "anomaly")
                    .get("/api/events")))
        .containsExactly("e4", "e1");
    assertThat(
            ids(
                given()
                    .queryParam("monitor", name)
                    .queryParam("type", "anomaly,outage_started")
                    .get("/api/events")))
        .containsExactly("e4", "e3", "e1");
    // since is inclusive, until exclusive
    assertThat(
            ids(
                given()
                    .queryParam("monitor", name)
                    .queryParam("since", "2025-09-21T01:00:00Z")
                    .queryParam("until", "2025-09-21T03:00:00Z")
                    .get("/api/events")))
        .containsExactly("e2", "e1");
    assertThat(ids(given().queryParam("monitor", name + "-nobody").get("/api/events"))).isEmpty();
  }

  @Test
  void outagesPageNewestFirstWithTotalAndLinks() {
    Response first = given().queryParam("monitor", name).queryParam("limit", 3).get("/api/outages");
    assertThat(ids(first)).containsExactly("o3", "o2", "o1");
    first
        .then()
        .header("X-Total-Count", equalTo("4"))
        .header("Link", containsString("rel=\"next\""))
        .header("Link", containsString("offset=3"));
    Response second =
        given()
            .queryParam("monitor", name)
            .queryParam("limit", 3)
            .queryParam("offset", 3)
            .get("/api/outages");
    assertThat(ids(second)).containsExactly("o0");
    second
        .then()
        .header("X-Total-Count", equalTo("4"))
        .header("Link", containsString("rel=\"prev\""));
    assertThat(
            ids(
                given()
                    .queryParam("monitor", name)
                    .queryParam("limit", 3)
                    .queryParam("offset", 6)
                    .get("/api/outages")))
        .isEmpty();
  }

  @Test
  void outagesFilterByOpenAndByOverlapWithTheTimeRange() {
    assertThat(
            ids(given().queryParam("monitor", name).queryParam("open", "true").get("/api/outages")))
        .containsExactly("o3");
    assertThat(
            ids(
                given()
                    .queryParam("monitor", name)
                    .queryParam("open", "false")
                    .get("/api/outages")))
        .containsExactly("o2", "o1", "o0");
    // overlapping [day 1 + 5 min, day 2): o1 (ended day 1 + 10 min) only; o2 starts at day 2
    assertThat(
            ids(
                given()
                    .queryParam("monitor", name)
                    .queryParam("since", "2025-09-22T00:05:00Z")
                    .queryParam("until", "2025-09-23T00:00:00Z")
                    .get("/api/outages")))
        .containsExactly("o1");
    // still running: the open one overlaps any later range
    assertThat(
            ids(
                given()
                    .queryParam("monitor", name)
                    .queryParam("since", "2030-01-01T00:00:00Z")
                    .get("/api/outages")))
        .containsExactly("o3");
    given()
        .queryParam("open", "maybe")
        .get("/api/outages")
        .then()
        .statusCode(400)
        .body("errors[0].name", equalTo("open"));
  }

  @Test
  void anOffsetBeyondTheBoundIsRefusedWithAHintToNarrowTheTimeRange() {
    // sentinel.query.api.max-offset (10000): the last page it allows still answers
    given().queryParam("offset", 10_000).get("/api/outages").then().statusCode(200);
    for (String list :
        List.of("/api/outages", "/api/anomalies", "/api/monitors", "/api/maintenance")) {
      given()
          .queryParam("offset", 10_001)
          .get(list)
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("errors[0].name", equalTo("offset"))
          .body("errors[0].detail", containsString("sentinel.query.api.max-offset"))
          .body("errors[0].detail", containsString("since, until"));
    }
    given()
        .queryParam("offset", 10_001)
        .get("/api/sparklines")
        .then()
        .statusCode(400)
        .body("errors[0].name", equalTo("offset"));
    given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(
            "paths.'/api/outages'.get.parameters.find { it.name == 'offset' }.description",
            containsString("sentinel.query.api.max-offset"));
  }
}
