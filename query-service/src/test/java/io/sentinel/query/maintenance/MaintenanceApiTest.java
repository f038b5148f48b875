package io.sentinel.query.maintenance;

import static io.sentinel.query.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sentinel.contract.Severity;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.SseClient;
import io.sentinel.query.TestDb;
import io.sentinel.query.TestKafka;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class MaintenanceApiTest {
  @TestHTTPResource("/api/stream")
  URI stream;

  private static String status(long id) {
    return TestDb.queryString("SELECT status FROM monitors WHERE id = ?", id);
  }

  private static String window(long monitorId, Instant start, String extra) {
    return "{\"title\":\"patching\",\"monitor_ids\":["
        + monitorId
        + "],\"starts_at\":\""
        + start
        + "\",\"duration\":\"1h\",\"created_by\":\"alice\""
        + extra
        + "}";
  }

  @Test
  void windowPutsMonitorInMaintenanceSuppressesAlertsAndCancelRestoresStatus() {
    String name = TestKafka.monitor("maint");
    long id = TestDb.monitor(name, "up", Instant.now().minus(Duration.ofDays(1)));
    try (SseClient sse = SseClient.connect(stream, null)) {
      await().atMost(Duration.ofSeconds(10)).until(sse::connected);
      JsonPath created =
          given()
              .contentType(ContentType.JSON)
              .body(window(id, Instant.now().minusSeconds(60), ""))
              .post("/api/maintenance")
              .then()
              .statusCode(201)
              .header("Location", org.hamcrest.Matchers.containsString("/api/maintenance/"))
              .body("active", equalTo(true))
              .body("duration_seconds", equalTo(3600))
              .body("ends_at", notNullValue())
              .extract()
              .jsonPath();
      long windowId = created.getLong("id");
      assertThat(status(id)).isEqualTo("maintenance");
      given().get("/api/monitors/" + id).then().body("in_maintenance", equalTo(true));

      // an anomaly inside the window is stored and shown, marked suppressed; status stays
      TestKafka.send(TestKafka.anomaly(name, "cpu", Severity.MAJOR, Instant.now().toEpochMilli()));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  TestDb.queryLong("SELECT count(*) FROM anomalies WHERE monitor = ?", name) == 1);
      given()
          .queryParam("monitor", name)
          .get("/api/anomalies")
          .then()
          .body("[0].suppressed", equalTo(true));
      given()
          .queryParam("monitor", name)
          .queryParam("type", "anomaly")
          .get("/api/events")
          .then()
          .body("[0].suppressed", equalTo(true));
      assertThat(status(id)).isEqualTo("maintenance");

      given()
          .delete("/api/maintenance/" + windowId)
          .then()
          .statusCode(200)
          .body("cancelled", equalTo(true))
          .body("cancelled_by", equalTo("bootstrap-key"))
          .body("active", equalTo(false));
      // the open major anomaly now shows: trouble
      assertThat(status(id)).isEqualTo("trouble");
      // cancelling twice is harmless
      given()
          .delete("/api/maintenance/" + windowId)
          .then()
          .statusCode(200)
          .body("cancelled_by", equalTo("bootstrap-key"));

      given()
          .queryParam("monitor", name)
          .queryParam(
              "type",
              "maintenance_scheduled,maintenance_started,maintenance_ended,maintenance_cancelled")
          .get("/api/events")
          .then()
          .body(
              "type",
              hasItems(
                  "maintenance_scheduled",
                  "maintenance_started",
                  "maintenance_ended",
                  "maintenance_cancelled"));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(
                          sse.events.stream()
                              .filter(e -> e.data().contains(name))
                              .map(SseClient.Event::name)
                              .toList())
                      .contains("maintenance_started", "status_changed", "maintenance_ended"));
    }
  }

  @Test
  void scheduledJobFlipsMonitorsWhenAWindowStartsAndEnds() {
    String name = TestKafka.monitor("maint-job");
    long id = TestDb.monitor(name, "up", Instant.now().minus(Duration.ofDays(1)));
    Instant start = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"title\":\"short\",\"monitor_ids\":["
                + id
                + "],\"starts_at\":\""
                + start
                + "\",\"ends_at\":\""
                + start.plusSeconds(3)
                + "\"}")
        .post("/api/maintenance")
        .then()
        .statusCode(201)
        .body("active", equalTo(false))
        .body("next_start", equalTo(start.toString()));
    await().atMost(Duration.ofSeconds(15)).until(() -> "maintenance".equals(status(id)));
    await().atMost(Duration.ofSeconds(15)).until(() -> "up".equals(status(id)));
  }

  @Test
  void recurringWindowReportsItsNextStartAndIsListedPerMonitor() {
    String name = TestKafka.monitor("maint-rec");
    long id = TestDb.monitor(name, "up", Instant.now());
    Instant start = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
    given()
        .contentType(ContentType.JSON)
        .body(
            window(
                id,
                start,
                ",\"rrule\":\"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU\",\"time_zone\":\"Europe/Paris\""))
        .post("/api/maintenance")
        .then()
        .statusCode(201)
        .body("active", equalTo(false))
        .body("next_start", equalTo(start.toString()))
        .body("time_zone", equalTo("Europe/Paris"));
    given()
        .queryParam("monitor", id)
        .get("/api/maintenance")
        .then()
        .statusCode(200)
        .header("X-Total-Count", "1")
        .body("[0].rrule", equalTo("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU"));
  }

  @Test
  void invalidWindowsGet400NamingEveryField() {
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"monitor_ids\":[],\"starts_at\":\"soon\",\"duration\":\"2h\",\"ends_at\":\"2025-01-01T00:00:00Z\","
                + "\"rrule\":\"FREQ=DAILY\",\"cron\":\"0 * * * *\",\"time_zone\":\"Mars/Olympus\"}")
        .post("/api/maintenance")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body(
            "errors.name",
            hasItems("title", "monitor_ids", "starts_at", "duration", "cron", "time_zone"))
        .body("errors[0].in", equalTo("body"));
    given()
        .contentType(ContentType.JSON)
        .body(window(987654321L, Instant.now(), ",\"rrule\":\"FREQ=DAILY\""))
        .post("/api/maintenance")
        .then()
        .statusCode(400)
        .body("errors[0].name", equalTo("monitor_ids"));
    String name = TestKafka.monitor("maint-bad");
    long id = TestDb.monitor(name, "up", Instant.now());
    given()
        .contentType(ContentType.JSON)
        .body(window(id, Instant.now(), ",\"rrule\":\"FREQ=HOURLY\""))
        .post("/api/maintenance")
        .then()
        .statusCode(400)
        .body("errors[0].name", equalTo("rrule"));
    given().delete("/api/maintenance/987654321").then().statusCode(404);
  }
}
