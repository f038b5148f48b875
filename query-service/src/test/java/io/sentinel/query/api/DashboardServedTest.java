package io.sentinel.query.api;

import static io.sentinel.query.Api.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class DashboardServedTest {

  @Test
  void dashboardIsServedAtTheRoot() {
    given()
        .when()
        .get("/")
        .then()
        .statusCode(200)
        .contentType(containsString("text/html"))
        .body(containsString("<div id=\"root\"></div>"))
        .body(containsString("/assets/"));
  }
}
