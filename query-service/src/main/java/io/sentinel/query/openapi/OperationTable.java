package io.sentinel.query.openapi;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;

/**
 * A filter that says something about the operations its table names ("METHOD /path", as in the
 * document), each from its entry: the success answers, the request examples. An entry that names no
 * operation fails the build.
 *
 * @param <T> what an entry holds
 */
abstract class OperationTable<T> implements OASFilter {
  private final Map<String, T> table;

  OperationTable(Map<String, T> table) {
    this.table = table;
  }

  /** Applies {@code entry} to the operation {@code key} names. */
  abstract void describe(String key, Operation op, T entry);

  @Override
  public final void filterOpenAPI(OpenAPI openAPI) {
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
                            describe(key, op, entry);
                          }
                        }));
    if (!unused.isEmpty()) {
      throw new IllegalStateException(
          getClass().getSimpleName() + " names operations the API does not have: " + unused);
    }
  }
}
