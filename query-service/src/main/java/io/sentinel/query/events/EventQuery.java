package io.sentinel.query.events;

import io.sentinel.query.api.Params;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Where to read the event log from and what to keep ({@code @BeanParam}), as sent. */
public record EventQuery(
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
    @Parameter(description = "page size, 1 to sentinel.query.api.max-limit (default 100)")
        @QueryParam("limit")
        String limit) {

  /**
   * The parsed parameters.
   *
   * @param after rows after this seq, ascending, or null
   * @param before rows before this seq, newest first, or null
   * @param monitor the monitor name, or null
   * @param types the types to keep; empty: all
   * @param limit page size
   */
  record Parsed(Long after, Long before, String monitor, java.util.List<String> types, int limit) {}

  Parsed parse(Params p, int defaultLimit, int maxLimit) {
    Long afterSeq = p.seq("query", "after", after);
    Long beforeSeq = p.seq("query", "before", before);
    if (afterSeq != null && beforeSeq != null) {
      p.conflict("before", "cannot be combined with after");
    }
    return new Parsed(
        afterSeq,
        beforeSeq,
        monitor == null || monitor.isBlank() ? null : monitor.trim(),
        p.someOf("type", type, EventResource.TYPES),
        p.integer("query", "limit", limit, 1, maxLimit, defaultLimit));
  }
}
