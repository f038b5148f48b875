package io.sentinel.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sentinel.devstack.KafkaTestResource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class PlatformEndpointsTest {

  @Test
  void readinessIncludesKafkaAndIsUp() {
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem("Kafka connection"));
  }

  @Test
  void openApiDocumentDescribesTheSamplesEndpointWithAnExample() {
    given()
        .accept("application/json")
        .when()
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("paths.'/api/v1/samples'.post.summary", notNullValue())
        .body(
            "components.securitySchemes.agentToken.scheme", org.hamcrest.Matchers.equalTo("bearer"))
        .body(
            "components.securitySchemes.agentTokenBasic.scheme",
            org.hamcrest.Matchers.equalTo("basic"))
        .body("paths.'/api/v1/samples'.post.security.agentToken", notNullValue())
        .body("paths.'/api/v1/write'.post.security.agentTokenBasic", notNullValue())
        .body("paths.'/api/v1/samples'.post.responses.'202'.description", notNullValue())
        .body("paths.'/api/v1/samples'.post.responses.'503'.description", notNullValue())
        .body(
            "paths.'/api/v1/samples'.post.requestBody.content.'application/json'.examples.batch.value",
            notNullValue())
        // the shared problem (sentinel-contract) keeps its members and the shape of its errors[]
        .body("components.schemas.ProblemDetail.properties.type", notNullValue())
        .body("components.schemas.ProblemDetail.properties.invalidSamples", notNullValue())
        .body("components.schemas.ErrorEntry.properties.pointer", notNullValue())
        .body("components.schemas.ErrorEntry.properties.detail", notNullValue())
        // declared once on InfluxResource, for both of its writes
        .body("paths.'/write'.post.responses.'204'.description", notNullValue())
        .body("paths.'/write'.post.responses.'400'.description", notNullValue())
        .body("paths.'/api/v2/write'.post.responses.'204'.description", notNullValue())
        .body("paths.'/api/v2/write'.post.responses.'400'.description", notNullValue());
  }

  @Test
  void swaggerUiIsServed() {
    given().when().get("/q/swagger-ui/").then().statusCode(200);
  }

  @Test
  void metricsAreServed() {
    given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
  }
}
