package io.sentinel.query.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.sentinel.query.api.CommonResponses;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;

/**
 * Names each operation's error answers from one table, instead of {@code @APIResponse(responseCode
 * = ..., ref = ...)} lines on each resource method (and the bare {@code @APIResponse(responseCode =
 * "200")} SmallRye OpenAPI then needs to still infer the success answer). An error is named by its
 * entry under {@code components/responses} in {@code META-INF/openapi.yaml}; {@link
 * CommonResponses}, which runs after this filter and {@link SuccessResponses} (priorities), writes
 * it out in the operation as an {@code application/problem+json} answer. Errors follow the success
 * answer in the table's order. An operation whose errors stand next to answers the table cannot
 * describe (the event stream's, the analysis class's) declares them itself and is not in the table.
 * A table entry that names no operation fails the build.
 */
@OpenApiFilter(value = OpenApiFilter.RunStage.BUILD, priority = ErrorResponses.PRIORITY)
// implements OASFilter again: Quarkus takes an @OpenApiFilter class that names it itself
public class ErrorResponses extends OperationTable<List<ErrorResponses.Error>>
    implements OASFilter {
  /** Runs after {@link SuccessResponses}, before {@link CommonResponses} (default priority 1). */
  static final int PRIORITY = 2;

  /**
   * An error answer.
   *
   * @param status its HTTP status
   * @param ref its name under components/responses
   */
  record Error(String status, String ref) {}

  /** {@code answers} as "STATUS Name", e.g. "404 MonitorNotFound". */
  private static Map.Entry<String, List<Error>> errors(String operation, String... answers) {
    return Map.entry(
        operation,
        Arrays.stream(answers).map(a -> a.split(" ", 2)).map(a -> new Error(a[0], a[1])).toList());
  }

  /** By "METHOD /path", as in the document. */
  static final Map<String, List<Error>> TABLE =
      Map.ofEntries(
          errors("GET /api/monitors/{id}", "400 BadMonitorId", "404 MonitorNotFound"),
          errors("GET /api/monitors/{id}/series", "400 BadChartRange", "404 MonitorNotFound"),
          errors("GET /api/anomalies/{id}", "404 AnomalyNotFound"),
          errors("POST /api/anomalies/{id}/ack", "400 BadAck", "404 AnomalyNotFound"),
          errors("GET /api/insights", "400 BadChartRange"),
          errors("POST /api/maintenance", "400 BadWindow"),
          errors("GET /api/maintenance/{id}", "404 WindowNotFound"),
          errors("DELETE /api/maintenance/{id}", "404 WindowNotFound"),
          errors("POST /api/notifications/channels", "400 BadChannel", "403 NotTheCallersTenant"),
          errors("DELETE /api/notifications/channels/{id}", "404 ChannelNotFound"),
          errors("POST /api/notifications/channels/{id}/test", "404 ChannelNotFound"),
          errors("POST /api/notifications/policies", "400 BadPolicy", "403 NotTheCallersTenant"),
          errors("DELETE /api/notifications/policies/{id}", "404 PolicyNotFound"),
          errors("GET /api/notifications/log", "400 BadLogQuery"),
          errors(
              "GET /api/system/dead-letters/{topic}",
              "400 BadDeadLetterLimit",
              "404 UnknownTopic",
              "503 KafkaDown"),
          errors(
              "POST /api/system/dead-letters/{topic}/replay",
              "400 BadReplay",
              "404 UnknownTopic",
              "503 KafkaDownInReplay"),
          errors("POST /api/session", "401 WrongLogin"),
          errors("POST /api/session/password", "400 BadNewPassword", "401 WrongCurrentPassword"),
          errors("POST /api/admin/api-keys", "400 BadAdminField", "403 NotTheCallersTenantOrRole"),
          errors("DELETE /api/admin/api-keys/{id}", "404 ApiKeyNotFound"),
          errors(
              "POST /api/admin/users",
              "400 BadAdminField",
              "403 NotTheCallersTenantOrRole",
              "409 UserNameTaken"),
          errors(
              "PUT /api/admin/users/{id}/tenants",
              "400 BadUserTenants",
              "403 NotTheCallersTenant",
              "404 UserNotFound"),
          errors("DELETE /api/admin/users/{id}", "404 UserNotFound", "409 LastAdmin"),
          errors("POST /api/admin/agent-tokens", "400 BadAgentToken", "403 NotTheCallersTenant"),
          errors("DELETE /api/admin/agent-tokens/{id}", "404 AgentTokenNotFound"),
          errors(
              "PUT /api/admin/agent-tokens/{id}/monitor",
              "404 AgentTokenNotFound",
              "409 AgentTokenRevoked"));

  public ErrorResponses() {
    super(TABLE);
  }

  /** Names the errors. */
  @Override
  void describe(String key, Operation op, List<Error> errors) {
    if (op.getResponses() == null) {
      op.setResponses(OASFactory.createAPIResponses());
    }
    errors.forEach(
        e ->
            op.getResponses()
                .addAPIResponse(e.status(), OASFactory.createAPIResponse().ref(e.ref())));
  }
}
