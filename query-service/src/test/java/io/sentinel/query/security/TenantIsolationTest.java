package io.sentinel.query.security;

import static io.sentinel.query.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Rollup;
import io.sentinel.contract.Severity;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.SseClient;
import io.sentinel.query.TestDb;
import io.sentinel.query.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two tenants with a monitor of the same name, {@code web-1}: each tenant's key sees only its own
 * monitor, anomalies, outages, insights, series and live events (SSE and WebSocket), and cannot
 * acknowledge the other's anomaly (404, as if it did not exist).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class TenantIsolationTest {
  private static final String MONITOR = "web-1";
  private static final Instant T0 = Instant.parse("2004-04-04T00:00:00Z");

  @TestHTTPResource("/api/stream")
  URI stream;

  @TestHTTPResource("/api/ws")
  URI socketUri;

  private String a;
  private String b;
  private String keyA;
  private String keyB;
  private MonitorEvent anomalyA;
  private MonitorEvent anomalyB;
  private MonitorEvent outageA;
  private MonitorEvent outageB;
  private long idA;
  private long idB;

  /** An operator API key of {@code tenant}, created by the bootstrap admin. */
  private static String key(String tenant) {
    return given()
        .contentType(ContentType.JSON)
        .body(
            "{\"name\":\"iso-" + tenant + "\",\"role\":\"operator\",\"tenant\":\"" + tenant + "\"}")
        .post("/api/admin/api-keys")
        .then()
        .statusCode(201)
        .body("api_key.tenant", equalTo(tenant))
        .extract()
        .path("key");
  }

  private static RequestSpecification as(String key) {
    return RestAssured.given().header("Authorization", "Bearer " + key);
  }

  private static Rollup rollup(String tenant, String metric, double value) {
    return new Rollup(
        MONITOR + "/" + metric + "{tenant=" + tenant + "}",
        MONITOR,
        metric,
        Map.of("tenant", tenant),
        T0.toEpochMilli(),
        1,
        value,
        value,
        value,
        value,
        T0.toEpochMilli(),
        null,
        null,
        0,
        tenant);
  }

  @BeforeEach
  void twoTenantsWithTheSameMonitorName() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    a = "iso-a-" + run;
    b = "iso-b-" + run;
    keyA = key(a);
    keyB = key(b);
    long t = T0.toEpochMilli();
    anomalyA = TestKafka.anomaly(MONITOR, "cpu", Severity.MAJOR, t).inTenant(a);
    anomalyB = TestKafka.anomaly(MONITOR, "mem", Severity.CRITICAL, t).inTenant(b);
    outageA = TestKafka.outageStarted(MONITOR, t + 1000).inTenant(a);
    outageB = TestKafka.outageStarted(MONITOR, t + 1000).inTenant(b);
    for (MonitorEvent e : new MonitorEvent[] {anomalyA, anomalyB, outageA, outageB}) {
      TestKafka.send(e);
    }
    TestKafka.send(rollup(a, "cpu", 1));
    TestKafka.send(rollup(b, "mem", 2));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                TestDb.queryLong("SELECT count(*) FROM outages WHERE tenant IN (?, ?)", a, b) == 2
                    && TestDb.queryLong("SELECT count(*) FROM series WHERE tenant IN (?, ?)", a, b)
                        == 2);
    idA = TestDb.queryLong("SELECT id FROM monitors WHERE tenant = ? AND name = ?", a, MONITOR);
    idB = TestDb.queryLong("SELECT id FROM monitors WHERE tenant = ? AND name = ?", b, MONITOR);
  }

  @Test
  void theSameMonitorNameInTwoTenantsIsTwoMonitors() {
    assertThat(idA).isNotEqualTo(idB);
    assertThat(TestDb.queryLong("SELECT count(*) FROM anomalies WHERE tenant = ?", a)).isEqualTo(1);
  }

  @Test
  void eachTenantListsOnlyItsOwnMonitorsAnomaliesAndOutages() {
    as(keyA).get("/api/monitors").then().statusCode(200).body("id", contains((int) idA));
    as(keyB).get("/api/monitors").then().statusCode(200).body("id", contains((int) idB));
    as(keyA).get("/api/monitors/summary").then().statusCode(200).body("total", equalTo(1));
    as(keyA).get("/api/anomalies").then().statusCode(200).body("id", contains(anomalyA.id()));
    as(keyB).get("/api/anomalies").then().statusCode(200).body("id", contains(anomalyB.id()));
    as(keyA).get("/api/outages").then().statusCode(200).body("id", contains(outageA.id()));
    as(keyB).get("/api/outages").then().statusCode(200).body("id", contains(outageB.id()));
    as(keyA)
        .queryParam("monitor", MONITOR)
        .get("/api/events")
        .then()
        .statusCode(200)
        .body("tenant.unique()", contains(a));
  }

  @Test
  void monitorsOfAnotherTenantAreNotFoundByNameOrId() {
    as(keyA).get("/api/monitors/" + MONITOR).then().statusCode(200).body("id", equalTo((int) idA));
    as(keyB).get("/api/monitors/" + MONITOR).then().statusCode(200).body("id", equalTo((int) idB));
    as(keyA).get("/api/monitors/" + idB).then().statusCode(404);
    as(keyA).get("/api/monitors/" + idB + "/series").then().statusCode(404);
    as(keyA).get("/api/anomalies/" + anomalyB.id()).then().statusCode(404);
  }

  @Test
  void seriesAndInsightsAreOfTheCallersTenantOnly() {
    as(keyA)
        .queryParam("from", "2004-04-03T23:00:00Z")
        .queryParam("to", "2004-04-04T01:00:00Z")
        .get("/api/monitors/" + MONITOR + "/series")
        .then()
        .statusCode(200)
        .body("series.metric", contains("cpu"));
    as(keyB)
        .queryParam("from", "2004-04-03T23:00:00Z")
        .queryParam("to", "2004-04-04T01:00:00Z")
        .get("/api/monitors/" + MONITOR + "/series")
        .then()
        .statusCode(200)
        .body("series.metric", contains("mem"));
    as(keyA)
        .queryParam("from", "2004-04-04T00:00:00Z")
        .queryParam("to", "2004-04-04T01:00:00Z")
        .queryParam("step", "1h")
        .get("/api/insights")
        .then()
        .statusCode(200)
        .body("total", equalTo(1))
        .body("top_monitors.monitor_id", contains((int) idA))
        .body("top_metrics.metric", contains("cpu"));
  }

  @Test
  void anotherTenantsAnomalyCannotBeAcknowledged() {
    as(keyA)
        .contentType(ContentType.JSON)
        .body("{\"comment\":\"not mine\"}")
        .post("/api/anomalies/" + anomalyB.id() + "/ack")
        .then()
        .statusCode(404);
    assertThat(
            TestDb.queryLong(
                "SELECT count(*) FROM anomalies WHERE id = ? AND acknowledged_at IS NULL",
                anomalyB.id()))
        .isEqualTo(1);
    as(keyA)
        .contentType(ContentType.JSON)
        .body("{\"comment\":\"mine\"}")
        .post("/api/anomalies/" + anomalyA.id() + "/ack")
        .then()
        .statusCode(200);
    assertThat(
            TestDb.queryLong(
                "SELECT count(*) FROM events WHERE ref = ? AND type = 'acknowledged' AND tenant = ?",
                anomalyA.id(),
                a))
        .isEqualTo(1);
  }

  @Test
  void aUserOfTwoTenantsSeesBothNarrowsWithTheHeaderAndLosesATenantTheAdminRemoves() {
    String name = "two-" + a;
    String password = "correct horse battery";
    long id =
        given()
            .contentType(ContentType.JSON)
            .body(
                "{\"username\":\""
                    + name
                    + "\",\"role\":\"viewer\",\"password\":\""
                    + password
                    + "\",\"tenants\":[\""
                    + a
                    + "\",\""
                    + b
                    + "\"]}")
            .post("/api/admin/users")
            .then()
            .statusCode(201)
            .body("user.tenants", contains(a, b))
            .extract()
            .<Number>path("user.id")
            .longValue();
    given()
        .get("/api/admin/users")
        .then()
        .statusCode(200)
        .body("find { it.username == '" + name + "' }.tenants", contains(a, b));
    String session =
        RestAssured.given()
            .contentType(ContentType.JSON)
            .body("{\"username\":\"" + name + "\",\"password\":\"" + password + "\"}")
            .post("/api/session")
            .then()
            .statusCode(200)
            .extract()
            .cookie("sentinel_session");
    Supplier<RequestSpecification> user =
        () -> RestAssured.given().cookie("sentinel_session", session);
    user.get().get("/api/session").then().statusCode(200).body("tenants", contains(a, b));
    user.get()
        .get("/api/monitors")
        .then()
        .statusCode(200)
        .body("id", containsInAnyOrder((int) idA, (int) idB));
    user.get()
        .header(TenantScope.HEADER, b)
        .get("/api/monitors")
        .then()
        .statusCode(200)
        .body("id", contains((int) idB));
    user.get().get("/api/monitors/" + idB).then().statusCode(200);

    given()
        .contentType(ContentType.JSON)
        .body("{\"tenants\":[\"" + a + "\"]}")
        .put("/api/admin/users/" + id + "/tenants")
        .then()
        .statusCode(200)
        .body("tenants", contains(a));
    user.get().get("/api/session").then().statusCode(200).body("tenants", contains(a));
    user.get().get("/api/monitors").then().statusCode(200).body("id", contains((int) idA));
    user.get().get("/api/monitors/" + idB).then().statusCode(404);
    user.get().get("/api/anomalies/" + anomalyB.id()).then().statusCode(404);
    user.get()
        .header(TenantScope.HEADER, b)
        .get("/api/monitors")
        .then()
        .statusCode(403)
        .body("type", equalTo("urn:sentinel:problem:forbidden-tenant"));
  }

  @Test
  void userTenantsAreValidatedAsProblemsNamingTheField() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"username\":\"bad-" + a + "\",\"role\":\"viewer\",\"tenants\":[\"Not/A\"]}")
        .post("/api/admin/users")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.name", hasItem("tenants"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"tenants\":[]}")
        .put("/api/admin/users/1/tenants")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.name", hasItem("tenants"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"tenants\":[\"" + a + "\"]}")
        .put("/api/admin/users/999999999/tenants")
        .then()
        .statusCode(404);
    String name = "plain-" + a;
    given()
        .contentType(ContentType.JSON)
        .body("{\"username\":\"" + name + "\",\"role\":\"viewer\"}")
        .post("/api/admin/users")
        .then()
        .statusCode(201)
        .body("user.tenants", contains("default"));
  }

  @Test
  void aTenantHeaderOutsideTheCallersTenantsIs403AndTheBootstrapKeyMayNarrow() {
    as(keyA)
        .header(TenantScope.HEADER, b)
        .get("/api/monitors")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:sentinel:problem:forbidden-tenant"));
    as(keyA).header(TenantScope.HEADER, a).get("/api/monitors").then().statusCode(200);
    given()
        .header(TenantScope.HEADER, b)
        .get("/api/monitors")
        .then()
        .statusCode(200)
        .body("id", contains((int) idB));
  }

  @Test
  void theLiveStreamCarriesOnlyTheCallersTenantsEvents() {
    try (SseClient clientA = SseClient.connectAs(stream, "Bearer " + keyA)) {
      await().atMost(Duration.ofSeconds(10)).until(clientA::connected);
      onlyTenantAReaches(() -> clientA.events.stream().map(SseClient.Event::data).toList(), 60_000);
    }
  }

  @Test
  void theWebSocketCarriesOnlyTheCallersTenantsEvents() {
    List<String> received = new CopyOnWriteArrayList<>();
    WebSocket socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("Authorization", "Bearer " + keyA)
            .buildAsync(
                URI.create(socketUri.toString().replaceFirst("^http", "ws")),
                new WebSocket.Listener() {
                  private final StringBuilder partial = new StringBuilder();

                  @Override
                  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                      received.add(partial.toString());
                      partial.setLength(0);
                    }
                    ws.request(1);
                    return null;
                  }
                })
            .join();
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> received.stream().anyMatch(m -> m.contains("\"type\":\"ready\"")));
      onlyTenantAReaches(() -> received, 120_000);
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
  }

  @Test
  void aWebSocketHandshakeNamingAnotherTenantIsRefused() {
    Throwable refused =
        catchThrowable(
            () ->
                HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Authorization", "Bearer " + keyA)
                    .header(TenantScope.HEADER, b)
                    .buildAsync(
                        URI.create(socketUri.toString().replaceFirst("^http", "ws")),
                        new WebSocket.Listener() {})
                    .join());
    assertThat(refused.getCause()).isInstanceOf(WebSocketHandshakeException.class);
    assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode())
        .isEqualTo(403);
  }

  /**
   * Tenant b's event, then tenant a's: a's client gets a's and never b's. Rows reach live clients
   * in seq order, and a's second event is committed after b's, so once a's client has it, b's has
   * been passed over (not merely not yet sent).
   */
  private void onlyTenantAReaches(Supplier<List<String>> received, long offset) {
    long t = T0.toEpochMilli() + offset;
    MonitorEvent ofB = TestKafka.anomaly(MONITOR, "disk", Severity.MINOR, t).inTenant(b);
    TestKafka.send(ofB);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                TestDb.queryLong("SELECT count(*) FROM events WHERE event_id = ?", ofB.id()) == 1);
    MonitorEvent ofA = TestKafka.anomaly(MONITOR, "disk", Severity.MINOR, t + 1).inTenant(a);
    TestKafka.send(ofA);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> received.get().stream().anyMatch(m -> m.contains(ofA.id())));
    assertThat(received.get())
        .noneMatch(m -> m.contains(ofB.id()))
        .noneMatch(m -> m.contains("\"tenant\":\"" + b + "\""));
  }
}
