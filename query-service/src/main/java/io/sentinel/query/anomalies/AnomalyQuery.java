package io.sentinel.query.anomalies;

import io.sentinel.query.api.Params;
import io.sentinel.query.api.TimeRange;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The filters and sort of the anomaly list ({@code @BeanParam}), as sent. */
public record AnomalyQuery(
    @Parameter(description = "monitor id (a number) or monitor name", example = "Server A")
        @QueryParam("monitor")
        String monitor,
    @Parameter(description = "metric name", example = "cpu_usage") @QueryParam("metric")
        String metric,
    @Parameter(
            description = "comma-separated severities: minor, major, critical",
            example = "major,critical")
        @QueryParam("severity")
        String severity,
    @Parameter(description = "true: only open anomalies; false: only resolved ones")
        @QueryParam("open")
        String open,
    @Parameter(description = "true: only acknowledged; false: only not acknowledged")
        @QueryParam("acknowledged")
        String acknowledged,
    @Parameter(description = "true: only those raised during maintenance; false: the others")
        @QueryParam("suppressed")
        String suppressed,
    @Parameter(
            description =
                "sort key: started_at (default, newest first), ended_at, score; `-` for descending",
            example = "-score")
        @QueryParam("sort")
        String sort) {

  /** The filter these parameters and {@code range} (on the start time) ask for. */
  AnomalyReader.Filter filter(Params p, TimeRange.Bounds range) {
    Boolean isOpen = p.bool("open", open);
    Boolean isAcked = p.bool("acknowledged", acknowledged);
    Boolean isSuppressed = p.bool("suppressed", suppressed);
    var severities = p.someOf("severity", severity, AnomalyResource.SEVERITIES);
    String metricName = p.text("query", "metric", metric, 200);
    return new AnomalyReader.Filter(
        monitor, metricName, severities, range.from(), range.to(), isOpen, isAcked, isSuppressed);
  }

  /** The order asked for; newest first by default. */
  Params.Sorting sorting(Params p) {
    return sort == null || sort.isBlank()
        ? new Params.Sorting("started_at", true)
        : p.sort("sort", sort, AnomalyReader.SORTS.keySet(), "started_at");
  }
}
