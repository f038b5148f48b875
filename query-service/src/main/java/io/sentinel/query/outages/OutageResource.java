package io.sentinel.query.outages;

import io.sentinel.query.api.PageParams;
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
import org.jboss.resteasy.reactive.RestResponse;

/** Outages, current and past. */
@Path("/api/outages")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Outages")
public class OutageResource {
  @Inject OutageReader outages;
  @Inject QueryConfig config;

  @GET
  public Uni<RestResponse<List<OutageView>>> list(
      @BeanParam OutageQuery query, @BeanParam TimeRange range, @BeanParam PageParams paging) {
    Params p = new Params();
    OutageReader.Filter filter = query.filter(p, range.parse(p));
    return paging.respond(p, config.api(), w -> outages.page(filter, w.limit(), w.offset()));
  }
}
