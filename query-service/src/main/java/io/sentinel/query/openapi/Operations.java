package io.sentinel.query.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;

/** What the tables of this package share: finding their operations, reading their examples. */
final class Operations {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Operations() {}

  /** What a table does with the operation one of its entries names. */
  interface Describer<T> {
    void describe(String key, Operation op, T entry);
  }

  /**
   * Hands each operation of the document that {@code table} names ("METHOD /path") to {@code
   * describer}; an entry that names no operation fails the build.
   */
  static <T> void describeEach(
      OpenAPI openAPI, String tableName, Map<String, T> table, Describer<T> describer) {
    Set<String> unused = new HashSet<>(table.keySet());
    openAPI
        .getPaths()
        .getPathItems()
        .forEach(
            (path, item) ->
                item.getOperations()
                    .forEach(
                        (method, op) -> {
                          String key = method + " " + path;
                          T entry = table.get(key);
                          if (entry != null) {
                            unused.remove(key);
                            describer.describe(key, op, entry);
                          }
                        }));
    if (!unused.isEmpty()) {
      throw new IllegalStateException(
          tableName + " names operations the API does not have: " + unused);
    }
  }

  /** An example body, JSON, as the document holds it. */
  static Object parsed(String key, String json) {
    try {
      return JSON.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(key + ": the example is not JSON", e);
    }
  }
}
