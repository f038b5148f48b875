package io.sentinel.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.ingest.Agents;
import io.sentinel.ingest.protocol.Protocol;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A request without a token is answered 401, in its protocol's error form, before anything else
 * about it is judged: content type, method, Accept. (It used to be 415, 405 or 406, which told a
 * caller without a token how the endpoint is served.)
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class AuthFirstTest {

  @Test
  void jsonWithUnexpectedContentTypeAndNoTokenIs401ProblemJson() {
    given()
        .contentType("text/plain")
        .body("cpu 1")
        .post(Protocol.JSON_PATH)
        .then()
        .statusCode(401)
        .contentType(ProblemDetail.MEDIA_TYPE)
        .header("WWW-Authenticate", containsString("Bearer"))
        .body("type", equalTo("urn:sentinel:problem:unauthorized"));
  }

  @Test
  void remoteWriteWithUnexpectedContentTypeAndNoTokenIs401AsText() {
    given()
        .contentType("application/json")
        .header("Content-Encoding", "snappy")
        .body("{}")
        .post(Protocol.REMOTE_WRITE_PATH)
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", containsString("Basic"))
        .contentType(containsString("text/plain"))
        .body(containsString("agent token is required"));
  }

  @Test
  void influxV1WithWrongMethodAndNoTokenIs401InInfluxForm() {
    given()
        .contentType("application/xml")
        .get(Protocol.INFLUX_V1_PATH)
        .then()
        .statusCode(401)
        .body("error", containsString("token"));
  }

  @Test
  void influxV2WithWrongMethodAndNoTokenIs401InInfluxForm() {
    given()
        .contentType("application/xml")
        .get(Protocol.INFLUX_V2_PATH)
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", containsString("Token"))
        .body("code", equalTo("unauthorized"));
  }

  @Test
  void otlpWithWrongMethodAndNoTokenIs401AsGoogleRpcStatus() {
    given()
        .contentType("application/json")
        .get(Protocol.OTLP_PATH)
        .then()
        .statusCode(401)
        .body("code", equalTo(16))
        .body("message", containsString("token"));
  }

  @Test
  void pushWithUnacceptableAcceptAndUnknownTokenIs401InKumasForm() {
    given()
        .accept("text/csv")
        .get(Protocol.PUSH_PATH_PREFIX + "no-such-push-token-000")
        .then()
        .statusCode(401)
        .body("ok", equalTo(false))
        .body("msg", containsString("not valid"));
  }

  @Test
  void aVariantOfAnIngestPathOrAnUnknownPathIsNotServedWithoutAToken() {
    given()
        .contentType("application/json")
        .body("[]")
        .post(Protocol.JSON_PATH + "/")
        .then()
        .statusCode(401)
        .contentType(ProblemDetail.MEDIA_TYPE);
    given().get("/no/such/path").then().statusCode(401);
    given().header(Agents.AUTH).get("/no/such/path").then().statusCode(404);
  }

  /** {@code sentinel_ingest_requests_rejected_total} of {@code protocol} and {@code reason}. */
  private static double rejectedRequests(String protocol, String reason) {
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher m =
        Pattern.compile(
                "(?m)^sentinel_ingest_requests_rejected_total\\{protocol=\""
                    + protocol
                    + "\",reason=\""
                    + reason
                    + "\",?\\} (\\S+)$")
            .matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void aRejectedRequestIsCountedOnceByProtocolAndReason() {
    double unauthorized = rejectedRequests("influx", "unauthorized");
    double malformed = rejectedRequests("influx", "malformed");
    given().body("cpu,host=h1 usage=1").post(Protocol.INFLUX_V2_PATH).then().statusCode(401);
    given()
        .header(Agents.AUTH)
        .queryParam("precision", "fortnights")
        .body("cpu,host=h1 usage=1")
        .post(Protocol.INFLUX_V2_PATH)
        .then()
        .statusCode(400);
    assertThat(rejectedRequests("influx", "unauthorized")).isEqualTo(unauthorized + 1);
    assertThat(rejectedRequests("influx", "malformed")).isEqualTo(malformed + 1);
  }
}
