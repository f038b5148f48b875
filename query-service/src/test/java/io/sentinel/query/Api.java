package io.sentinel.query;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.sentinel.devstack.DevStack;

/**
 * Requests to the API under test, sent with the test profile's bootstrap API key (role admin):
 * every operation needs a credential (io.sentinel.query.security).
 */
public final class Api {
  private Api() {}

  /** The header value that authenticates as the bootstrap key. */
  public static final String AUTHORIZATION = "Bearer " + DevStack.TEST_API_KEY;

  /** RestAssured's given(), with the test key. */
  public static RequestSpecification given() {
    return RestAssured.given().header("Authorization", AUTHORIZATION);
  }

  /** RestAssured's given(), authenticated with {@code key} (an API key). */
  public static RequestSpecification as(String key) {
    return RestAssured.given().header("Authorization", "Bearer " + key);
  }

  /** A new API key (answered once) of {@code role} in {@code tenant}, created by the test key. */
  public static String apiKey(String name, String role, String tenant) {
    return given()
        .contentType("application/json")
        .body(java.util.Map.of("name", name, "role", role, "tenant", tenant))
        .post("/api/admin/api-keys")
        .then()
        .statusCode(201)
        .extract()
        .path("key");
  }

  /** RestAssured's given() without any credential. */
  public static RequestSpecification anonymous() {
    return RestAssured.given();
  }
}
