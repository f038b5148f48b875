package io.sentinel.query.anomalies;

import io.sentinel.contract.Severity;
import io.sentinel.query.api.Answers;
import io.sentinel.query.api.PageParams;
import io.sentinel.query.api.Params;
import io.sentinel.query.api.TimeRange;
import io.sentinel.query.config.QueryConfig;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Anomalies, open and resolved, and their acknowledgement. */
@Path("/api/anomalies")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Anomalies")
public class AnomalyResource {
  static final List<String> SEVERITIES =
      Arrays.stream(Severity.values()).map(Severity::wire).toList();

  @Inject AnomalyReader anomalies;
  @Inject AnomalyRepository acknowledgements;
  @Inject QueryConfig config;
  @Inject io.sentinel.query.security.CurrentCaller caller;
  @Inject io.sentinel.query.security.TenantScope tenants;

  /**
   * The body of an acknowledgement; who acknowledges is the signed-in caller, never the body.
   *
   * @param comment why, or what is being done about it
   */
  public record Ack(String comment) {}

  @GET
  public Uni<RestResponse<List<AnomalyView>>> list(
      @BeanParam AnomalyQuery query, @BeanParam TimeRange range, @BeanParam PageParams paging) {
    Params p = new Params();
    AnomalyReader.Filter filter = query.filter(p, range.parse(p));
    Params.Sorting sorting = query.sorting(p);
    return paging.respond(
        p,
        config.api(),
        w -> anomalies.page(filter, sorting.key(), sorting.descending(), w.limit(), w.offset()));
  }

  @GET
  @Path("/{id}")
  public Uni<AnomalyView> get(
      @Parameter(description = "the anomaly id") @PathParam("id") String id) {
    return Answers.orNotFound(anomalies.byId(id), "no anomaly with id " + id);
  }

  @POST
  @Path("/{id}/ack")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<AnomalyView> acknowledge(
      @Parameter(description = "the anomaly id") @PathParam("id") String id, Ack body) {
    Params p = new Params();
    String comment = body == null ? null : p.text("body", "comment", body.comment(), 2000);
    p.check();
    String by = caller.name();
    return Answers.orNotFound(
        acknowledgements
            .acknowledge(id, by, comment, tenants.tenants())
            .chain(found -> found ? anomalies.byId(id) : Uni.createFrom().nullItem()),
        "no anomaly with id " + id);
  }
}
