package io.sentinel.query.api;

import io.sentinel.query.sql.Page;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Paging of list endpoints that answer a bare JSON array (kept for compatibility): the total goes
 * in {@code X-Total-Count}, links to the other pages in an RFC 8288 {@code Link} header.
 */
public final class Paging {
  static final String TOTAL_COUNT = "X-Total-Count";

  /** False when X-Total-Count stopped at sentinel.query.api.count-limit (there are more rows). */
  static final String TOTAL_EXACT = "X-Total-Count-Exact";

  private Paging() {}

  public static <T> RestResponse<List<T>> respond(
      Page<T> page, PageParams params, PageParams.Window w) {
    return respond(page, params.uri, w.limit(), w.offset());
  }

  public static <T> RestResponse<List<T>> respond(
      Page<T> page, UriInfo uri, int limit, int offset) {
    List<String> links = new ArrayList<>();
    links.add(link(uri, limit, 0, "first"));
    if (offset > 0) {
      links.add(link(uri, limit, Math.max(0, offset - limit), "prev"));
    }
    if ((long) offset + limit < page.total()) {
      links.add(link(uri, limit, offset + limit, "next"));
    }
    if (page.exact()) {
      long lastOffset = page.total() == 0 ? 0 : ((page.total() - 1) / limit) * limit;
      links.add(link(uri, limit, lastOffset, "last"));
    } else if (!page.items().isEmpty()
        && page.items().size() == limit
        && (long) offset + limit >= page.total()) {
      links.add(link(uri, limit, offset + limit, "next"));
    }
    return RestResponse.ResponseBuilder.ok(page.items())
        .header(TOTAL_COUNT, page.total())
        .header(TOTAL_EXACT, page.exact())
        .header("Link", String.join(", ", links))
        .build();
  }

  private static String link(UriInfo uri, int limit, long offset, String rel) {
    String target =
        uri.getRequestUriBuilder()
            .replaceQueryParam("limit", limit)
            .replaceQueryParam("offset", offset)
            .build()
            .toString();
    return "<" + target + ">; rel=\"" + rel + "\"";
  }
}
