package io.sentinel.query.security;

import static io.sentinel.query.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.sentinel.contract.Json;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Rollup;
import io.sentinel.contract.Severity;
import io.sentinel.contract.Topics;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.Api;
import io.sentinel.query.SseClient;
import io.sentinel.query.TestDb;
import io.sentinel.query.TestKafka;
import io.sentinel.query.system.KafkaWatch;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every operation of the OpenAPI document x {no credential, viewer, operator, admin, admin of
 * another tenant}. The operations come from the document, so an endpoint added without a rule in
 * {@link AccessRules}, or without tenant A's value for its path parameter, fails here.
 *
 * <ul>
 *   <li>The four role columns: 401 without a credential, 403 below the operation's role, neither at
 *       or above it. Requests are harmless: ids that do not exist, empty bodies.
 *   <li>The other-tenant column: tenant A gets real objects through the paths the API and the
 *       pipeline use (monitor, anomaly, outage, series and rollup from Kafka; a maintenance window,
 *       notification channel, policy and test notification, agent token, user and API key through
 *       the API; a dead letter on the events' dead-letter topic), all named with {@value #MARKER}.
 *       Each operation is then called by an admin of tenant B with A's ids in its path ({@link
 *       TenantA#ids}) and, for writes, a body naming A's objects: A's objects answer 403 or 404,
 *       reads without an id of A answer 2xx, and no 2xx body contains the marker or A's tenant. A
 *       server-sent-event operation (by its document) is read while A and then B publish: B's event
 *       arrives, A's never does. The last test checks A's objects are as they were (anomaly
 *       unacknowledged, window not cancelled, channel, policy and token unchanged, the dead letter
 *       not replayed). Error bodies are not searched: they may echo the request.
 *   <li>The WebSocket {@code /api/ws} is not in the document; {@code
 *       TenantIsolationTest.theWebSocketCarriesOnlyTheCallersTenantsEvents} covers it.
 * </ul>
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class AccessMatrixTest {
  /** In the name of every object of tenant A: found in an answer to tenant B, it is a leak. */
  static final String MARKER = "matrix-secret-a";

  /** Path parameters that do not name an object of a tenant. */
  private static final Set<String> SHARED_PARAMETERS = Set.of("/api/system/dead-letters/{topic}");

  private static final Pattern PARAMETER = Pattern.compile("\\{[^}]+}");
  private static final String EVENTS_DLQ = Topics.dlq(Topics.EVENTS);

  @TestHTTPResource("/")
  URI base;

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** One operation of the document; {@code stream} when it answers server-sent events. */
  private record Op(String method, String template, boolean stream) {
    String key() {
      return method + " " + template;
    }
  }

  /** Every operation in the OpenAPI document. */
  private static List<Op> operations() {
    Map<String, Map<String, Map<String, Object>>> paths =
        given()
            .queryParam("format", "json")
            .get("/q/openapi")
            .then()
            .extract()
            .jsonPath()
            .getMap("paths");
    List<Op> out = new ArrayList<>();
    new TreeMap<>(paths)
        .forEach(
            (path, ops) ->
                ops.keySet().stream()
                    .filter(m -> List.of("get", "post", "put", "patch", "delete").contains(m))
                    .sorted()
                    .forEach(
                        m ->
                            out.add(
                                new Op(
                                    m.toUpperCase(),
                                    path,
                                    String.valueOf(ops.get(m).get("responses"))
                                        .contains("text/event-stream")))));
    return out;
  }

  private static String key(String role) {
    return given()
        .contentType(ContentType.JSON)
        .body("{\"name\":\"matrix-" + role + "\",\"role\":\"" + role + "\"}")
        .post("/api/admin/api-keys")
        .then()
        .statusCode(201)
        .extract()
        .path("key");
  }

  /** The status of the request; the body (an endless stream, perhaps) is not read. */
  private int status(String method, String template, String authorization) throws Exception {
    String path = template.replaceAll("\\{[^}]+}", "0");
    HttpResponse<InputStream> response =
        HTTP.send(
            request(method, path, authorization, "{}"), HttpResponse.BodyHandlers.ofInputStream());
    response.body().close();
    return response.statusCode();
  }

  private HttpRequest request(String method, String path, String authorization, String body) {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    if (authorization != null) {
      r.header("Authorization", authorization);
    }
    switch (method) {
      case "POST", "PUT", "PATCH" ->
          r.header("Content-Type", "application/json")
              .method(method, HttpRequest.BodyPublishers.ofString(body));
      default -> r.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return r.build();
  }

  @Test
  void everyOperationOfTheDocumentHasARule() {
    List<String> missing = new ArrayList<>();
    for (Op op : operations()) {
      if (AccessRules.of(op.method(), op.template()).isEmpty()) {
        missing.add(op.key());
      }
    }
    assertThat(missing).as("operations without a line in AccessRules").isEmpty();
    assertThat(operations()).hasSizeGreaterThan(20);
  }

  @TestFactory
  Stream<DynamicTest> everyOperationAnswersEveryCallerAsItsRuleSays() {
    Map<String, Optional<Role>> callers = new LinkedHashMap<>();
    callers.put("no credential", Optional.empty());
    callers.put("viewer", Optional.of(Role.VIEWER));
    callers.put("operator", Optional.of(Role.OPERATOR));
    callers.put("admin", Optional.of(Role.ADMIN));
    Map<Role, String> keys = new EnumMap<>(Role.class);
    for (Role role : Role.values()) {
      keys.put(role, "Bearer " + key(role.wire()));
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (Op op : operations()) {
      String method = op.method();
      String template = op.template();
      AccessRules.Need need = AccessRules.of(method, template).orElse(null);
      callers.forEach(
          (who, role) ->
              tests.add(
                  DynamicTest.dynamicTest(
                      op.key() + " as " + who,
                      () -> {
                        assertThat(need).as("rule for " + op.key()).isNotNull();
                        int status = status(method, template, role.map(keys::get).orElse(null));
                        String what = op.key() + " as " + who + ": " + status;
                        if (need.isPublic()) {
                          assertThat(status).as(what).isNotIn(401, 403);
                        } else if (role.isEmpty()) {
                          assertThat(status).as(what).isEqualTo(401);
                        } else if (role.get().includes(need.role())) {
                          assertThat(status).as(what).isNotIn(401, 403, 405);
                        } else {
                          assertThat(status).as(what).isEqualTo(403);
                        }
                      })));
    }
    return tests.stream();
  }

  /**
   * The fifth column: every operation as an admin of tenant B, aimed at tenant A's objects; then
   * A's objects are checked unchanged.
   */
  @TestFactory
  Stream<DynamicTest> everyOperationAnswersAnotherTenantsAdminNothingOfTenantA() {
    TenantA a = TenantA.seed();
    String adminB = "Bearer " + key(a.other, "admin", "mx-b-admin-" + a.run);
    List<DynamicTest> tests = new ArrayList<>();
    for (Op op : operations()) {
      tests.add(
          DynamicTest.dynamicTest(
              op.key() + " as an admin of another tenant", () -> asOtherTenant(op, a, adminB)));
    }
    tests.add(DynamicTest.dynamicTest("tenant A's objects are unchanged", a::unchanged));
    return tests.stream();
  }

  private void asOtherTenant(Op op, TenantA a, String authorization) throws Exception {
    AccessRules.Need need = AccessRules.of(op.method(), op.template()).orElseThrow();
    String path = a.path(op.template());
    if (op.stream()) {
      streamCarriesNothingOfA(path, authorization, a);
      return;
    }
    HttpResponse<String> r =
        HTTP.send(
            request(
                op.method(),
                path + a.queries.getOrDefault(op.key(), ""),
                authorization,
                a.bodies.getOrDefault(op.key(), "{}")),
            HttpResponse.BodyHandlers.ofString());
    String what = op.key() + " as an admin of tenant B: " + r.statusCode() + " " + r.body();
    assertThat(r.statusCode()).as(what).isLessThan(500).isNotIn(401, 405);
    if (a.owns(op.template())) {
      assertThat(r.statusCode()).as(what + " (an object of tenant A)").isIn(403, 404);
    } else if (op.method().equals("GET") && !need.isPublic()) {
      assertThat(r.statusCode())
          .as(what + " (a read answers, so that its body is checked: add a query if it needs one)")
          .isBetween(200, 299);
    }
    if (r.statusCode() < 300) {
      assertThat(r.body()).as(what).doesNotContain(MARKER).doesNotContain("\"" + a.tenant + "\"");
    }
  }

  /**
   * A's event, then B's, while B's admin follows the stream: B's arrives, A's never does. Rows
   * reach streams in commit order, and B's is committed after A's, so A's has been passed over.
   */
  private void streamCarriesNothingOfA(String path, String authorization, TenantA a) {
    try (SseClient client = SseClient.connectAs(base.resolve(path), authorization)) {
      await().atMost(Duration.ofSeconds(10)).until(client::connected);
      long now = System.currentTimeMillis();
      MonitorEvent ofA =
          TestKafka.anomaly(a.monitor, "disk", Severity.MINOR, now).inTenant(a.tenant);
      TestKafka.send(ofA);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  TestDb.queryLong("SELECT count(*) FROM events WHERE event_id = ?", ofA.id())
                      == 1);
      MonitorEvent ofB =
          TestKafka.anomaly("mx-b-web-" + a.run, "disk", Severity.MINOR, now).inTenant(a.other);
      TestKafka.send(ofB);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> client.events.stream().anyMatch(e -> e.data().contains(ofB.id())));
      assertThat(client.events)
          .extracting(SseClient.Event::data)
          .noneMatch(d -> d.contains(MARKER))
          .noneMatch(d -> d.contains(ofA.id()))
          .noneMatch(d -> d.contains("\"" + a.tenant + "\""));
    }
  }

  /** An API key of {@code tenant} with {@code role}, created by the bootstrap admin. */
  private static String key(String tenant, String role, String name) {
    return Api.apiKey(name, role, tenant);
  }

  private static String json(Object value) {
    return new String(Json.write(value), StandardCharsets.UTF_8);
  }

  private static RequestSpecification as(String key) {
    return RestAssured.given()
        .header("Authorization", "Bearer " + key)
        .contentType(ContentType.JSON);
  }

  /** Tenant A and its objects, each named with {@link #MARKER}. */
  private static final class TenantA {
    final String run = UUID.randomUUID().toString().substring(0, 8);
    final String tenant = "mx-a-" + run;
    final String other = "mx-b-" + run;
    final String monitor = MARKER + "-" + run;
    long monitorId;
    MonitorEvent anomaly;
    long window;
    long channel;
    long policy;
    long token;
    long user;
    long apiKey;
    String deadLetter;

    /** Path up to and including a parameter, to tenant A's value for it. */
    final Map<String, String> ids = new LinkedHashMap<>();

    /** "METHOD /template" to a query string that aims the read at A's objects. */
    final Map<String, String> queries = new LinkedHashMap<>();

    /** "METHOD /template" to a body naming A's objects (default {@code {}}). */
    final Map<String, String> bodies = new LinkedHashMap<>();

    static TenantA seed() {
      TenantA a = new TenantA();
      a.create();
      return a;
    }

    private void create() {
      String adminA = key(tenant, "admin", MARKER + "-admin-" + run);
      apiKey = TestDb.queryLong("SELECT id FROM api_keys WHERE name = ?", MARKER + "-admin-" + run);
      long now = Instant.now().truncatedTo(ChronoUnit.MINUTES).toEpochMilli() - 120_000;
      anomaly = TestKafka.anomaly(monitor, "cpu", Severity.MAJOR, now).inTenant(tenant);
      TestKafka.send(anomaly);
      TestKafka.send(TestKafka.outageStarted(monitor, now + 1000).inTenant(tenant));
      TestKafka.send(
          new Rollup(
              monitor + "/cpu{tenant=" + tenant + "}",
              monitor,
              "cpu",
              Map.of("tenant", tenant),
              now,
              1,
              1.0,
              1.0,
              1.0,
              1.0,
              now,
              null,
              null,
              0,
              tenant));
      String dlqKey = tenant + "/" + monitor;
      TestKafka.send(
          EVENTS_DLQ,
          dlqKey,
          Json.write(
              MonitorEvent.monitorDiscovered(UUID.randomUUID().toString(), monitor, now, "x")
                  .inTenant(tenant)));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  TestDb.queryLong("SELECT count(*) FROM anomalies WHERE tenant = ?", tenant) == 1
                      && TestDb.queryLong("SELECT count(*) FROM outages WHERE tenant = ?", tenant)
                          == 1
                      && TestDb.queryLong("SELECT count(*) FROM rollups WHERE tenant = ?", tenant)
                          == 1);
      // A's events are routed before A's policy exists (the router drains the outbox written
      // with them): the one notification the final check expects is the channel test's, whatever
      // the router's pace.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  TestDb.queryLong(
                          "SELECT count(*) FROM notification_outbox o"
                              + " JOIN events e ON e.seq = o.event_seq WHERE e.tenant = ?",
                          tenant)
                      == 0);
      monitorId =
          TestDb.queryLong(
              "SELECT id FROM monitors WHERE tenant = ? AND name = ?", tenant, monitor);
      Map<String, Object> dead =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () ->
                      given()
                          .queryParam("limit", 500)
                          .get("/api/system/dead-letters/" + EVENTS_DLQ)
                          .then()
                          .statusCode(200)
                          .extract()
                          .jsonPath()
                          .<Map<String, Object>>getList("$")
                          .stream()
                          .filter(d -> dlqKey.equals(d.get("key")))
                          .findFirst()
                          .orElse(null),
                  d -> d != null);
      deadLetter = EVENTS_DLQ + "/" + dead.get("partition") + "/" + dead.get("offset");

      String tomorrow = Instant.now().plus(1, ChronoUnit.DAYS).toString();
      window =
          as(adminA)
              .body(
                  Map.of(
                      "title",
                      MARKER + " window",
                      "monitor_ids",
                      List.of(monitorId),
                      "starts_at",
                      tomorrow,
                      "duration",
                      "1h"))
              .post("/api/maintenance")
              .then()
              .statusCode(201)
              .extract()
              .<Number>path("id")
              .longValue();
      channel =
          as(adminA)
              .body(Map.of("name", MARKER + " channel", "type", "log"))
              .post("/api/notifications/channels")
              .then()
              .statusCode(201)
              .extract()
              .<Number>path("id")
              .longValue();
      policy =
          as(adminA)
              .body(
                  Map.of(
                      "name",
                      MARKER + " policy",
                      "channel_ids",
                      List.of(channel),
                      "monitor_pattern",
                      monitor))
              .post("/api/notifications/policies")
              .then()
              .statusCode(201)
              .extract()
              .<Number>path("id")
              .longValue();
      // a line in A's delivery log
      as(adminA).post("/api/notifications/channels/" + channel + "/test").then().statusCode(202);
      token =
          as(adminA)
              .body(Map.of("name", MARKER + " token"))
              .post("/api/admin/agent-tokens")
              .then()
              .statusCode(201)
              .extract()
              .<Number>path("agent_token.id")
              .longValue();
      user =
          given()
              .contentType(ContentType.JSON)
              .body(
                  Map.of(
                      "username",
                      MARKER + "-user-" + run,
                      "role",
                      "viewer",
                      "tenants",
                      List.of(tenant)))
              .post("/api/admin/users")
              .then()
              .statusCode(201)
              .extract()
              .<Number>path("user.id")
              .longValue();

      ids.put("/api/monitors/{id}", String.valueOf(monitorId));
      ids.put("/api/anomalies/{id}", anomaly.id());
      ids.put("/api/maintenance/{id}", String.valueOf(window));
      ids.put("/api/notifications/channels/{id}", String.valueOf(channel));
      ids.put("/api/notifications/policies/{id}", String.valueOf(policy));
      ids.put("/api/admin/agent-tokens/{id}", String.valueOf(token));
      ids.put("/api/admin/users/{id}", String.valueOf(user));
      ids.put("/api/admin/api-keys/{id}", String.valueOf(apiKey));
      ids.put("/api/system/dead-letters/{topic}", EVENTS_DLQ);

      queries.put("GET /api/rollups", "?monitor=" + monitor);
      queries.put("GET /api/sparklines", "?monitors=" + monitorId);
      queries.put("GET /api/notifications/log", "?channel_id=" + channel);
      queries.put("GET /api/system/dead-letters/{topic}", "?limit=500");

      String[] ref = deadLetter.split("/");
      bodies.put("POST /api/anomalies/{id}/ack", "{\"comment\":\"not mine\"}");
      bodies.put(
          "POST /api/maintenance",
          json(
              Map.of(
                  "title",
                  "over a",
                  "monitor_ids",
                  List.of(monitorId),
                  "starts_at",
                  tomorrow,
                  "duration",
                  "1h")));
      bodies.put(
          "POST /api/notifications/channels",
          json(Map.of("name", "into a", "type", "log", "tenant", tenant)));
      bodies.put(
          "POST /api/notifications/policies",
          json(Map.of("name", "to a", "channel_ids", List.of(channel))));
      bodies.put("POST /api/admin/agent-tokens", json(Map.of("name", "into a", "tenant", tenant)));
      bodies.put("PUT /api/admin/agent-tokens/{id}/monitor", "{\"monitor\":\"web-9\"}");
      bodies.put(
          "POST /api/admin/users",
          json(Map.of("username", "into-a-" + run, "role", "admin", "tenants", List.of(tenant))));
      bodies.put("PUT /api/admin/users/{id}/tenants", json(Map.of("tenants", List.of(other))));
      bodies.put(
          "POST /api/admin/api-keys",
          json(Map.of("name", "into a", "role", "admin", "tenant", tenant)));
      bodies.put(
          "POST /api/system/dead-letters/{topic}/replay",
          "{\"records\":[{\"partition\":" + ref[1] + ",\"offset\":" + ref[2] + "}]}");
    }

    /** The template with tenant A's values; fails for a parameter without one in {@link #ids}. */
    String path(String template) {
      Matcher m = PARAMETER.matcher(template);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String upTo = template.substring(0, m.end());
        assertThat(ids)
            .as("tenant A's value for %s: add one to TenantA.ids", upTo)
            .containsKey(upTo);
        m.appendReplacement(out, Matcher.quoteReplacement(ids.get(upTo)));
      }
      m.appendTail(out);
      return out.toString();
    }

    /** Whether the template's path names an object of tenant A. */
    boolean owns(String template) {
      Matcher m = PARAMETER.matcher(template);
      while (m.find()) {
        if (!SHARED_PARAMETERS.contains(template.substring(0, m.end()))) {
          return true;
        }
      }
      return false;
    }

    /** A's objects after tenant B's admin called every operation: as they were. */
    void unchanged() {
      assertThat(
              TestDb.queryLong(
                  "SELECT count(*) FROM anomalies WHERE id = ? AND acknowledged_at IS NULL",
                  anomaly.id()))
          .as("A's anomaly, unacknowledged")
          .isEqualTo(1);
      assertThat(
              TestDb.queryLong(
                  "SELECT count(*) FROM maintenance_windows WHERE id = ? AND cancelled_at IS NULL",
                  window))
          .as("A's window, not cancelled")
          .isEqualTo(1);
      assertThat(
              TestDb.queryLong("SELECT count(*) FROM maintenance_windows WHERE tenant = ?", tenant))
          .as("windows on A's monitor")
          .isEqualTo(1);
      assertThat(
              TestDb.queryLong(
                  "SELECT count(*) FROM notification_channels WHERE tenant = ? AND id = ?",
                  tenant,
                  channel))
          .isEqualTo(1);
      assertThat(
              TestDb.queryLong(
                  "SELECT count(*) FROM notification_channels WHERE tenant = ?", tenant))
          .isEqualTo(1);
      assertThat(
              TestDb.queryLong(
                  "SELECT count(*) FROM notification_policies WHERE tenant = ? AND id = ?",
                  tenant,
                  policy))
          .isEqualTo(1);
      assertThat(
              TestDb.queryLong(
                  "SELECT count(*) FROM notification_policies WHERE tenant = ?", tenant))
          .isEqualTo(1);
      assertThat(
              TestDb.queryLong("SELECT count(*) FROM notifications WHERE channel_id = ?", channel))
          .as("notifications to A's channel: A's own test only")
          .isEqualTo(1);
      assertThat(
              TestDb.queryLong(
                  "SELECT count(*) FROM agent_tokens WHERE id = ? AND revoked_at IS NULL"
                      + " AND monitor IS NULL",
                  token))
          .as("A's agent token, not revoked nor bound")
          .isEqualTo(1);
      assertThat(TestDb.queryLong("SELECT count(*) FROM agent_tokens WHERE tenant_id = ?", tenant))
          .isEqualTo(1);
      assertThat(
              TestDb.queryLong(
                  "SELECT count(*) FROM users WHERE id = ? AND disabled_at IS NULL", user))
          .isEqualTo(1);
      assertThat(
              TestDb.queryString(
                  "SELECT string_agg(tenant_id, ',') FROM user_tenants WHERE user_id = ?", user))
          .isEqualTo(tenant);
      assertThat(
              TestDb.queryLong(
                  "SELECT count(*) FROM api_keys WHERE id = ? AND revoked_at IS NULL", apiKey))
          .isEqualTo(1);
      assertThat(TestDb.queryLong("SELECT count(*) FROM api_keys WHERE tenant_id = ?", tenant))
          .as("API keys of A: A's own only")
          .isEqualTo(1);
      assertThat(TestDb.queryLong("SELECT count(*) FROM user_tenants WHERE tenant_id = ?", tenant))
          .as("users in A: A's own only")
          .isEqualTo(1);
      // a replay answers once Kafka acknowledged the write, so it would be on the topic now
      assertThat(TestKafka.readAll(Topics.EVENTS))
          .as("A's dead letter, not replayed")
          .noneMatch(
              r -> {
                Header from = r.headers().lastHeader(KafkaWatch.REPLAYED_FROM_HEADER);
                return from != null
                    && new String(from.value(), StandardCharsets.UTF_8).equals(deadLetter);
              });
    }
  }

  @Test
  void theBootstrapKeyIsAnAdministrator() throws Exception {
    assertThat(status("GET", "/api/admin/users", Api.AUTHORIZATION)).isEqualTo(200);
  }
}
