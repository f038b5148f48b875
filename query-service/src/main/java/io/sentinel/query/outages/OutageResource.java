package io.sentinel.query.outages;

import io.sentinel.query.api.Examples;
import io.sentinel.query.api.PageParams;
import io.sentinel.query.api.Paging;
import io.sentinel.query.api.Params;
import io.sentinel.query.api.ProblemDetail;
import io.sentinel.query.config.QueryConfig;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Outages, current and past. */
@Path("/api/outages")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Outages", description = "Periods in which a monitor was down")
public class OutageResource {
  @Inject OutageReader outages;
  @Inject QueryConfig config;

  @GET
  @Operation(
      summary = "List outages",
      description =
          "Outages newest first, with start, end, duration and cause; optionally of one monitor,"
              + " open or ended, overlapping a time range. JSON array; `X-Total-Count` and `Link`"
              + " headers for paging.")
  @APIResponse(
      responseCode = "200",
      description = "A page of outages",
      headers = {
        @Header(name = "X-Total-Count", description = "outages matching the filters, all pages"),
        @Header(name = "Link", description = "RFC 8288 links: first, prev, next, last")
      },
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = OutageView.class, type = SchemaType.ARRAY),
              examples = @ExampleObject(name = "one outage", value = Examples.OUTAGES)))
  @APIResponse(
      responseCode = "400",
      description = "A query parameter is invalid",
      content =
          @Content(
              mediaType = ProblemDetail.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDetail.class),
              examples = @ExampleObject(name = "bad limit", value = Examples.BAD_PARAM)))
  public Uni<RestResponse<List<OutageView>>> list(
      @Parameter(description = "monitor id (a number) or monitor name", example = "Server A")
          @QueryParam("monitor")
          String monitor,
      @Parameter(description = "true: only open outages; false: only ended ones")
          @QueryParam("open")
          String open,
      @Parameter(
              description = "ISO-8601 date-time: outages still running at or after it",
              example = "2025-09-21T00:00:00Z")
          @QueryParam("since")
          String since,
      @Parameter(
              description = "ISO-8601 date-time: outages started before it",
              example = "2025-09-22T00:00:00Z")
          @QueryParam("until")
          String until,
      @BeanParam PageParams paging) {
    Params p = new Params();
    Boolean isOpen = p.bool("open", open);
    Instant from = p.instant("since", since);
    Instant to = p.instant("until", until);
    p.range("since", from, "until", to);
    PageParams.Window window = paging.window(p, config.api());
    p.check();
    return outages
        .page(new OutageReader.Filter(monitor, from, to, isOpen), window.limit(), window.offset())
        .map(page -> Paging.respond(page, paging, window));
  }
}
