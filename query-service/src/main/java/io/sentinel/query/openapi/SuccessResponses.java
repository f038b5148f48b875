package io.sentinel.query.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.sentinel.query.api.Examples;
import io.sentinel.query.insights.InsightsResource;
import io.sentinel.query.monitors.SparklineResource;
import io.sentinel.query.notifications.NotificationExamples;
import io.sentinel.query.security.SecurityExamples;
import io.sentinel.query.system.SystemExamples;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Describes and exemplifies each operation's success answer from one table, instead of an
 * {@code @APIResponse} block on each resource method. SmallRye OpenAPI infers the answer's schema
 * and media type from the method's return type and {@code @Produces} ({@code Uni<X>}, {@code
 * RestResponse<X>} and {@code List<X>} are unwrapped) and calls it "OK" (or "Created" for a POST);
 * this filter sets the status, the description and the example. An answer without a body (a 204, a
 * redirect) is in the table too, though its method returns a JAX-RS {@code Response}: the inferred
 * "OK" becomes it. An operation whose {@code Response} carries a body declares that answer itself
 * ({@code @APIResponse} with its schema), and is not in the table. A table entry that names no
 * operation, or an entry's operation without an inferred answer, fails the build.
 */
@OpenApiFilter(value = OpenApiFilter.RunStage.BUILD, priority = SuccessResponses.PRIORITY)
// implements OASFilter again: Quarkus takes an @OpenApiFilter class that names it itself
public class SuccessResponses extends OperationTable<SuccessResponses.Success>
    implements OASFilter {
  /** Runs before {@link CommonResponses} (default priority 1), which writes out the errors. */
  static final int PRIORITY = 3;

  /**
   * A success answer.
   *
   * @param status its HTTP status
   * @param description what it is
   * @param exampleName the example's name; null for a redirect
   * @param example the example body, JSON; empty for an answer without a body; null for a redirect,
   *     which has no media type either
   */
  record Success(String status, String description, String exampleName, String example) {}

  private static Map.Entry<String, Success> ok(
      String operation, String description, String exampleName, String example) {
    return Map.entry(operation, new Success("200", description, exampleName, example));
  }

  private static Map.Entry<String, Success> created(
      String operation, String description, String exampleName, String example) {
    return Map.entry(operation, new Success("201", description, exampleName, example));
  }

  /** An empty answer (its example an empty body, under the media type inferred). */
  private static Map.Entry<String, Success> noBody(
      String operation, String status, String description) {
    return Map.entry(operation, new Success(status, description, "no body", ""));
  }

  /** A redirect: 303, no body, no media type. */
  private static Map.Entry<String, Success> redirect(String operation, String description) {
    return Map.entry(operation, new Success("303", description, null, null));
  }

  /** By "METHOD /path", as in the document. */
  static final Map<String, Success> TABLE =
      Map.ofEntries(
          ok("GET /api/monitors", "A page of monitors", "one monitor", Examples.MONITORS),
          ok("GET /api/monitors/summary", "Counts per status", "counts", Examples.SUMMARY),
          ok("GET /api/monitors/{id}", "The monitor", "detail", Examples.MONITOR_DETAIL),
          ok(
              "GET /api/monitors/{id}/series",
              "The downsampled series",
              "30 days hourly",
              Examples.SERIES),
          ok("GET /api/sparklines", "One line per monitor", "last hour", SparklineResource.EXAMPLE),
          ok("GET /api/anomalies", "A page of anomalies", "one anomaly", Examples.ANOMALIES),
          ok("GET /api/anomalies/{id}", "The anomaly", "acknowledged", Examples.ACKED),
          ok(
              "POST /api/anomalies/{id}/ack",
              "The acknowledged anomaly",
              "acknowledged",
              Examples.ACKED),
          ok("GET /api/outages", "A page of outages", "one outage", Examples.OUTAGES),
          ok("GET /api/events", "A page of events", "one event", Examples.EVENTS),
          ok(
              "GET /api/rollups",
              "Rollups ordered by minute, then series",
              "one minute",
              Examples.ROLLUPS),
          ok("GET /api/insights", "The insights", "one week hourly", InsightsResource.EXAMPLE),
          created(
              "POST /api/maintenance",
              "The window, with whether it is on now and its next start",
              "window",
              Examples.WINDOW),
          ok("GET /api/maintenance", "A page of windows", "windows", "[" + Examples.WINDOW + "]"),
          ok("GET /api/maintenance/{id}", "The window", "window", Examples.WINDOW),
          ok("DELETE /api/maintenance/{id}", "The cancelled window", "window", Examples.WINDOW),
          ok(
              "GET /api/notifications/channels",
              "The channels",
              "channels",
              NotificationExamples.CHANNELS),
          created(
              "POST /api/notifications/channels",
              "The channel",
              "channel",
              NotificationExamples.CHANNEL),
          ok(
              "GET /api/notifications/policies",
              "The policies",
              "policies",
              NotificationExamples.POLICIES),
          created(
              "POST /api/notifications/policies",
              "The policy",
              "policy",
              NotificationExamples.POLICY),
          Map.entry(
              "POST /api/notifications/channels/{id}/test",
              new Success(
                  "202",
                  "The queued test notification",
                  "queued",
                  NotificationExamples.TEST_QUEUED)),
          ok(
              "GET /api/notifications/log",
              "Notifications with their attempts",
              "log",
              NotificationExamples.LOG),
          ok("GET /api/admin/api-keys", "The keys, oldest first", "keys", SecurityExamples.KEYS),
          created(
              "POST /api/admin/api-keys",
              "The key (shown once) and its record",
              "created",
              SecurityExamples.CREATED_KEY),
          ok(
              "DELETE /api/admin/api-keys/{id}",
              "The revoked key's record",
              "key",
              SecurityExamples.KEY),
          ok("GET /api/admin/users", "The users, by name", "users", SecurityExamples.USERS),
          created(
              "POST /api/admin/users",
              "The user, and its one-time password",
              "created",
              SecurityExamples.CREATED_USER),
          ok(
              "PUT /api/admin/users/{id}/tenants",
              "The user, with its tenants",
              "user",
              SecurityExamples.USER),
          ok("DELETE /api/admin/users/{id}", "The disabled user", "user", SecurityExamples.USER),
          ok("GET /api/session", "The caller", "signed in", SecurityExamples.SESSION),
          noBody("DELETE /api/session", "204", "Signed out"),
          redirect("GET /api/session/oidc", "To the provider's authorization endpoint"),
          redirect(
              "GET /api/session/oidc/callback",
              "To the dashboard, signed in or with ?signin_error="),
          ok(
              "GET /api/session/options",
              "The sign-in options",
              "with a provider",
              SecurityExamples.OPTIONS),
          ok(
              "POST /api/session/password",
              "Changed; the session goes on",
              "signed in",
              SecurityExamples.SESSION),
          ok(
              "GET /api/system",
              "The latest measurement",
              "detector stopped",
              SystemExamples.SYSTEM),
          ok(
              "GET /api/system/dead-letters/{topic}",
              "Dead letters, newest first",
              "one",
              SystemExamples.DEAD_LETTERS),
          ok(
              "POST /api/system/dead-letters/{topic}/replay",
              "What became of each record named",
              "replayed",
              SystemExamples.REPLAY_RESULT),
          ok(
              "POST /api/analyze",
              "Per-point scores and the anomalies",
              "result",
              Examples.ANALYSIS),
          ok(
              "GET /api/admin/agent-tokens",
              "The tokens, oldest first",
              "tokens",
              "[" + Examples.AGENT_TOKEN + "]"),
          created(
              "POST /api/admin/agent-tokens",
              "The token (shown once) and its record",
              "created",
              Examples.CREATED_AGENT_TOKEN),
          ok(
              "DELETE /api/admin/agent-tokens/{id}",
              "The revoked token's record",
              "token",
              Examples.AGENT_TOKEN),
          ok(
              "PUT /api/admin/agent-tokens/{id}/monitor",
              "The token's record",
              "token",
              Examples.AGENT_TOKEN));

  public SuccessResponses() {
    super(TABLE);
  }

  @Override
  void describe(String key, Operation op, Success success) {
    APIResponses responses = op.getResponses();
    String status =
        responses == null
            ? null
            : responses.getAPIResponses().entrySet().stream()
                .filter(e -> e.getKey().startsWith("2"))
                .filter(
                    e ->
                        e.getValue().getContent() != null
                            && e.getValue().getContent().getMediaTypes() != null)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    if (status == null) {
      throw new IllegalStateException(
          key + ": no success answer inferred from the method's return type");
    }
    APIResponse inferred = responses.getAPIResponse(status);
    if (!status.equals(success.status())) {
      // under its status, where the inferred answer stood: the success answer comes first
      Map<String, APIResponse> inOrder = new LinkedHashMap<>();
      responses
          .getAPIResponses()
          .forEach(
              (code, answer) -> inOrder.put(code.equals(status) ? success.status() : code, answer));
      responses.setAPIResponses(inOrder);
    }
    inferred.setDescription(success.description());
    if (success.example() == null) {
      inferred.setContent(OASFactory.createContent());
      return;
    }
    Object example = success.example().isEmpty() ? "" : Operations.parsed(key, success.example());
    inferred
        .getContent()
        .getMediaTypes()
        .values()
        .forEach(
            type ->
                type.addExample(success.exampleName(), OASFactory.createExample().value(example)));
  }
}
