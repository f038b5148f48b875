package io.sentinel.query.api;

import io.sentinel.query.config.QueryConfig;
import io.sentinel.query.sql.Page;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The paging parameters every list endpoint shares ({@code @BeanParam}): {@code limit} and {@code
 * offset} as sent, parsed by {@link #window}, and the request URI for the {@code Link} header.
 */
public class PageParams {
  @Parameter(
      description = "page size, 1 to sentinel.query.api.max-limit (default 100)",
      example = "50")
  @QueryParam("limit")
  String limit;

  @Parameter(
      description =
          "rows to skip (default 0), at most sentinel.query.api.max-offset (10000): to reach"
              + " older rows, narrow the time range (since, until) or the filters instead",
      example = "0")
  @QueryParam("offset")
  String offset;

  @Context UriInfo uri;

  /** The page asked for: limit and offset. */
  public record Window(int limit, int offset) {}

  /** Parses {@code limit} and {@code offset}, adding what is wrong with them to {@code p}. */
  public Window window(Params p, QueryConfig.Api api) {
    return new Window(
        p.integer("query", "limit", limit, 1, api.maxLimit(), api.defaultLimit()),
        p.offset(offset, api.maxOffset()));
  }

  /**
   * What every list endpoint answers: the page {@code read} returns for this request's window, with
   * {@code X-Total-Count} and {@code Link} ({@link Paging}). The window is parsed into {@code p}
   * after the endpoint's own filters, then every mistake is answered in one 400.
   */
  public <T> Uni<RestResponse<List<T>>> respond(
      Params p, QueryConfig.Api api, Function<Window, Uni<Page<T>>> read) {
    Window window = window(p, api);
    p.check();
    return read.apply(window).map(page -> Paging.respond(page, this, window));
  }
}
