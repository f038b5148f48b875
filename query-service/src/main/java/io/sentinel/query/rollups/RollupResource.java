package io.sentinel.query.rollups;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.sentinel.query.Times;
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
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Per-minute rollups for charts. */
@Path("/api/rollups")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Rollups", description = "Per-series per-minute aggregates with the expected band")
public class RollupResource {
  @Inject RollupRepository rollups;
  @Inject QueryConfig config;

  @GET
  @WithSession
  @Operation(
      summary = "List rollups",
      description =
          "Per-minute aggregates of one series or of a monitor's series (optionally one metric),"
              + " oldest first, in [since, until).")
  @APIResponse(
      responseCode = "200",
      description = "Rollups ordered by minute, then series",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = RollupView.class, type = SchemaType.ARRAY),
              examples = @ExampleObject(name = "one minute", value = Examples.ROLLUPS)))
  @APIResponse(
      responseCode = "400",
      description = "A query parameter is invalid, or neither series nor monitor was given",
      content =
          @Content(
              mediaType = ProblemDetail.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDetail.class),
              examples = @ExampleObject(name = "bad parameter", value = Examples.BAD_PARAM)))
  public Uni<List<RollupView>> list(
      @Parameter(description = "series id, e.g. Server A/cpu_usage") @QueryParam("series")
          String series,
      @Parameter(description = "monitor name (when no series is given)") @QueryParam("monitor")
          String monitor,
      @Parameter(description = "metric name, with monitor") @QueryParam("metric") String metric,
      @Parameter(description = "ISO-8601 date-time: minutes at or after it") @QueryParam("since")
          String since,
      @Parameter(description = "ISO-8601 date-time: minutes before it") @QueryParam("until")
          String until,
      @Parameter(description = "page size, 1 to sentinel.query.api.max-limit (default 100)")
          @QueryParam("limit")
          String limit) {
    Params p = new Params();
    Instant from = p.instant("since", since);
    Instant to = p.instant("until", until);
    int size =
        p.integer("query", "limit", limit, 1, config.api().maxLimit(), config.api().defaultLimit());
    boolean hasSeries = series != null && !series.isBlank();
    boolean hasMonitor = monitor != null && !monitor.isBlank();
    if (!hasSeries && !hasMonitor) {
      p.conflict("series", "series or monitor is required");
    }
    p.check();

    List<String> where = new ArrayList<>();
    Parameters args = new Parameters();
    if (hasSeries) {
      where.add("series = :series");
      args.and("series", series.trim());
    } else {
      where.add("monitor = :monitor");
      args.and("monitor", monitor.trim());
    }
    if (metric != null && !metric.isBlank()) {
      where.add("metric = :metric");
      args.and("metric", metric.trim());
    }
    if (from != null) {
      where.add("minute >= :since");
      args.and("since", Times.utc(from));
    }
    if (to != null) {
      where.add("minute < :until");
      args.and("until", Times.utc(to));
    }
    return rollups
        .find(String.join(" and ", where), Sort.ascending("minute", "series"), args)
        .range(0, size - 1)
        .list()
        .map(list -> list.stream().map(RollupView::of).toList());
  }
}
