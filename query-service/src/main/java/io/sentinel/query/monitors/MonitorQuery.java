package io.sentinel.query.monitors;

import io.sentinel.query.api.Params;
import jakarta.ws.rs.QueryParam;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The filters and sort of the monitor list ({@code @BeanParam}), as sent. */
public record MonitorQuery(
    @Parameter(
            description =
                "comma-separated statuses: up, trouble, critical, errors, down, maintenance",
            example = "down,critical")
        @QueryParam("status")
        String status,
    @Parameter(
            description = "keyword: substring of name or tag (case-insensitive), or the id",
            example = "db")
        @QueryParam("q")
        String q,
    @Parameter(description = "exact tag the monitor must have", example = "env=prod")
        @QueryParam("tag")
        String tag,
    @Parameter(
            description =
                "sort key, `-` prefix for descending: name (default), id, status (by precedence:"
                    + " maintenance, down, errors, critical, trouble, up), last_updated,"
                    + " status_since, first_seen, open_anomalies, anomaly_count",
            example = "-last_updated")
        @QueryParam("sort")
        String sort) {

  MonitorReader.Filter filter(Params p) {
    return new MonitorReader.Filter(
        p.statuses("status", status),
        p.text("query", "q", q, 200),
        p.text("query", "tag", tag, 400));
  }

  Params.Sorting sorting(Params p) {
    return p.sort("sort", sort, MonitorReader.SORTS.keySet(), "name");
  }

  /** The keyword and tag of the summary, which takes no status filter. */
  static MonitorReader.Filter summaryFilter(Params p, String q, String tag) {
    return new MonitorReader.Filter(
        Set.of(), p.text("query", "q", q, 200), p.text("query", "tag", tag, 400));
  }
}
