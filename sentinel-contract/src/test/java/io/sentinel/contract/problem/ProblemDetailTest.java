package io.sentinel.contract.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentinel.contract.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemDetailTest {

  /** An entry the way ingest's FieldError is: a pointer, a detail and a field kept out of JSON. */
  record PointerEntry(String pointer, String detail) implements ProblemDetail.ErrorEntry {
    @Override
    public String where() {
      return pointer;
    }
  }

  private static String json(ProblemDetail problem) {
    return new String(Json.write(problem), StandardCharsets.UTF_8);
  }

  @Test
  void emptyMembersAreLeftOut() {
    assertThat(json(ProblemDetail.of("not-found", "Not Found", 404, "no monitor 7")))
        .isEqualTo(
            "{\"type\":\"urn:sentinel:problem:not-found\",\"title\":\"Not Found\",\"status\":404,"
                + "\"detail\":\"no monitor 7\"}");
  }

  @Test
  void invalidParamsAreListedByLocationAndName() {
    ProblemDetail problem =
        ProblemDetail.of("invalid-parameters", "Bad Request", 400, "invalid: limit")
            .withInstance("/api/monitors")
            .withErrors(
                List.of(new ProblemDetail.InvalidParam("query", "limit", "must be at most 500")));
    assertThat(json(problem))
        .isEqualTo(
            "{\"type\":\"urn:sentinel:problem:invalid-parameters\",\"title\":\"Bad Request\","
                + "\"status\":400,\"detail\":\"invalid: limit\",\"instance\":\"/api/monitors\","
                + "\"errors\":[{\"in\":\"query\",\"name\":\"limit\","
                + "\"detail\":\"must be at most 500\"}]}");
  }

  @Test
  void bodyFieldsAreListedByPointerWithTheCountAndPlaceOfTheFault() {
    ProblemDetail problem =
        ProblemDetail.of("invalid-samples", "Invalid samples", 400, "1 of 2 samples invalid")
            .withErrors(List.of(new PointerEntry("/samples/1/value", "not finite")))
            .withInvalidSamples(1)
            .withLocation(3, 14);
    assertThat(json(problem))
        .isEqualTo(
            "{\"type\":\"urn:sentinel:problem:invalid-samples\",\"title\":\"Invalid samples\","
                + "\"status\":400,\"detail\":\"1 of 2 samples invalid\","
                + "\"errors\":[{\"pointer\":\"/samples/1/value\",\"detail\":\"not finite\"}],"
                + "\"invalidSamples\":1,\"line\":3,\"column\":14}");
  }

  @Test
  void notFoundIsA404() {
    assertThat(ProblemException.notFound("no monitor 7").problem().status()).isEqualTo(404);
  }
}
