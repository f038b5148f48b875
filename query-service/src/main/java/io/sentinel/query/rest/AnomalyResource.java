package io.sentinel.query.rest;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.sentinel.query.Times;
import io.sentinel.query.config.QueryConfig;
import io.sentinel.query.mapping.AnomalyView;
import io.sentinel.query.repository.AnomalyRepository;
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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Anomalies, open and resolved. */
@Path("/api/anomalies")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Anomalies", description = "Series that left their learned normal behaviour")
public class AnomalyResource {
  @Inject AnomalyRepository anomalies;
  @Inject QueryConfig config;

  @GET
  @WithSession
  @Operation(
      summary = "List anomalies",
      description = "Anomalies newest first, optionally of one monitor, open or resolved, since a time.")
  @APIResponse(
      responseCode = "200",
      description = "A page of anomalies",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = AnomalyView.class, type = SchemaType.ARRAY)))
  @APIResponse(
      responseCode = "400",
      description = "A query parameter is invalid",
      content =
          @Content(
              mediaType = ProblemDetail.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDetail.class)))
  public Uni<List<AnomalyView>> list(
      @Parameter(description = "monitor id (a number) or monitor name") @QueryParam("monitor")
          String monitor,
      @Parameter(description = "true: only open anomalies; false: only resolved ones")
          @QueryParam("open")
          String open,
      @Parameter(description = "ISO-8601 date-time: only anomalies started at or after it")
          @QueryParam("since")
          String since,
      @Parameter(description = "page size, 1 to sentinel.query.api.max-limit (default 100)")
          @QueryParam("limit")
          String limit,
      @Parameter(description = "rows to skip (default 0)") @QueryParam("offset") String offset) {
    Params p = new Params();
    Boolean isOpen = p.bool("open", open);
    Instant from = p.instant("since", since);
    int size = p.integer("query", "limit", limit, 1, config.api().maxLimit(), config.api().defaultLimit());
    int skip = p.integer("query", "offset", offset, 0, Integer.MAX_VALUE, 0);
    p.check();

    List<String> where = new ArrayList<>();
    Parameters args = new Parameters();
    MonitorFilter.apply(monitor, where, args);
    if (isOpen != null) {
      where.add(isOpen ? "endedAt is null" : "endedAt is not null");
    }
    if (from != null) {
      where.add("startedAt >= :since");
      args.and("since", Times.utc(from));
    }
    return anomalies
        .find(String.join(" and ", where), Sort.descending("startedAt", "id"), args)
        .range(skip, skip + size - 1)
        .list()
        .map(list -> list.stream().map(AnomalyView::of).toList());
  }
}
