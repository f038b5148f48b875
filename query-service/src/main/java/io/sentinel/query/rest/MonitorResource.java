package io.sentinel.query.rest;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.sentinel.query.MonitorStatus;
import io.sentinel.query.config.QueryConfig;
import io.sentinel.query.mapping.MonitorView;
import io.sentinel.query.repository.MonitorRepository;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Monitors and their status. */
@Path("/api/monitors")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Monitors", description = "Monitored hosts, services and checks, with their status")
public class MonitorResource {
  @Inject MonitorRepository monitors;
  @Inject QueryConfig config;

  @GET
  @WithSession
  @Operation(
      summary = "List monitors",
      description =
          "Monitors ordered by name, optionally filtered by status and by a case-insensitive"
              + " substring of the name.")
  @APIResponse(
      responseCode = "200",
      description = "A page of monitors",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = MonitorView.class, type = SchemaType.ARRAY)))
  @APIResponse(
      responseCode = "400",
      description = "A query parameter is invalid",
      content =
          @Content(
              mediaType = ProblemDetail.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDetail.class)))
  public Uni<List<MonitorView>> list(
      @Parameter(description = "up, trouble, critical, errors, down or maintenance")
          @QueryParam("status")
          String status,
      @Parameter(description = "case-insensitive substring of the monitor name") @QueryParam("q")
          String q,
      @Parameter(description = "page size, 1 to sentinel.query.api.max-limit (default 100)")
          @QueryParam("limit")
          String limit,
      @Parameter(description = "rows to skip (default 0)") @QueryParam("offset") String offset) {
    Params p = new Params();
    MonitorStatus wanted = p.status("status", status);
    int size = p.integer("query", "limit", limit, 1, config.api().maxLimit(), config.api().defaultLimit());
    int skip = p.integer("query", "offset", offset, 0, Integer.MAX_VALUE, 0);
    p.check();

    List<String> where = new ArrayList<>();
    Parameters args = new Parameters();
    if (wanted != null) {
      where.add("status = :status");
      args.and("status", wanted);
    }
    if (q != null && !q.isBlank()) {
      where.add("lower(name) like :q escape '!'");
      args.and("q", "%" + likeEscape(q.trim().toLowerCase(Locale.ROOT)) + "%");
    }
    String query = where.isEmpty() ? "" : String.join(" and ", where);
    return monitors
        .find(query, Sort.by("name"), args)
        .range(skip, skip + size - 1)
        .list()
        .map(list -> list.stream().map(MonitorView::of).toList());
  }

  @GET
  @Path("/{id}")
  @WithSession
  @Operation(summary = "Get one monitor", description = "The monitor with this numeric id.")
  @APIResponse(
      responseCode = "200",
      description = "The monitor",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = MonitorView.class)))
  @APIResponse(
      responseCode = "400",
      description = "The id is not a number",
      content =
          @Content(
              mediaType = ProblemDetail.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDetail.class)))
  @APIResponse(
      responseCode = "404",
      description = "No monitor has this id",
      content =
          @Content(
              mediaType = ProblemDetail.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDetail.class)))
  public Uni<MonitorView> get(@Parameter(description = "the monitor id") @PathParam("id") String id) {
    Params p = new Params();
    Long monitorId = p.seq("path", "id", id);
    p.check();
    return monitors
        .findById(monitorId)
        .onItem()
        .ifNull()
        .failWith(() -> ProblemException.notFound("no monitor with id " + monitorId))
        .map(MonitorView::of);
  }

  static String likeEscape(String s) {
    return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }
}
