package io.sentinel.query.security;

import static io.sentinel.query.Api.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.Api;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every operation of the OpenAPI document x {no credential, viewer, operator, admin}: the expected
 * status class (401 without a credential, 403 below the operation's role, neither at or above it).
 * The operations come from the document, so an endpoint added without a rule in {@link AccessRules}
 * fails here. Requests are harmless: ids that do not exist, empty bodies.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class AccessMatrixTest {
  @TestHTTPResource("/")
  URI base;

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** "METHOD /template" of every operation in the OpenAPI document. */
  private static List<String[]> operations() {
    Map<String, Map<String, Object>> paths =
        given()
            .queryParam("format", "json")
            .get("/q/openapi")
            .then()
            .extract()
            .jsonPath()
            .getMap("paths");
    List<String[]> out = new ArrayList<>();
    new TreeMap<>(paths)
        .forEach(
            (path, ops) ->
                ops.keySet().stream()
                    .filter(m -> List.of("get", "post", "put", "patch", "delete").contains(m))
                    .sorted()
                    .forEach(m -> out.add(new String[] {m.toUpperCase(), path})));
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
    HttpRequest.Builder r =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    if (authorization != null) {
      r.header("Authorization", authorization);
    }
    switch (method) {
      case "POST", "PUT", "PATCH" ->
          r.header("Content-Type", "application/json")
              .method(method, HttpRequest.BodyPublishers.ofString("{}"));
      default -> r.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<InputStream> response =
        HTTP.send(r.build(), HttpResponse.BodyHandlers.ofInputStream());
    response.body().close();
    return response.statusCode();
  }

  @Test
  void everyOperationOfTheDocumentHasARule() {
    List<String> missing = new ArrayList<>();
    for (String[] op : operations()) {
      if (AccessRules.of(op[0], op[1]).isEmpty()) {
        missing.add(op[0] + " " + op[1]);
      }
    }
    assertThat(missing).as("operations without a line in AccessRules").isEmpty();
    assertThat(operations()).hasSizeGreaterThan(20);
  }

  @TestFactory
  Stream<DynamicTest> everyOperationAnswersEveryCallerAsItsRuleSays() {
    Map<String, Optional<Role>> callers = new java.util.LinkedHashMap<>();
    callers.put("no credential", Optional.empty());
    callers.put("viewer", Optional.of(Role.VIEWER));
    callers.put("operator", Optional.of(Role.OPERATOR));
    callers.put("admin", Optional.of(Role.ADMIN));
    Map<Role, String> keys = new java.util.EnumMap<>(Role.class);
    for (Role role : Role.values()) {
      keys.put(role, "Bearer " + key(role.wire()));
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (String[] op : operations()) {
      String method = op[0];
      String template = op[1];
      AccessRules.Need need = AccessRules.of(method, template).orElse(null);
      callers.forEach(
          (who, role) ->
              tests.add(
                  DynamicTest.dynamicTest(
                      method + " " + template + " as " + who,
                      () -> {
                        assertThat(need).as("rule for " + method + " " + template).isNotNull();
                        int status = status(method, template, role.map(keys::get).orElse(null));
                        String what = method + " " + template + " as " + who + ": " + status;
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

  @Test
  void theBootstrapKeyIsAnAdministrator() throws Exception {
    assertThat(status("GET", "/api/admin/users", Api.AUTHORIZATION)).isEqualTo(200);
  }
}
