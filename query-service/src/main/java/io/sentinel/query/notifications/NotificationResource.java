package io.sentinel.query.notifications;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.contract.problem.ProblemException;
import io.sentinel.query.api.Params;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Contact points, notification policies and the delivery log. */
@Path("/api/notifications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(
    name = "Notifications",
    description = "Channels (contact points), policies that route events to them, delivery log")
public class NotificationResource {
  @Inject Pool pool;

  /**
   * A channel to create. Secrets (url, signing_key, routing_key, api_key, password) are write-only.
   */
  public record NewChannel(
      String name,
      String type,
      Map<String, Object> settings,
      Map<String, String> secrets,
      Integer ratePerMinute,
      Boolean enabled) {}

  /** A channel as the API shows it: which secrets are set, never their values. */
  public record ChannelView(
      long id,
      String name,
      String type,
      Map<String, Object> settings,
      List<String> secretsSet,
      int ratePerMinute,
      boolean enabled,
      OffsetDateTime createdAt) {}

  /** A policy to create; absent matchers match everything. */
  public record NewPolicy(
      String name,
      List<Long> channelIds,
      List<String> severities,
      List<String> statuses,
      String monitorPattern,
      List<String> tags,
      List<String> metrics,
      String groupBy,
      Integer groupWaitSeconds,
      Integer groupIntervalSeconds,
      Integer repeatIntervalSeconds,
      Integer resolveHoldSeconds,
      Boolean sendResolved,
      Boolean enabled) {}

  /** One attempt to send a notification. */
  public record AttemptView(
      int attempt, String at, Integer statusCode, String error, int durationMs, String replica) {}

  /** One notification and its attempts. */
  public record NotificationView(
      long id,
      long channelId,
      String channel,
      Long policyId,
      String monitor,
      String kind,
      String status,
      String title,
      String idempotencyKey,
      int attempts,
      Integer lastStatusCode,
      String lastError,
      OffsetDateTime createdAt,
      OffsetDateTime sentAt,
      OffsetDateTime nextAttemptAt,
      List<AttemptView> attemptLog) {}

  static final List<String> SEVERITIES = List.of("minor", "major", "critical");

  // --- channels

