package io.sentinel.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.ingest.Agents;
import org.junit.jupiter.api.Test;

/**
 * The start-up of Telegraf's {@code outputs.influxdb} and of the influx 1.x CLI: ping, {@code
 * CREATE DATABASE}, {@code SHOW DATABASES}, answered as a write-only InfluxDB 1.x would.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class InfluxQueryTest {

  @Test
  void pingIs204WithAVersionAndNeedsNoToken() {
    given().get("/ping").then().statusCode(204).header("X-Influxdb-Version", not(""));
    given().head("/ping").then().statusCode(204);
  }

  @Test
  void createDatabaseAsTelegrafPostsItIsAnEmptyResult() {
    given()
        .auth()
        .preemptive()
        .basic("telegraf", Agents.TOKEN)
        .queryParam("q", "CREATE DATABASE \"telegraf\"")
        .post("/query")
        .then()
        .statusCode(200)
        .body("results", hasSize(1))
        .body("results[0].statement_id", equalTo(0))
        .body("results[0]", not(hasKey("error")));
  }

  @Test
  void createDatabaseInAFormBodyAndByGetIsAccepted() {
    given()
        .header("Authorization", "Token " + Agents.TOKEN)
        .contentType("application/x-www-form-urlencoded")
        .formParam("q", "create database x with duration 30d")
        .post("/query")
        .then()
        .statusCode(200)
        .body("results[0].statement_id", equalTo(0));
    given()
        .queryParam("u", "telegraf")
        .queryParam("p", Agents.TOKEN)
        .queryParam("q", "CREATE DATABASE x")
        .get("/query")
        .then()
        .statusCode(200)
        .body("results[0].statement_id", equalTo(0));
  }

  @Test
  void showDatabasesListsTheTenant() {
    given()
        .header(Agents.AUTH)
        .queryParam("q", "SHOW DATABASES")
        .get("/query")
        .then()
        .statusCode(200)
        .body("results[0].series[0].name", equalTo("databases"))
        .body("results[0].series[0].columns", contains("name"))
        .body("results[0].series[0].values[0]", contains(Agents.TENANT));
  }

  @Test
  void severalStatementsAnswerOneResultEach() {
    given()
        .header(Agents.AUTH)
        .queryParam("q", "CREATE DATABASE \"a;b\"; SHOW DATABASES")
        .get("/query")
        .then()
        .statusCode(200)
        .body("results", hasSize(2))
        .body("results[1].statement_id", equalTo(1))
        .body("results[1].series[0].name", equalTo("databases"));
  }

  @Test
  void anyOtherQueryIs400SayingTheEndpointIsWriteOnly() {
    given()
        .header(Agents.AUTH)
        .queryParam("q", "SELECT * FROM cpu")
        .get("/query")
        .then()
        .statusCode(400)
        .contentType(containsString("application/json"))
        .header("X-Influxdb-Error", containsString("write-only"))
        .body("error", containsString("write-only"));
    given()
        .header(Agents.AUTH)
        .post("/query")
        .then()
        .statusCode(400)
        .body("error", containsString("\"q\""));
  }

  @Test
  void queryWithoutTokenIs401InInfluxForm() {
    given()
        .queryParam("q", "CREATE DATABASE x")
        .post("/query")
        .then()
        .statusCode(401)
        .body("error", containsString("token"));
  }
}
