package io.sentinel.query.api;

import static io.sentinel.query.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class RestApiTest {

  @Test
  void nonNumericLimitGetsProblemNamingTheParameter() {
    given()
        .queryParam("limit", "abc")
        .when()
        .get("/api/monitors")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body("type", equalTo("urn:sentinel:problem:invalid-parameters"))
        .body("instance", equalTo("/api/monitors"))
        .body("errors", hasSize(1))
        .body("errors[0].in", equalTo("query"))
        .body("errors[0].name", equalTo("limit"))
        .body("errors[0].detail", containsString("'abc'"));
  }

  @Test
  void anUnknownQueryParameterIsRefusedByNameInsteadOfIgnored() {
    // a typo must not read as "no filter" and answer everything
    given()
        .queryParam("from", "garbage")
        .queryParam("monitor", "web-1")
        .when()
        .get("/api/anomalies")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", equalTo("unknown query parameter: from"))
        .body("errors", hasSize(1))
        .body("errors[0].in", equalTo("query"))
        .body("errors[0].name", equalTo("from"))
        .body("errors[0].detail", containsString("since"));
    // paging parameters come from a shared bean and are known too
    given()
        .queryParam("limit", "5")
        .queryParam("offset", "0")
        .when()
        .get("/api/anomalies")
        .then()
        .statusCode(200);
    given()
        .queryParam("x", "1")
        .when()
        .get("/api/monitors/summary")
        .then()
        .statusCode(400)
        .body("errors[0].name", equalTo("x"));
  }

  @Test
  void everyInvalidParameterIsListedInOneProblem() {
    given()
        .queryParam("open", "maybe")
        .queryParam("since", "yesterday")
        .queryParam("limit", "0")
        .when()
        .get("/api/anomalies")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.name", hasItems("open", "since", "limit"));
  }

  @Test
  void unknownStatusFilterIsRejected() {
    given()
        .queryParam("status", "sleepy")
        .when()
        .get("/api/monitors")
        .then()
        .statusCode(400)
        .body("errors[0].name", equalTo("status"))
        .body("errors[0].detail", containsString("up, trouble, critical"));
  }

  @Test
  void eventsRejectAfterCombinedWithBeforeAndUnknownType() {
    given()
        .queryParam("after", "5")
        .queryParam("before", "9")
        .queryParam("type", "party")
        .when()
        .get("/api/events")
        .then()
        .statusCode(400)
        .body("errors.name", hasItems("before", "type"));
  }

  @Test
  void badLastEventIdIsRejectedBeforeTheStreamStarts() {
    given()
        .header("Last-Event-ID", "yesterday")
        .when()
        .get("/api/stream")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].in", equalTo("header"))
        .body("errors[0].name", equalTo("Last-Event-ID"));
  }

  @Test
  void rollupsNeedASeriesOrAMonitor() {
    given()
        .when()
        .get("/api/rollups")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].name", equalTo("series"));
  }

  @Test
  void unknownMonitorGets404Problem() {
    given()
        .when()
        .get("/api/monitors/987654321")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404))
        .body("detail", containsString("987654321"));
  }

  @Test
  void unknownPathGets404Problem() {
    given()
        .when()
        .get("/api/nothing-here")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("instance", equalTo("/api/nothing-here"));
  }

  @Test
  void openApiDocumentDescribesEveryOperation() {
    given()
        .queryParam("format", "json")
        .when()
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("paths.'/api/monitors'.get.summary", equalTo("List monitors"))
        .body(
            "paths.'/api/monitors/{id}'.get.responses.'404'.description",
            equalTo("No monitor has this id or name"))
        .body("paths.'/api/anomalies'.get.summary", equalTo("List anomalies"))
        .body("paths.'/api/outages'.get.summary", equalTo("List outages"))
        .body("paths.'/api/events'.get.summary", equalTo("Page through the event log"))
        .body("paths.'/api/rollups'.get.summary", equalTo("List rollups"))
        .body("paths.'/api/stream'.get.summary", containsString("server-sent events"));
  }

  @Test
  void everyOperationHasASummaryADescriptionAndAnExample() {
    io.restassured.path.json.JsonPath doc =
        given()
            .queryParam("format", "json")
            .get("/q/openapi")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    java.util.Map<String, java.util.Map<String, java.util.Map<String, Object>>> paths =
        doc.getMap("paths");
    org.assertj.core.api.Assertions.assertThat(paths)
        .containsKeys(
            "/api/monitors/summary",
            "/api/monitors/{id}/series",
            "/api/anomalies/{id}/ack",
            "/api/analyze",
            "/api/maintenance",
            "/api/maintenance/{id}");
    paths.forEach(
        (path, operations) ->
            operations.forEach(
                (method, op) -> {
                  String where = method + " " + path;
                  org.assertj.core.api.Assertions.assertThat(op.get("summary"))
                      .as(where)
                      .isNotNull();
                  org.assertj.core.api.Assertions.assertThat(op.get("description"))
                      .as(where)
                      .isNotNull();
                  {
                    org.assertj.core.api.Assertions.assertThat(op.get("responses").toString())
                        .as(where + " has an example")
                        .contains("examples");
                  }
                }));
  }

  @Test
  void corsAllowsTheConfiguredOriginAndExposesPagingHeaders() {
    given()
        .header("Origin", "https://grafana.example.com")
        .get("/api/monitors")
        .then()
        .statusCode(200)
        .header("Access-Control-Allow-Origin", "https://grafana.example.com")
        .header("Access-Control-Expose-Headers", containsString("X-Total-Count"));
    given()
        .header("Origin", "https://evil.example.com")
        .header("Access-Control-Request-Method", "GET")
        .options("/api/monitors")
        .then()
        .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
  }

  @Test
  void swaggerUiIsServed() {
    given().when().get("/q/swagger-ui/").then().statusCode(200);
  }

  @Test
  void readinessChecksPostgreSql() {
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem("sentinel-postgresql"));
  }

  @Test
  void metricsAreExposed() {
    given()
        .when()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("http_server_requests"));
  }
}
