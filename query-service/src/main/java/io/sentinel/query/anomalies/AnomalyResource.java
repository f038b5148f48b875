package io.sentinel.query.anomalies;

import io.sentinel.contract.Severity;
import io.sentinel.query.api.Examples;
import io.sentinel.query.api.PageParams;
import io.sentinel.query.api.Paging;
import io.sentinel.query.api.Params;
import io.sentinel.query.api.ProblemDetail;
import io.sentinel.query.api.ProblemException;
import io.sentinel.query.config.QueryConfig;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Anomalies, open and resolved, and their acknowledgement. */
@Path("/api/anomalies")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Anomalies", description = "Series that left their learned normal behaviour")
public class AnomalyResource {
  static final List<String> SEVERITIES =
      Arrays.stream(Severity.values()).map(Severity::wire).toList();

  @Inject AnomalyReader anomalies;
  @Inject QueryConfig config;
  @Inject io.sentinel.query.security.CurrentCaller caller;

  /**
   * The body of an acknowledgement; who acknowledges is the signed-in caller, never the body.
   *
   * @param comment why, or what is being done about it
   */
  public record Ack(String comment) {}

  @GET
  @Operation(
      summary = "List anomalies",
      description =
          "Anomalies newest first (or by `sort`), filtered by monitor, metric, severity, start time"
              + " range, open/resolved, acknowledged and suppressed. JSON array; `X-Total-Count` and"
              + " `Link` headers for paging.")
  @APIResponse(
      responseCode = "200",
      description = "A page of anomalies",
      headers = {
        @Header(name = "X-Total-Count", description = "anomalies matching the filters, all pages"),
        @Header(name = "Link", description = "RFC 8288 links: first, prev, next, last")
      },
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = AnomalyView.class, type = SchemaType.ARRAY),
              examples = @ExampleObject(name = "one anomaly", value = Examples.ANOMALIES)))
  @APIResponse(
      responseCode = "400",
      description = "A query parameter is invalid",
      content =
          @Content(
              mediaType = ProblemDetail.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDetail.class),
              examples = @ExampleObject(name = "bad limit", value = Examples.BAD_PARAM)))
  public Uni<RestResponse<List<AnomalyView>>> list(
      @Parameter(description = "monitor id (a number) or monitor name", example = "Server A")
          @QueryParam("monitor")
          String monitor,
      @Parameter(description = "metric name", example = "cpu_usage") @QueryParam("metric")
          String metric,
      @Parameter(
              description = "comma-separated severities: minor, major, critical",
              example = "major,critical")
          @QueryParam("severity")
          String severity,
      @Parameter(description = "true: only open anomalies; false: only resolved ones")
          @QueryParam("open")
          String open,
      @Parameter(description = "true: only acknowledged; false: only not acknowledged")
          @QueryParam("acknowledged")
          String acknowledged,
      @Parameter(description = "true: only those raised during maintenance; false: the others")
          @QueryParam("suppressed")
          String suppressed,
      @Parameter(
              description = "ISO-8601 date-time: started at or after it",
              example = "2025-09-21T00:00:00Z")
          @QueryParam("since")
          String since,
      @Parameter(
              description = "ISO-8601 date-time: started before it",
              example = "2025-09-22T00:00:00Z")
          @QueryParam("until")
          String until,
      @Parameter(
              description =
                  "sort key: started_at (default, newest first), ended_at, score; `-` for descending",
              example = "-score")
          @QueryParam("sort")
          String sort,
      @BeanParam PageParams paging) {
    Params p = new Params();
    Boolean isOpen = p.bool("open", open);
    Boolean isAcked = p.bool("acknowledged", acknowledged);
    Boolean isSuppressed = p.bool("suppressed", suppressed);
    List<String> severities = p.someOf("severity", severity, SEVERITIES);
    Instant from = p.instant("since", since);
    Instant to = p.instant("until", until);
    p.range("since", from, "until", to);
    Params.Sorting sorting =
        sort == null || sort.isBlank()
            ? new Params.Sorting("started_at", true)
            : p.sort("sort", sort, AnomalyReader.SORTS.keySet(), "started_at");
    String metricName = p.text("query", "metric", metric, 200);
    PageParams.Window window = paging.window(p, config.api());
    p.check();
    AnomalyReader.Filter filter =
        new AnomalyReader.Filter(
            monitor, metricName, severities, from, to, isOpen, isAcked, isSuppressed);
    return anomalies
        .page(filter, sorting.key(), sorting.descending(), window.limit(), window.offset())
        .map(page -> Paging.respond(page, paging, window));
  }

  @GET
  @Path("/{id}")
  @Operation(
      summary = "Get one anomaly",
      description = "The anomaly with this id (the id of the anomaly event).")
  @APIResponse(
      responseCode = "200",
      description = "The anomaly",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = AnomalyView.class),
              examples = @ExampleObject(name = "acknowledged", value = Examples.ACKED)))
  @APIResponse(
      responseCode = "404",
      description = "No anomaly has this id",
      content =
          @Content(
              mediaType = ProblemDetail.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDetail.class),
              examples = @ExampleObject(name = "unknown", value = Examples.NOT_FOUND)))
  public Uni<AnomalyView> get(
      @Parameter(description = "the anomaly id") @PathParam("id") String id) {
    return anomalies
        .byId(id)
        .onItem()
        .ifNull()
        .failWith(() -> ProblemException.notFound("no anomaly with id " + id));
  }

  @POST
  @Path("/{id}/ack")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Acknowledge an anomaly",
      description =
          "Records who acknowledged the anomaly and why, and logs an `acknowledged` event (also on"
              + " the live stream). Idempotent: acknowledging again changes nothing and answers the"
              + " anomaly with its first acknowledgement.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Ack.class),
              examples = @ExampleObject(name = "ack", value = Examples.ACK)))
  @APIResponse(
      responseCode = "200",
      description = "The acknowledged anomaly",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = AnomalyView.class),
              examples = @ExampleObject(name = "acknowledged", value = Examples.ACKED)))
  @APIResponse(
      responseCode = "400",
      description = "A field is too long",
      content =
          @Content(
              mediaType = ProblemDetail.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDetail.class),
              examples = @ExampleObject(name = "bad body", value = Examples.BAD_PARAM)))
  @APIResponse(
      responseCode = "404",
      description = "No anomaly has this id",
      content =
          @Content(
              mediaType = ProblemDetail.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDetail.class),
              examples = @ExampleObject(name = "unknown", value = Examples.NOT_FOUND)))
  public Uni<AnomalyView> acknowledge(
      @Parameter(description = "the anomaly id") @PathParam("id") String id, Ack body) {
    Params p = new Params();
    String comment = body == null ? null : p.text("body", "comment", body.comment(), 2000);
    p.check();
    String by = caller.name();
    return anomalies
        .acknowledge(id, by, comment)
        .onItem()
        .ifNull()
        .failWith(() -> ProblemException.notFound("no anomaly with id " + id));
  }
}
