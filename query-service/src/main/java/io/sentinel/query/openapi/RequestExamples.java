package io.sentinel.query.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.sentinel.query.api.Examples;
import io.sentinel.query.notifications.NotificationExamples;
import io.sentinel.query.security.SecurityExamples;
import io.sentinel.query.system.SystemExamples;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.parameters.RequestBody;

/**
 * Exemplifies each operation's request body from one table, instead of a {@code @RequestBody} block
 * on each resource method. SmallRye OpenAPI infers the body (required), its media type and its
 * schema from the method's body parameter and {@code @Consumes}; this filter adds the examples. An
 * operation whose body needs more than that (the CSV of {@code POST /api/analyze}) declares its own
 * and is not in the table. A table entry that names no operation, or an entry's operation without
 * an inferred body, fails the build.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
// implements OASFilter again: Quarkus takes an @OpenApiFilter class that names it itself
public class RequestExamples extends OperationTable<List<RequestExamples.Example>>
    implements OASFilter {
  /**
   * An example request body.
   *
   * @param name the example's name
   * @param json the body, JSON
   */
  record Example(String name, String json) {}

  private static Map.Entry<String, List<Example>> body(String operation, String name, String json) {
    return Map.entry(operation, List.of(new Example(name, json)));
  }

  /** By "METHOD /path", as in the document; the examples in the order shown. */
  static final Map<String, List<Example>> TABLE =
      Map.ofEntries(
          body("POST /api/anomalies/{id}/ack", "ack", Examples.ACK),
          body("POST /api/maintenance", "nightly", Examples.WINDOW_REQUEST),
          Map.entry(
              "POST /api/notifications/channels",
              List.of(
                  new Example("webhook", NotificationExamples.NEW_CHANNEL),
                  new Example("email", NotificationExamples.NEW_EMAIL_CHANNEL),
                  new Example(
                      "webhook with a private CA", NotificationExamples.NEW_PRIVATE_CA_CHANNEL))),
          body("POST /api/notifications/policies", "prod", NotificationExamples.NEW_POLICY),
          body("POST /api/admin/api-keys", "grafana", SecurityExamples.NEW_KEY),
          body("POST /api/admin/users", "operator", SecurityExamples.NEW_USER),
          body("PUT /api/admin/users/{id}/tenants", "two", SecurityExamples.USER_TENANTS),
          body("POST /api/session", "login", SecurityExamples.LOGIN),
          body("POST /api/session/password", "change", SecurityExamples.PASSWORD),
          body(
              "POST /api/system/dead-letters/{topic}/replay",
              "one",
              SystemExamples.REPLAY_REQUEST));

  public RequestExamples() {
    super(TABLE);
  }

  /** Adds the examples. */
  @Override
  void describe(String key, Operation op, List<Example> examples) {
    RequestBody body = op.getRequestBody();
    if (body == null || body.getContent() == null || body.getContent().getMediaTypes() == null) {
      throw new IllegalStateException(
          key + ": no request body inferred from the method's body parameter");
    }
    body.getContent()
        .getMediaTypes()
        .values()
        .forEach(
            type ->
                examples.forEach(
                    e ->
                        type.addExample(
                            e.name(),
                            OASFactory.createExample().value(Operations.parsed(key, e.json())))));
  }
}
