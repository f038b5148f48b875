package io.sentinel.query.api;

import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The time range every list endpoint filters on ({@code @BeanParam}): {@code since} (inclusive) and
 * {@code until} (exclusive) as sent, parsed by {@link #parse}. What the range applies to (start
 * time, minute, running time) is said by each list's description.
 */
public record TimeRange(
    @Parameter(
            description = "ISO-8601 date-time: at or after it (inclusive)",
            example = "2025-09-21T00:00:00Z")
        @QueryParam("since")
        String since,
    @Parameter(
            description = "ISO-8601 date-time: before it (exclusive)",
            example = "2025-09-22T00:00:00Z")
        @QueryParam("until")
        String until) {

  /**
   * A parsed range; null ends are open.
   *
   * @param from inclusive start, or null
   * @param to exclusive end, or null
   */
  public record Bounds(Instant from, Instant to) {}

  /** Parses both ends and checks that since is before until, adding what is wrong to {@code p}. */
  public Bounds parse(Params p) {
    Instant from = p.instant("since", since);
    Instant to = p.instant("until", until);
    p.range("since", from, "until", to);
    return new Bounds(from, to);
  }
}
