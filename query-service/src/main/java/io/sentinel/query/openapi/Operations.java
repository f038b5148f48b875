package io.sentinel.query.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/** What the tables of this package share besides {@link OperationTable}: reading their examples. */
final class Operations {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Operations() {}

  /** An example body, JSON, as the document holds it. */
  static Object parsed(String key, String json) {
    try {
      return JSON.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(key + ": the example is not JSON", e);
    }
  }
}
