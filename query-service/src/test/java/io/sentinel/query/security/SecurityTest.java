package io.sentinel.query.security;

import static io.sentinel.query.Api.anonymous;
import static io.sentinel.query.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.TestDb;
import io.sentinel.query.TestKafka;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Sign-in, sessions, API keys, roles, and who is recorded as the author of a change. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class SecurityTest {
  private static final String PASSWORD = "a long enough password 1";

  @Inject FirstAdmin firstAdmin;

  private static String unique(String prefix) {
    return TestKafka.monitor(prefix).replaceAll("[^A-Za-z0-9._-]", "-");
  }

  /** Creates a user with a password of its own (no change required); answers its id. */
  private static long user(String name, String role) {
    return given()
        .contentType(ContentType.JSON)
        .body(
            "{\"username\":\""
                + name
                + "\",\"role\":\""
                + role
                + "\",\"password\":\""
                + PASSWORD
                + "\"}")
        .post("/api/admin/users")
        .then()
        .statusCode(201)
        .body("one_time_password", nullValue())
        .body("user.must_change_password", equalTo(false))
        .extract()
        .<Number>path("user.id")
        .longValue();
  }

  private static Response login(String name, String password) {
    return anonymous()
        .contentType(ContentType.JSON)
        .body("{\"username\":\"" + name + "\",\"password\":\"" + password + "\"}")
        .post("/api/session");
  }

  @Test
  void unknownPathsStayNotFoundWithOrWithoutACredential() {
    anonymous().get("/api/nothing-here").then().statusCode(404);
    given().get("/api/nothing-here").then().statusCode(404);
    anonymous().get("/api/monitors/1/nothing").then().statusCode(404);
  }

  @Test
  void withoutACredentialTheApiAnswers401AsAProblem() {
    anonymous()
        .get("/api/monitors")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", containsString("Bearer"))
        .body("type", equalTo("urn:sentinel:problem:unauthenticated"))
        .body("instance", equalTo("/api/monitors"));
    anonymous()
        .header("Authorization", "Bearer snk_not-a-key")
        .get("/api/monitors")
        .then()
        .statusCode(401);
    anonymous()
        .cookie("sentinel_session", "ses_forged")
        .get("/api/monitors")
        .then()
        .statusCode(401);
  }

  @Test
  void aSessionSignsInActsAsItsUserAndSignsOut() {
    String name = unique("olga");
    user(name, "operator");
    login(name, "wrong password here")
        .then()
        .statusCode(401)
        .body("detail", containsString("wrong"));

    Response in = login(name, PASSWORD);
    in.then()
        .statusCode(200)
        .body("name", equalTo(name))
        .body("role", equalTo("operator"))
        .body("tenants[0]", equalTo("default"))
        .header("Set-Cookie", containsString("HttpOnly"))
        .header("Set-Cookie", containsString("SameSite=Strict"));
    String session = in.getCookie("sentinel_session");
    assertThat(session).startsWith("ses_");
    // only the digest is stored
    assertThat(
            TestDb.queryLong("SELECT count(*) FROM sessions WHERE token_hash = ?::bytea", session))
        .isZero();
    assertThat(
            TestDb.queryLong(
                "SELECT count(*) FROM sessions WHERE token_hash = sha256(convert_to(?, 'UTF8'))",
                session))
        .isEqualTo(1);

    anonymous()
        .cookie("sentinel_session", session)
        .get("/api/session")
        .then()
        .statusCode(200)
        .body("name", equalTo(name));
    // an operator creates a window; its author is the session's user, not the body
    String monitor = TestKafka.monitor("authored");
    long monitorId = TestDb.monitor(monitor, "up", Instant.now().minus(Duration.ofDays(1)));
    anonymous()
        .cookie("sentinel_session", session)
        .contentType(ContentType.JSON)
        .body(
            "{\"title\":\"t\",\"monitor_ids\":["
                + monitorId
                + "],\"starts_at\":\""
                + Instant.now().plus(Duration.ofDays(1))
                + "\",\"duration\":\"1h\",\"created_by\":\"mallory\"}")
        .post("/api/maintenance")
        .then()
        .statusCode(201)
        .body("created_by", equalTo(name));
    // an operator is no administrator
    anonymous()
        .cookie("sentinel_session", session)
        .get("/api/admin/users")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("detail", containsString("needs role admin"));

    anonymous()
        .cookie("sentinel_session", session)
        .delete("/api/session")
        .then()
        .statusCode(204)
        .header("Set-Cookie", containsString("Max-Age=0"));
    anonymous().cookie("sentinel_session", session).get("/api/monitors").then().statusCode(401);
  }

  @Test
  void aOneTimePasswordMustBeReplacedBeforeAnythingElse() {
    String name = unique("vera");
    String oneTime =
        given()
            .contentType(ContentType.JSON)
            .body("{\"username\":\"" + name + "\",\"role\":\"viewer\"}")
            .post("/api/admin/users")
            .then()
            .statusCode(201)
            .body("user.must_change_password", equalTo(true))
            .extract()
            .path("one_time_password");
    assertThat(oneTime).hasSize(20);
    String session =
        login(name, oneTime)
            .then()
            .statusCode(200)
            .body("must_change_password", equalTo(true))
            .extract()
            .cookie("sentinel_session");
    anonymous()
        .cookie("sentinel_session", session)
        .get("/api/monitors")
        .then()
        .statusCode(403)
        .body("type", equalTo("urn:sentinel:problem:password-change-required"));
    anonymous()
        .cookie("sentinel_session", session)
        .contentType(ContentType.JSON)
        .body("{\"current_password\":\"" + oneTime + "\",\"new_password\":\"short\"}")
        .post("/api/session/password")
        .then()
        .statusCode(400)
        .body("errors[0].name", equalTo("new_password"));
    anonymous()
        .cookie("sentinel_session", session)
        .contentType(ContentType.JSON)
        .body("{\"current_password\":\"" + oneTime + "\",\"new_password\":\"" + PASSWORD + "\"}")
        .post("/api/session/password")
        .then()
        .statusCode(200)
        .body("must_change_password", equalTo(false));
    anonymous().cookie("sentinel_session", session).get("/api/monitors").then().statusCode(200);
    // a viewer reads but does not act
    anonymous()
        .cookie("sentinel_session", session)
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/api/anomalies/x/ack")
        .then()
        .statusCode(403);
    login(name, oneTime).then().statusCode(401);
    login(name, PASSWORD).then().statusCode(200);
  }

  @Test
  void aDisabledUserCannotSignInAndLosesItsSessions() {
    String name = unique("dora");
    long id = user(name, "viewer");
    String session =
        login(name, PASSWORD).then().statusCode(200).extract().cookie("sentinel_session");
    given()
        .delete("/api/admin/users/" + id)
        .then()
        .statusCode(200)
        .body("disabled_at", notNullValue());
    anonymous().cookie("sentinel_session", session).get("/api/monitors").then().statusCode(401);
    login(name, PASSWORD).then().statusCode(401);
    given().delete("/api/admin/users/999999999").then().statusCode(404);
  }

  @Test
  void anApiKeyIsShownOnceStoredHashedRecordsItsUseAndCanBeRevoked() {
    String name = unique("grafana");
    Response created =
        given()
            .contentType(ContentType.JSON)
            .body("{\"name\":\"" + name + "\",\"role\":\"viewer\"}")
            .post("/api/admin/api-keys");
    created.then().statusCode(201).body("api_key.last_used_at", nullValue());
    String key = created.path("key");
    long id = created.<Number>path("api_key.id").longValue();
    assertThat(key).startsWith("snk_");
    assertThat(given().get("/api/admin/api-keys").asString()).doesNotContain(key);

    anonymous()
        .header("Authorization", "Bearer " + key)
        .get("/api/monitors")
        .then()
        .statusCode(200);
    anonymous()
        .header("Authorization", "Bearer " + key)
        .get("/api/session")
        .then()
        .body("name", equalTo("api-key:" + name))
        .body("role", equalTo("viewer"));
    assertThat(TestDb.queryString("SELECT last_used_at::text FROM api_keys WHERE id = ?", id))
        .isNotNull();
    // a viewer key may not act
    anonymous()
        .header("Authorization", "Bearer " + key)
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/api/maintenance")
        .then()
        .statusCode(403);

    given()
        .delete("/api/admin/api-keys/" + id)
        .then()
        .statusCode(200)
        .body("revoked_by", equalTo("bootstrap-key"));
    anonymous()
        .header("Authorization", "Bearer " + key)
        .get("/api/monitors")
        .then()
        .statusCode(401);
    given()
        .contentType(ContentType.JSON)
        .body("{\"name\":\"x\",\"role\":\"root\"}")
        .post("/api/admin/api-keys")
        .then()
        .statusCode(400)
        .body("errors[0].name", equalTo("role"));
  }

  /** A tenant id of its own for one test. */
  private static String tenant(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** An API key created by the bootstrap key; answers {key, id}. */
  private static String[] keyIn(String tenant, String role, String name) {
    Response r =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("name", name, "role", role, "tenant", tenant))
            .post("/api/admin/api-keys");
    r.then().statusCode(201);
    return new String[] {r.path("key"), String.valueOf(r.<Number>path("api_key.id"))};
  }

  @Test
  void anAdminOfOneTenantAdministersOnlyTheUsersAndKeysOfItsTenants() {
    String a = tenant("adm-a");
    String b = tenant("adm-b");
    long userA =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("username", "user-" + a, "role", "admin", "tenants", List.of(a)))
            .post("/api/admin/users")
            .then()
            .statusCode(201)
            .extract()
            .<Number>path("user.id")
            .longValue();
    long userAb =
        given()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "username", "user-" + a + "-" + b, "role", "viewer", "tenants", List.of(a, b)))
            .post("/api/admin/users")
            .then()
            .statusCode(201)
            .extract()
            .<Number>path("user.id")
            .longValue();
    String keyA = keyIn(a, "admin", "key-" + a)[1];
    String adminB = keyIn(b, "admin", "admin-" + b)[0];
    Supplier<RequestSpecification> asB =
        () -> anonymous().header("Authorization", "Bearer " + adminB).contentType(ContentType.JSON);

    // B's admin sees neither A's users (nor one of A and B) nor A's keys
    String users = asB.get().get("/api/admin/users").then().statusCode(200).extract().asString();
    assertThat(users).doesNotContain("user-" + a).doesNotContain("\"" + a + "\"");
    String keys = asB.get().get("/api/admin/api-keys").then().statusCode(200).extract().asString();
    assertThat(keys).doesNotContain("key-" + a).contains("admin-" + b);

    // creating in A, alone or beside B, is refused naming the tenant
    for (List<String> tenants : List.of(List.of(a), List.of(b, a))) {
      asB.get()
          .body(Map.of("username", "intruder-" + b, "role", "viewer", "tenants", tenants))
          .post("/api/admin/users")
          .then()
          .statusCode(403)
          .contentType("application/problem+json")
          .body("type", equalTo("urn:sentinel:problem:forbidden-tenant"))
          .body("detail", containsString(a));
    }
    asB.get()
        .body(Map.of("name", "into-" + a, "role", "admin", "tenant", a))
        .post("/api/admin/api-keys")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:sentinel:problem:forbidden-tenant"))
        .body("detail", containsString(a));
    asB.get()
        .body(Map.of("tenants", List.of(a)))
        .put("/api/admin/users/" + userAb + "/tenants")
        .then()
        .statusCode(403)
        .body("type", equalTo("urn:sentinel:problem:forbidden-tenant"));

    // A's key, A's user and the user of A and B are not found
    asB.get().delete("/api/admin/api-keys/" + keyA).then().statusCode(404);
    asB.get().delete("/api/admin/users/" + userA).then().statusCode(404);
    asB.get().delete("/api/admin/users/" + userAb).then().statusCode(404);
    asB.get()
        .body(Map.of("tenants", List.of(b)))
        .put("/api/admin/users/" + userA + "/tenants")
        .then()
        .statusCode(404);
    asB.get()
        .body(Map.of("tenants", List.of(b)))
        .put("/api/admin/users/" + userAb + "/tenants")
        .then()
        .statusCode(404);
    assertThat(TestDb.queryLong("SELECT count(*) FROM api_keys WHERE tenant_id = ?", a))
        .isEqualTo(1);
    assertThat(
            TestDb.queryLong(
                "SELECT count(*) FROM api_keys WHERE id = ? AND revoked_at IS NULL",
                Long.parseLong(keyA)))
        .isEqualTo(1);
    assertThat(
            TestDb.queryLong(
                "SELECT count(*) FROM users WHERE id IN (?, ?) AND disabled_at IS NULL",
                userA,
                userAb))
        .isEqualTo(2);
    assertThat(
            TestDb.queryString(
                "SELECT string_agg(tenant_id, ',' ORDER BY tenant_id) FROM user_tenants WHERE"
                    + " user_id = ?",
                userAb))
        .isEqualTo(String.join(",", new java.util.TreeSet<>(List.of(a, b))));

    // in its own tenant it administers: an admin, a key (both default to B), then undoes them
    long userB =
        asB.get()
            .body(Map.of("username", "own-" + b, "role", "admin", "password", PASSWORD))
            .post("/api/admin/users")
            .then()
            .statusCode(201)
            .body("user.tenants", contains(b))
            .extract()
            .<Number>path("user.id")
            .longValue();
    long keyB =
        asB.get()
            .body(Map.of("name", "own-" + b, "role", "operator"))
            .post("/api/admin/api-keys")
            .then()
            .statusCode(201)
            .body("api_key.tenant", equalTo(b))
            .extract()
            .<Number>path("api_key.id")
            .longValue();
    asB.get().get("/api/admin/users").then().statusCode(200).body("username", contains("own-" + b));
    asB.get()
        .body(Map.of("tenants", List.of(b)))
        .put("/api/admin/users/" + userB + "/tenants")
        .then()
        .statusCode(200);
    asB.get().delete("/api/admin/api-keys/" + keyB).then().statusCode(200);
    asB.get().delete("/api/admin/users/" + userB).then().statusCode(200);

    // the bootstrap key administers every tenant
    String all = given().get("/api/admin/users").then().statusCode(200).extract().asString();
    assertThat(all).contains("user-" + a, "user-" + a + "-" + b, "own-" + b);
    assertThat(given().get("/api/admin/api-keys").then().statusCode(200).extract().asString())
        .contains("key-" + a, "admin-" + b);
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("tenants", List.of(b)))
        .put("/api/admin/users/" + userAb + "/tenants")
        .then()
        .statusCode(200)
        .body("tenants", contains(b));
    given().delete("/api/admin/api-keys/" + keyA).then().statusCode(200);
    given().delete("/api/admin/users/" + userA).then().statusCode(200);
    // moved to B alone, that user is now B's admin's to see
    asB.get()
        .get("/api/admin/users")
        .then()
        .statusCode(200)
        .body("username", hasItem("user-" + a + "-" + b));
  }

  @Test
  void theFirstAdministratorSignsInWithItsPrintedOneTimePassword() throws Exception {
    // the first start made one (no user existed); do it again on an empty table, as a new install
    TestDb.exec("DELETE FROM users");
    Path file = Files.createTempDirectory("first-admin").resolve("password");
    assertThat(firstAdmin.ensure(Optional.of(file))).isTrue();
    assertThat(firstAdmin.ensure(Optional.of(file))).as("only while no user exists").isFalse();
    String[] line = Files.readString(file).trim().split(" ");
    assertThat(line[0]).isEqualTo("admin");
    String session =
        login("admin", line[1])
            .then()
            .statusCode(200)
            .body("role", equalTo("admin"))
            .body("must_change_password", equalTo(true))
            .extract()
            .cookie("sentinel_session");
    anonymous()
        .cookie("sentinel_session", session)
        .contentType(ContentType.JSON)
        .body("{\"current_password\":\"" + line[1] + "\",\"new_password\":\"" + PASSWORD + "\"}")
        .post("/api/session/password")
        .then()
        .statusCode(200);
    anonymous()
        .cookie("sentinel_session", session)
        .get("/api/admin/users")
        .then()
        .statusCode(200)
        .body("username", org.hamcrest.Matchers.hasItem("admin"));
  }
}
