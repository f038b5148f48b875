package io.sentinel.query.security;

import static io.sentinel.query.Api.anonymous;
import static io.sentinel.query.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.TestDb;
import io.sentinel.query.TestKafka;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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
