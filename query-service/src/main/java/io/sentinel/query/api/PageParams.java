package io.sentinel.query.api;

import io.sentinel.query.config.QueryConfig;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

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
}
