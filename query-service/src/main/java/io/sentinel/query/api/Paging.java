package io.sentinel.query.api;

import io.sentinel.query.sql.Page;
import jakarta.ws.rs.core.UriInfo;
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
    Target target = new Target(uri, limit);
    StringBuilder links = new StringBuilder(512);
    target.link(links, 0, "first");
    if (offset > 0) {
      target.link(links, Math.max(0, offset - limit), "prev");
    }
    if ((long) offset + limit < page.total()) {
      target.link(links, offset + limit, "next");
    }
    if (page.exact()) {
      long lastOffset = page.total() == 0 ? 0 : ((page.total() - 1) / limit) * limit;
      target.link(links, lastOffset, "last");
    } else if (!page.items().isEmpty()
        && page.items().size() == limit
        && (long) offset + limit >= page.total()) {
      target.link(links, offset + limit, "next");
    }
    return RestResponse.ResponseBuilder.ok(page.items())
        .header(TOTAL_COUNT, page.total())
        .header(TOTAL_EXACT, page.exact())
        .header("Link", links.toString())
        .build();
  }

  /**
   * The request URI with {@code limit} and {@code offset} replaced, built by the URI builder once
   * per response (it was once per link, a tenth of a list request's CPU): the links differ only in
   * the offset, which the builder appends last, so each link is that text with another number.
   */
  private static final class Target {
    private final String before;
    private final String after;

    Target(UriInfo uri, int limit) {
      String built =
          uri.getRequestUriBuilder()
              .replaceQueryParam("limit", limit)
              .replaceQueryParam("offset", 0)
              .build()
              .toString();
      int at = built.lastIndexOf("offset=0") + "offset=".length();
      this.before = built.substring(0, at);
      this.after = built.substring(at + 1);
    }

    void link(StringBuilder links, long offset, String rel) {
      if (links.length() > 0) {
        links.append(", ");
      }
      links.append('<').append(before).append(offset).append(after);
      links.append(">; rel=\"").append(rel).append('"');
    }
  }
}
