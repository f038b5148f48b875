package io.sentinel.query.events;

import io.sentinel.query.api.Examples;
import io.sentinel.query.api.Params;
import io.sentinel.query.api.ProblemDetail;
import io.sentinel.query.config.QueryConfig;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The event log. */
@Path("/api/events")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Events", description = "The event log: detector events and status changes")
public class EventResource {
  /** Types a client may filter on. */
  public static final List<String> TYPES =
      List.of(
          "monitor_discovered",
          "anomaly",
          "anomaly_resolved",
          "outage_started",
          "outage_resolved",
          "errors_started",
          "errors_resolved",
          "status_changed",
          "acknowledged",
          "maintenance_started",
          "maintenance_ended",
          "maintenance_scheduled",
          "maintenance_cancelled",
          "pipeline_degraded",
          "pipeline_recovered");

  @Inject EventLogReader reader;
  @Inject QueryConfig config;

  @GET
  @Operation(
      summary = "Page through the event log",
      description =
          "Every event in the order it was committed (seq): detector events, status changes,"
              + " acknowledgements and maintenance transitions, filtered by monitor, types and"
              + " time. Newest first by default; `before` pages further back. With `after`, rows"
              + " with a greater seq in ascending order (catching up from a known seq, as the"
              + " stream does).")
  @APIResponse(
      responseCode = "200",
      description = "A page of events",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = EventRow.class, type = SchemaType.ARRAY),
              examples = @ExampleObject(name = "one event", value = Examples.EVENTS)))
  @APIResponse(
      responseCode = "400",
      description = "A query parameter is invalid",
      content =
          @Content(
              mediaType = ProblemDetail.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDetail.class),
              examples = @ExampleObject(name = "bad parameter", value = Examples.BAD_PARAM)))
  public Uni<List<EventRow>> list(
      @Parameter(description = "seq: rows after it, ascending") @QueryParam("after") String after,
      @Parameter(description = "seq: rows before it, newest first") @QueryParam("before")
          String before,
      @Parameter(description = "monitor name") @QueryParam("monitor") String monitor,
      @Parameter(
              description =
                  "comma-separated event types: monitor_discovered, anomaly, anomaly_resolved,"
                      + " outage_started, outage_resolved, errors_started, errors_resolved,"
                      + " status_changed, acknowledged,"
                      + " maintenance_started, maintenance_ended, maintenance_scheduled,"
                      + " maintenance_cancelled",
              example = "anomaly,status_changed")
          @QueryParam("type")
          String type,
      @Parameter(
              description = "ISO-8601 date-time: only events before it",
              example = "2025-09-22T00:00:00Z")
          @QueryParam("until")
          String until,
      @Parameter(description = "ISO-8601 date-time: only events at or after it")
          @QueryParam("since")
          String since,
      @Parameter(description = "page size, 1 to sentinel.query.api.max-limit (default 100)")
          @QueryParam("limit")
          String limit) {
    Params p = new Params();
    Long afterSeq = p.seq("query", "after", after);
    Long beforeSeq = p.seq("query", "before", before);
    List<String> wantedTypes = p.someOf("type", type, TYPES);
    Instant from = p.instant("since", since);
    Instant to = p.instant("until", until);
    p.range("since", from, "until", to);
    int size =
        p.integer("query", "limit", limit, 1, config.api().maxLimit(), config.api().defaultLimit());
    if (afterSeq != null && beforeSeq != null) {
      p.conflict("before", "cannot be combined with after");
    }
    p.check();
    String monitorName = monitor == null || monitor.isBlank() ? null : monitor.trim();
    return reader.page(afterSeq, beforeSeq, monitorName, wantedTypes, from, to, size);
  }
}
