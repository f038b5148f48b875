package io.sentinel.query.rollups;

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

/** Per-minute rollups for charts. */
@Path("/api/rollups")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Rollups")
public class RollupResource {
  @Inject RollupReader rollups;
  @Inject QueryConfig config;

  @GET
  public Uni<List<RollupView>> list(@BeanParam RollupQuery query, @BeanParam TimeRange range) {
    Params p = new Params();
    RollupReader.Filter filter = query.filter(p, range.parse(p));
    int limit = query.limit(p, config.api().defaultLimit(), config.api().maxLimit());
    p.check();
    return rollups.list(filter, limit);
  }
}
