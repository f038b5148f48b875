package io.sentinel.query.outages;

import io.sentinel.query.api.Params;
import io.sentinel.query.api.TimeRange;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The filters of the outage list ({@code @BeanParam}), as sent. */
public record OutageQuery(
    @Parameter(description = "monitor id (a number) or monitor name", example = "Server A")
        @QueryParam("monitor")
        String monitor,
    @Parameter(description = "true: only open outages; false: only ended ones") @QueryParam("open")
        String open) {

  /** The filter these parameters and {@code range} (outages overlapping it) ask for. */
  OutageReader.Filter filter(Params p, TimeRange.Bounds range) {
    return new OutageReader.Filter(monitor, range.from(), range.to(), p.bool("open", open));
  }
}
