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

  /** RestAssured's given() without any credential. */
  public static RequestSpecification anonymous() {
    return RestAssured.given();
  }
}
