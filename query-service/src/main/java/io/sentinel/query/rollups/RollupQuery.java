package io.sentinel.query.rollups;

import io.sentinel.query.api.Params;
import io.sentinel.query.api.TimeRange;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Which rollups to list ({@code @BeanParam}), as sent. */
public record RollupQuery(
    @Parameter(description = "series id, e.g. Server A/cpu_usage") @QueryParam("series")
        String series,
    @Parameter(description = "monitor name (when no series is given)") @QueryParam("monitor")
        String monitor,
    @Parameter(description = "metric name, with monitor") @QueryParam("metric") String metric,
    @Parameter(description = "page size, 1 to sentinel.query.api.max-limit (default 100)")
        @QueryParam("limit")
        String limit) {

  /** The filter these parameters and {@code range} (on the minute) ask for. */
  RollupReader.Filter filter(Params p, TimeRange.Bounds range) {
    boolean hasSeries = series != null && !series.isBlank();
    boolean hasMonitor = monitor != null && !monitor.isBlank();
    if (!hasSeries && !hasMonitor) {
      p.conflict("series", "series or monitor is required");
    }
    return new RollupReader.Filter(
        hasSeries ? series.trim() : null,
        hasMonitor ? monitor.trim() : null,
        metric == null || metric.isBlank() ? null : metric.trim(),
        range.from(),
        range.to());
  }

  int limit(Params p, int defaultLimit, int maxLimit) {
    return p.integer("query", "limit", limit, 1, maxLimit, defaultLimit);
  }
}
