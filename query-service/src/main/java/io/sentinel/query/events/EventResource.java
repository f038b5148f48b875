package io.sentinel.query.events;

import io.sentinel.query.api.Params;
import io.sentinel.query.api.TimeRange;
import io.sentinel.query.config.QueryConfig;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The event log. */
@Path("/api/events")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Events")
public class EventResource {
  /** Types a client may filter on. */
  public static final List<String> TYPES =
      List.of(
          "monitor_discovered",
          "anomaly",
          "anomaly_resolved",
          "outage_started",
          "outage_resolved",
          "errors_started",
          "errors_resolved",
          "status_changed",
          "acknowledged",
          "maintenance_started",
          "maintenance_ended",
          "maintenance_scheduled",
          "maintenance_cancelled",
          "pipeline_degraded",
          "pipeline_recovered");

  @Inject io.sentinel.query.security.TenantScope tenants;
  @Inject EventLogReader reader;
  @Inject QueryConfig config;

  @GET
  public Uni<List<EventRow>> list(@BeanParam EventQuery query, @BeanParam TimeRange range) {
    Params p = new Params();
    EventQuery.Parsed q = query.parse(p, config.api().defaultLimit(), config.api().maxLimit());
    TimeRange.Bounds time = range.parse(p);
    p.check();
    return reader.page(
        tenants.tenants(),
        q.after(),
        q.before(),
        q.monitor(),
        q.types(),
        time.from(),
        time.to(),
        q.limit());
  }
}