  @GET
  @Path("/channels")
  @Operation(
      summary = "List notification channels",
      description = "Every contact point; secrets are never returned, only the names of those set.")
  @APIResponse(
      responseCode = "200",
      description = "The channels",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ChannelView.class, type = SchemaType.ARRAY),
              examples =
                  @ExampleObject(
                      name = "channels",
                      value = "[" + NotificationExamples.CHANNEL + "]")))
  public Uni<List<ChannelView>> channels() {
    return pool.query(
            "SELECT "
                + NotificationStore.CHANNEL_COLUMNS
                + ", created_at FROM notification_channels ORDER BY id")
        .execute()
        .map(
            rows -> {
              List<ChannelView> out = new ArrayList<>();
              rows.forEach(r -> out.add(channelView(r)));
              return out;
            });
  }

  @POST
  @Path("/channels")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Create a notification channel",
      description =
          "Types: webhook (secrets.url, optional secrets.signing_key for the HMAC-SHA256"
              + " X-Sentinel-Signature header), slack (secrets.url), teams (secrets.url), pagerduty"
              + " (secrets.routing_key), opsgenie (secrets.api_key, settings.region us|eu),"
              + " alertmanager (settings.url, optional settings.username + secrets.password), email"
              + " (settings.host, settings.port, settings.tls none|starttls|tls, settings.from,"
              + " settings.to list, optional settings.username + secrets.password), log."
              + " Secrets are write-only.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = NewChannel.class),
              examples = {
                @ExampleObject(name = "webhook", value = NotificationExamples.NEW_CHANNEL),
                @ExampleObject(name = "email", value = NotificationExamples.NEW_EMAIL_CHANNEL)
              }))
  @APIResponse(
      responseCode = "201",
      description = "The channel",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ChannelView.class),
              examples = @ExampleObject(name = "channel", value = NotificationExamples.CHANNEL)))
  @APIResponse(
      responseCode = "400",
      description = "A field is missing or invalid (each one named)",
      content =
          @Content(
              mediaType = ProblemDetail.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDetail.class),
              examples = @ExampleObject(name = "bad field", value = NotificationExamples.BAD_BODY)))
  public Uni<RestResponse<ChannelView>> createChannel(NewChannel body) {
    Params p = new Params("body");
    if (body == null) {
      p.invalid("body", "body", "a JSON object is required");
      p.check();
    }
    String name = p.text("body", "name", body.name(), 200);
    if (name == null) {
      p.invalid("body", "name", "is required");
    }
    ChannelType type = body.type() == null ? null : ChannelType.fromWire(body.type());
    if (type == null) {
      List<String> names = new ArrayList<>();
      for (ChannelType t : ChannelType.values()) {
        names.add(t.wire());
      }
      p.invalid(
          "body", "type", "must be one of " + String.join(", ", names) + ", got " + body.type());
    }
    Map<String, String> secrets = body.secrets() == null ? Map.of() : body.secrets();
    Map<String, Object> settings = body.settings() == null ? Map.of() : body.settings();
    if (type != null) {
      for (String s : type.requiredSecrets) {
        if (secrets.get(s) == null || secrets.get(s).isBlank()) {
          p.invalid("body", "secrets." + s, "a " + type.wire() + " channel needs secrets." + s);
        }
      }
      for (String s : secrets.keySet()) {
        if (!type.requiredSecrets.contains(s) && !type.optionalSecrets.contains(s)) {
          p.invalid("body", "secrets." + s, "a " + type.wire() + " channel has no secret " + s);
        }
      }
      for (String url :
          List.of(
              secrets.getOrDefault("url", ""), String.valueOf(settings.getOrDefault("url", "")))) {
        if (!url.isEmpty() && !url.startsWith("http://") && !url.startsWith("https://")) {
          // never echo a secret URL back
          p.invalid("body", "url", "must be an http:// or https:// URL");
        }
      }
      if (type == ChannelType.EMAIL) {
        email(p, settings, secrets);
      }
      if (type == ChannelType.ALERTMANAGER && settings.get("url") == null) {
        p.invalid("body", "settings.url", "an alertmanager channel needs settings.url");
      }
    }
    int rate = body.ratePerMinute() == null ? 60 : body.ratePerMinute();
    if (rate < 1 || rate > 100_000) {
      p.invalid("body", "rate_per_minute", "must be from 1 to 100000, got " + rate);
    }
    p.check();
    return pool.preparedQuery(
            "INSERT INTO notification_channels (name, type, settings, secret, rate_per_minute,"
                + " enabled) VALUES ($1, $2, $3::text::jsonb, $4, $5, $6)"
                + " ON CONFLICT (name) DO NOTHING RETURNING "
                + NotificationStore.CHANNEL_COLUMNS
                + ", created_at")
        .execute(
            Tuple.of(
                name,
                type.wire(),
                Payloads.json(settings),
                secrets.isEmpty() ? null : Payloads.json(secrets),
                rate,
                body.enabled() == null || body.enabled()))
        .map(
            rows -> {
              if (rows.rowCount() == 0) {
                Params dup = new Params("body");
                dup.invalid("body", "name", "a channel named '" + name + "' exists");
                dup.check();
              }
              return RestResponse.status(
                  RestResponse.Status.CREATED, channelView(rows.iterator().next()));
            });
  }

  @DELETE
  @Path("/channels/{id}")
  @Operation(
      summary = "Delete a notification channel",
      description = "Deletes the channel and its delivery log; policies stop sending to it.")
  @APIResponse(
      responseCode = "204",
      description = "Deleted",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples = @ExampleObject(name = "deleted", value = "")))
  @APIResponse(
      responseCode = "404",
      description = "No channel has this id",
      content =
          @Content(
              mediaType = ProblemDetail.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDetail.class),
              examples =
                  @ExampleObject(name = "not found", value = NotificationExamples.NOT_FOUND)))
  public Uni<RestResponse<Void>> deleteChannel(@PathParam("id") String id) {
    long channel = id(id);
    return pool.preparedQuery("DELETE FROM notification_channels WHERE id = $1")
        .execute(Tuple.of(channel))
        .map(
            rows -> {
              if (rows.rowCount() == 0) {
                throw ProblemException.notFound("no channel with id " + channel);
              }
              return RestResponse.noContent();
            });
  }

  @POST
  @Path("/channels/{id}/test")
  @Operation(
      summary = "Send a test notification",
      description =
          "Queues a test notification to the channel; the dispatcher sends it within a second and"
              + " its attempts show in the log (GET /api/notifications/log?channel_id=...).")
  @APIResponse(
      responseCode = "202",
      description = "The queued test notification",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = NotificationView.class),
              examples = @ExampleObject(name = "queued", value = NotificationExamples.TEST_QUEUED)))
  @APIResponse(
      responseCode = "404",
      description = "No channel has this id",
      content =
          @Content(
              mediaType = ProblemDetail.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDetail.class),
              examples =
                  @ExampleObject(name = "not found", value = NotificationExamples.NOT_FOUND)))
  public Uni<RestResponse<NotificationView>> test(@PathParam("id") String id) {
    long channel = id(id);
    String now = java.time.Instant.now().toString();
    Alert a =
        new Alert(
            "test",
            "sentinel/test/" + channel,
            "test",
            "sentinel-test",
            List.of("sentinel-test"),
            "up",
            null,
            null,
            null,
            "This is a test notification from Sentinel. If you can read it, the channel works.",
            now,
            null,
            List.of(),
            0);
    String key = "test:" + UUID.randomUUID() + ":c" + channel;
    return pool.preparedQuery(
            "INSERT INTO notifications (idempotency_key, channel_id, monitor, kind, alert)"
                + " SELECT $1, id, 'sentinel-test', 'test', $2::text::jsonb"
                + " FROM notification_channels WHERE id = $3 RETURNING id")
        .execute(Tuple.of(key, Payloads.json(a), channel))
        .chain(
            rows -> {
              if (rows.rowCount() == 0) {
                throw ProblemException.notFound("no channel with id " + channel);
              }
              return log(null, null, null, rows.iterator().next().getLong("id"), 1);
            })
        .map(list -> RestResponse.status(RestResponse.Status.ACCEPTED, list.get(0)));
  }

  // --- policies

  @GET
  @Path("/policies")
  @Operation(
      summary = "List notification policies",
      description = "Every policy with its matchers, grouping and timers.")
  @APIResponse(
      responseCode = "200",
      description = "The policies",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Policy.class, type = SchemaType.ARRAY),
              examples =
                  @ExampleObject(
                      name = "policies",
                      value = "[" + NotificationExamples.POLICY + "]")))
  public Uni<List<Policy>> policies() {
    return pool.query(
            "SELECT "
                + NotificationStore.POLICY_COLUMNS
                + " FROM notification_policies ORDER BY id")
        .execute()
        .map(
            rows -> {
              List<Policy> out = new ArrayList<>();
              rows.forEach(r -> out.add(NotificationStore.policy(r)));
              return out;
            });
  }

  @POST
  @Path("/policies")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Create a notification policy",
      description =
          "Which events go to which channels: matched on severity (minor, major, critical), status"
              + " (down, errors, critical, trouble), monitor name (* wildcards), tags (all of"
              + " them) and metric. Grouped by monitor or by a tag (group_by tag:KEY); the first"
              + " notification of a group waits group_wait_seconds, later changes at most every"
              + " group_interval_seconds; repeated every repeat_interval_seconds while open and not"
              + " acknowledged; resolved resolve_hold_seconds after recovery (a relapse within it"
              + " is a flap of the same thread).")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = NewPolicy.class),
              examples = @ExampleObject(name = "prod", value = NotificationExamples.NEW_POLICY)))
  @APIResponse(
      responseCode = "201",
      description = "The policy",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Policy.class),
              examples = @ExampleObject(name = "policy", value = NotificationExamples.POLICY)))
  @APIResponse(
      responseCode = "400",
      description = "A field is missing or invalid (each one named), or a channel does not exist",
      content =
          @Content(
              mediaType = ProblemDetail.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDetail.class),
              examples = @ExampleObject(name = "bad field", value = NotificationExamples.BAD_BODY)))
  public Uni<RestResponse<Policy>> createPolicy(NewPolicy body) {
    Params p = new Params("body");
    if (body == null) {
      p.invalid("body", "body", "a JSON object is required");
      p.check();
    }
    String name = p.text("body", "name", body.name(), 200);
    if (name == null) {
      p.invalid("body", "name", "is required");
    }
    List<Long> channels = body.channelIds() == null ? List.of() : body.channelIds();
    if (channels.isEmpty()) {
      p.invalid("body", "channel_ids", "at least one channel id is required");
    }
    only(p, "severities", body.severities(), SEVERITIES);
    only(p, "statuses", body.statuses(), Policy.FIRING_STATUSES);
    if (!Policy.validGroupBy(body.groupBy())) {
      p.invalid("body", "group_by", "must be monitor or tag:KEY, got " + body.groupBy());
    }
    int wait = seconds(p, "group_wait_seconds", body.groupWaitSeconds(), 0, 0);
    int interval = seconds(p, "group_interval_seconds", body.groupIntervalSeconds(), 300, 0);
    int repeat = seconds(p, "repeat_interval_seconds", body.repeatIntervalSeconds(), 14400, 1);
    int hold = seconds(p, "resolve_hold_seconds", body.resolveHoldSeconds(), 120, 0);
    p.check();
    return pool.preparedQuery("SELECT id FROM notification_channels WHERE id = ANY($1::bigint[])")
        .execute(Tuple.of(channels.toArray(Long[]::new)))
        .chain(
            found -> {
              List<Long> unknown = new ArrayList<>(channels);
              found.forEach(r -> unknown.remove(r.getLong("id")));
              if (!unknown.isEmpty()) {
                Params q = new Params("body");
                q.invalid("body", "channel_ids", "no channel has id " + unknown);
                q.check();
              }
              return pool.preparedQuery(
                      "INSERT INTO notification_policies (name, channel_ids, severities, statuses,"
                          + " monitor_pattern, tags, metrics, group_by, group_wait_seconds,"
                          + " group_interval_seconds, repeat_interval_seconds,"
                          + " resolve_hold_seconds, send_resolved, enabled) VALUES ($1,"
                          + " $2::bigint[], $3::text[], $4::text[], $5, $6::text[], $7::text[], $8,"
                          + " $9, $10, $11, $12, $13, $14) ON CONFLICT (name) DO NOTHING"
                          + " RETURNING "
                          + NotificationStore.POLICY_COLUMNS)
                  .execute(
                      Tuple.tuple()
                          .addValue(name)
                          .addValue(channels.toArray(Long[]::new))
                          .addValue(array(body.severities()))
                          .addValue(array(body.statuses()))
                          .addValue(body.monitorPattern())
                          .addValue(array(body.tags()))
                          .addValue(array(body.metrics()))
                          .addValue(body.groupBy() == null ? "monitor" : body.groupBy())
                          .addValue(wait)
                          .addValue(interval)
                          .addValue(repeat)
                          .addValue(hold)
                          .addValue(body.sendResolved() == null || body.sendResolved())
                          .addValue(body.enabled() == null || body.enabled()));
            })
        .map(
            rows -> {
              if (rows.rowCount() == 0) {
                Params dup = new Params("body");
                dup.invalid("body", "name", "a policy named '" + name + "' exists");
                dup.check();
              }
              return RestResponse.status(
                  RestResponse.Status.CREATED, NotificationStore.policy(rows.iterator().next()));
            });
  }

  @DELETE
  @Path("/policies/{id}")
  @Operation(
      summary = "Delete a notification policy",
      description = "Deletes the policy and its threads; notifications already queued are sent.")
  @APIResponse(
      responseCode = "204",
      description = "Deleted",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples = @ExampleObject(name = "deleted", value = "")))
  @APIResponse(
      responseCode = "404",
      description = "No policy has this id",
      content =
          @Content(
              mediaType = ProblemDetail.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDetail.class),
              examples =
                  @ExampleObject(name = "not found", value = NotificationExamples.NOT_FOUND)))
  public Uni<RestResponse<Void>> deletePolicy(@PathParam("id") String id) {
    long policy = id(id);
    return pool.preparedQuery("DELETE FROM notification_policies WHERE id = $1")
        .execute(Tuple.of(policy))
        .map(
            rows -> {
              if (rows.rowCount() == 0) {
                throw ProblemException.notFound("no policy with id " + policy);
              }
              return RestResponse.noContent();
            });
  }

  // --- delivery log

  @GET
  @Path("/log")
  @Operation(
      summary = "Read the delivery log",
      description =
          "Notifications newest first with every attempt (time, HTTP status, error, duration,"
              + " replica); status is pending, sending, sent, failed or suppressed (a monitor in"
              + " maintenance).")
  @APIResponse(
      responseCode = "200",
      description = "Notifications with their attempts",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = NotificationView.class, type = SchemaType.ARRAY),
              examples = @ExampleObject(name = "log", value = NotificationExamples.LOG)))
  @APIResponse(
      responseCode = "400",
      description = "A query parameter is invalid",
      content =
          @Content(
              mediaType = ProblemDetail.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDetail.class),
              examples =
                  @ExampleObject(name = "bad parameter", value = NotificationExamples.BAD_BODY)))
  public Uni<List<NotificationView>> log(
      @Parameter(description = "only this channel", example = "3") @QueryParam("channel_id")
          String channelId,
      @Parameter(description = "only this monitor", example = "Server A") @QueryParam("monitor")
          String monitor,
      @Parameter(description = "pending, sending, sent, failed or suppressed") @QueryParam("status")
          String status,
      @Parameter(description = "at most this many, 1 to 1000 (default 100)") @QueryParam("limit")
          String limit) {
    Params p = new Params();
    Long channel = p.seq("query", "channel_id", channelId);
    String st = p.text("query", "status", status, 20);
    if (st != null && !List.of("pending", "sending", "sent", "failed", "suppressed").contains(st)) {
      p.invalid(
          "query", "status", "must be pending, sending, sent, failed or suppressed, got " + st);
    }
    Integer n = p.integer("query", "limit", limit, 1, 1000, 100);
    p.check();
    return log(channel, monitor, st, null, n);
  }

  private Uni<List<NotificationView>> log(
      Long channel, String monitor, String status, Long id, int limit) {
    return pool.preparedQuery(
            """
            SELECT n.id, n.channel_id, c.name AS channel, n.policy_id, n.monitor, n.kind, n.status,
                   n.alert::text AS alert, n.idempotency_key, n.attempts, n.last_status_code,
                   n.last_error, n.created_at, n.sent_at, n.next_attempt_at,
                   (SELECT COALESCE(json_agg(json_build_object('attempt', a.attempt,
                             'at', a.at, 'status_code', a.status_code, 'error', a.error,
                             'duration_ms', a.duration_ms, 'replica', a.replica)
                             ORDER BY a.attempt), '[]')::text
                      FROM notification_attempts a WHERE a.notification_id = n.id) AS attempt_log
              FROM notifications n JOIN notification_channels c ON c.id = n.channel_id
             WHERE ($1::bigint IS NULL OR n.channel_id = $1)
               AND ($2::text IS NULL OR n.monitor = $2)
               AND ($3::text IS NULL OR n.status = $3)
               AND ($4::bigint IS NULL OR n.id = $4)
             ORDER BY n.id DESC LIMIT $5
            """)
        .execute(Tuple.of(channel, monitor, status, id, limit))
        .map(
            rows -> {
              List<NotificationView> out = new ArrayList<>();
              rows.forEach(r -> out.add(notificationView(r)));
              return out;
            });
  }

  private static NotificationView notificationView(Row r) {
    List<AttemptView> attempts;
    try {
      attempts =
          Payloads.JSON.readValue(
              r.getString("attempt_log"), new TypeReference<List<AttemptView>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return new NotificationView(
        r.getLong("id"),
        r.getLong("channel_id"),
        r.getString("channel"),
        r.getLong("policy_id"),
        r.getString("monitor"),
        r.getString("kind"),
        r.getString("status"),
        NotificationStore.alert(r.getString("alert")).title(),
        r.getString("idempotency_key"),
        r.getInteger("attempts"),
        r.getInteger("last_status_code"),
        r.getString("last_error"),
        r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("sent_at"),
        r.getOffsetDateTime("next_attempt_at"),
        attempts);
  }

  private static ChannelView channelView(Row r) {
    Channel c = NotificationStore.channel(r);
    return new ChannelView(
        c.id(),
        c.name(),
        c.type().wire(),
        c.settings(),
        List.copyOf(new TreeSet<>(c.secrets().keySet())),
        c.ratePerMinute(),
        c.enabled(),
        r.getOffsetDateTime("created_at"));
  }

  /** An email channel's SMTP settings: where, how, from whom, to whom. */
  private static void email(Params p, Map<String, Object> settings, Map<String, String> secrets) {
    Object host = settings.get("host");
    if (host == null || host.toString().isBlank()) {
      p.invalid("body", "settings.host", "an email channel needs settings.host (the SMTP server)");
    }
    Object port = settings.get("port");
    if (port != null) {
      int n;
      try {
        n = Integer.parseInt(port.toString());
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 1 || n > 65535) {
        p.invalid("body", "settings.port", "must be a port from 1 to 65535, got " + port);
      }
    }
    Object tls = settings.get("tls");
    if (tls != null && !EmailSender.TLS_MODES.contains(tls.toString())) {
      p.invalid(
          "body",
          "settings.tls",
          "must be one of " + String.join(", ", EmailSender.TLS_MODES) + ", got " + tls);
    }
    Object from = settings.get("from");
    if (from == null || !from.toString().contains("@")) {
      p.invalid("body", "settings.from", "an email channel needs settings.from, an address");
    }
    List<String> to = EmailSender.recipients(settings.get("to"));
    if (to.isEmpty()) {
      p.invalid("body", "settings.to", "an email channel needs settings.to, a list of addresses");
    }
    for (String address : to) {
      if (!address.contains("@")) {
        p.invalid("body", "settings.to", "not an email address: " + address);
      }
    }
    if (secrets.containsKey("password") && settings.get("username") == null) {
      p.invalid("body", "settings.username", "secrets.password needs settings.username");
    }
  }

  private static long id(String raw) {
    Params p = new Params("path");
    Long id = p.seq("path", "id", raw);
    p.check();
    return id;
  }

  private static void only(Params p, String name, List<String> values, List<String> allowed) {
    if (values != null) {
      for (String v : values) {
        if (!allowed.contains(v)) {
          p.invalid("body", name, "must hold only " + String.join(", ", allowed) + ", got " + v);
        }
      }
    }
  }

  private static int seconds(Params p, String name, Integer v, int absent, int min) {
    if (v == null) {
      return absent;
    }
    if (v < min || v > 30 * 86400) {
      p.invalid("body", name, "must be from " + min + " to 2592000 seconds, got " + v);
      return absent;
    }
    return v;
  }

  private static String[] array(List<String> l) {
    return l == null || l.isEmpty() ? null : l.toArray(String[]::new);
  }
}
