package io.sentinel.ingest.rest;

import io.sentinel.ingest.FieldError;
import io.sentinel.ingest.IncomingSample;
import io.sentinel.ingest.ProblemDetail;
import io.sentinel.ingest.ProblemException;
import io.sentinel.ingest.RejectReason;
import io.sentinel.ingest.auth.AgentIdentity;
import io.sentinel.ingest.config.IngestConfig;
import io.sentinel.ingest.service.Heartbeats;
import io.sentinel.ingest.service.IngestMetrics;
import io.sentinel.ingest.service.RejectionPublisher;
import io.sentinel.ingest.service.SampleIngestor;
import io.sentinel.ingest.service.SampleValidator.Rejection;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Heartbeat push as uptime tools do it (Uptime Kuma push monitors): {@code GET|POST
 * /api/push/{token}?status=up|down|error&msg=...&ping=...} ({@code error}: the check ran but could
 * not do its job; the monitor shows Errors until it reports up or down again). The token authenticates (see {@link
 * AuthFilter}); the monitor is the one the token is bound to in the tokens file, else the {@code
 * monitor} parameter. Publishes {@value Heartbeats#UP} (and {@value Heartbeats#PING}) with the
 * message in a record header; answers {@code {"ok":true}}.
 */
@Path(Protocol.PUSH_PATH_PREFIX + "{" + PushResource.TOKEN_PARAM + "}")
@Tag(name = "agents", description = "Protocols of existing monitoring agents")
public class PushResource {
  public static final String TOKEN_PARAM = "token";

  private final SampleIngestor ingestor;
  private final IngestMetrics metrics;
  private final IngestConfig config;
  private final AgentIdentity agent;
  private final RejectionPublisher rejections;

  public PushResource(
      SampleIngestor ingestor,
      IngestMetrics metrics,
      IngestConfig config,
      AgentIdentity agent,
      RejectionPublisher rejections) {
    this.ingestor = ingestor;
    this.metrics = metrics;
    this.config = config;
    this.agent = agent;
    this.rejections = rejections;
  }

  @GET
  @Blocking
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Heartbeat push (Uptime Kuma style)")
  public Uni<Response> get(
      @PathParam(TOKEN_PARAM) String token,
      @QueryParam("status") String status,
      @QueryParam("msg") String msg,
      @QueryParam("ping") String ping,
      @QueryParam("monitor") String monitor) {
    return push(status, msg, ping, monitor);
  }

  @POST
  @Blocking
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Heartbeat push (Uptime Kuma style), parameters in the query")
  public Uni<Response> post(
      @PathParam(TOKEN_PARAM) String token,
      @QueryParam("status") String status,
      @QueryParam("msg") String msg,
      @QueryParam("ping") String ping,
      @QueryParam("monitor") String monitor) {
    return push(status, msg, ping, monitor);
  }

  /** What a check reports. */
  enum Reported {
    UP,
    DOWN,
    ERROR;

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private Uni<Response> push(String status, String msg, String ping, String monitorParam) {
    String monitor = monitor(monitorParam);
    Reported reported = reported(monitor, status);
    List<IncomingSample> samples = new ArrayList<>(2);
    Map<String, String> labels = Map.of("source", Heartbeats.SOURCE);
    samples.add(
        reported == Reported.ERROR
            ? new IncomingSample("status", monitor, Heartbeats.ERROR, labels, null, 1.0, null)
            : new IncomingSample(
                "status", monitor, Heartbeats.UP, labels, null, reported == Reported.UP ? 1.0 : 0.0, null));
    Double pingMs = ping(monitor, ping);
    if (pingMs != null) {
      samples.add(new IncomingSample("ping", monitor, Heartbeats.PING, labels, null, pingMs, null));
    }
    String message = msg == null ? (reported == Reported.UP ? "OK" : "") : msg;
    int max = config.maxLabelValueLength();
    if (message.length() > max) {
      message = message.substring(0, max);
    }
    return ingestor
        .ingest(
            Protocol.PUSH.tag(),
            agent.tenant(),
            samples,
            Map.of(Heartbeats.STATUS_HEADER, reported.wire(), Heartbeats.MESSAGE_HEADER, message))
        .map(n -> Response.ok(Map.of("ok", true), MediaType.APPLICATION_JSON_TYPE).build());
  }

  private String monitor(String param) {
    String bound = agent.token().monitor();
    if (bound != null) {
      if (param != null && !param.isBlank() && !param.equals(bound)) {
        throw invalid(bound, "This push token is bound to monitor '" + bound + "'; drop the monitor parameter.");
      }
      return bound;
    }
    if (param == null || param.isBlank()) {
      throw invalid(
          null,
          "This push token is bound to no monitor: bind it in the tokens file ('token tenant"
              + " monitor') or add ?monitor=<id>.");
    }
    return param;
  }

  private Reported reported(String monitor, String status) {
    if (status == null || status.isBlank()) {
      return Reported.UP; // Uptime Kuma's default
    }
    return switch (status.strip().toLowerCase(Locale.ROOT)) {
      case "up", "1" -> Reported.UP;
      case "down", "0" -> Reported.DOWN;
      case "error" -> Reported.ERROR;
      default ->
          throw invalid(monitor, "status must be 'up', 'down' or 'error', got '" + abbreviate(status) + "'");
    };
  }

  private Double ping(String monitor, String ping) {
    if (ping == null || ping.isBlank()) {
      return null;
    }
    try {
      // a non-finite ping is refused by the validator with the other limits
      return Double.parseDouble(ping.strip());
    } catch (NumberFormatException e) {
      throw invalid(monitor, "ping must be a number of milliseconds, got '" + abbreviate(ping) + "'");
    }
  }

  /**
   * A 400 in Uptime Kuma's form; when the monitor is known, also a rejection fact, so a check that
   * keeps pushing nonsense shows status Errors.
   */
  private ProblemException invalid(String monitor, String detail) {
    metrics.requestRejected(Protocol.PUSH.tag(), RejectReason.MALFORMED);
    if (monitor != null) {
      IncomingSample status =
          new IncomingSample("status", monitor, Heartbeats.UP, Map.of(), null, null, List.of());
      rejections.publish(
          Protocol.PUSH.tag(),
          agent.tenant(),
          List.of(new Rejection(status, List.of(new FieldError("status", detail, RejectReason.MALFORMED)))),
          System.currentTimeMillis());
    }
    return new ProblemException(
        ProblemDetail.of("invalid-push", "Invalid push", 400, detail), RejectReason.MALFORMED);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
