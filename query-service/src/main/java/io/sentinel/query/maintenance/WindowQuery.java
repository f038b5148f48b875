package io.sentinel.query.maintenance;

import io.sentinel.query.api.Params;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The filters of the maintenance window list ({@code @BeanParam}), as sent. */
public record WindowQuery(
    @Parameter(description = "monitor id", example = "1") @QueryParam("monitor") String monitor,
    @Parameter(description = "true: include cancelled windows") @QueryParam("include_cancelled")
        String includeCancelled) {

  Long monitorId(Params p) {
    return p.seq("query", "monitor", monitor);
  }

  boolean includeCancelled(Params p) {
    return Boolean.TRUE.equals(p.bool("include_cancelled", includeCancelled));
  }
}
