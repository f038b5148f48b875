package io.sentinel.query.agenttokens;

import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.contract.problem.ProblemException;
import io.sentinel.query.agenttokens.AgentTokenStore.AgentTokenRow;
import io.sentinel.query.api.Answers;
import io.sentinel.query.api.Params;
import io.sentinel.query.security.AdminFields;
import io.sentinel.query.security.CurrentCaller;
import io.sentinel.query.security.Secrets;
import io.sentinel.query.security.TenantScope;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Agent tokens for administrators, within their tenants: create (the token is answered once), list
 * with last use, revoke, bind to a monitor. Every change is stored, then published to the topic
 * ingest reads; the answer comes once Kafka acknowledged it (503 when it did not: send the change
 * again).
 */
@Path("/api/admin/agent-tokens")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
public class AgentTokenResource {
  private static final Logger LOG = Logger.getLogger(AgentTokenResource.class);

  /** Longest monitor id a token can be bound to (ingest's max-name-length default). */
  static final int MAX_MONITOR = 256;

  @Inject AgentTokenStore store;
  @Inject AgentTokenPublisher publisher;
  @Inject CurrentCaller current;
  @Inject TenantScope scope;

  /**
   * A token to create.
   *
   * @param name what it is for (1 to 200 characters)
   * @param tenant the tenant of its samples: one of the caller's; absent: the caller's only (or
   *     narrowed) tenant, else {@code default}
   * @param monitor the only monitor it may write; absent: any monitor of its tenant
   */
  public record NewToken(String name, String tenant, String monitor) {}

  /**
   * A created token.
   *
   * @param token the token, shown only in this answer: agents send it as {@code Authorization:
   *     Bearer <token>} (or in a push URL)
   * @param agentToken the token's record
   */
  public record CreatedToken(String token, AgentTokenRow agentToken) {}

  /** A monitor to bind a token to; null or absent unbinds it. */
  public record Binding(String monitor) {}

  @GET
  public Uni<List<AgentTokenRow>> list() {
    return store.list(scope.tenants());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<RestResponse<CreatedToken>> create(NewToken body) {
    Params p = new Params("body");
    String name = body == null ? null : p.text("body", "name", body.name(), 200);
    if (name == null) {
      p.invalid("body", "name", "is required");
    }
    String tenant = AdminFields.tenant(p, scope, body == null ? null : body.tenant());
    String monitor = body == null ? null : p.text("body", "monitor", body.monitor(), MAX_MONITOR);
    p.check();
    scope.mayManage(tenant, "agent tokens");
    String token = Secrets.token("sat_");
    String by = current.name();
    return store
        .create(name, token, tenant, monitor, by)
        .call(this::published)
        .map(
            row -> {
              LOG.infof(
                  "%s created agent token %d (%s, tenant %s%s)",
                  by, row.id(), name, tenant, monitor == null ? "" : ", monitor " + monitor);
              return RestResponse.status(RestResponse.Status.CREATED, new CreatedToken(token, row));
            });
  }

  @DELETE
  @Path("/{id}")
  public Uni<AgentTokenRow> revoke(
      @Parameter(description = "the token id") @PathParam("id") String id) {
    String by = current.name();
    return Answers.byPathId(
            id, "agent token", tokenId -> store.revoke(tokenId, by, scope.tenants()))
        .call(this::published)
        .invoke(t -> LOG.infof("%s revoked agent token %d (%s)", by, t.id(), t.name()));
  }

  @PUT
  @Path("/{id}/monitor")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<AgentTokenRow> bind(
      @Parameter(description = "the token id") @PathParam("id") String id, Binding body) {
    Params p = new Params("body");
    long tokenId = Params.pathId(id);
    String monitor = body == null ? null : p.text("body", "monitor", body.monitor(), MAX_MONITOR);
    p.check();
    String[] tenants = scope.tenants();
    String by = current.name();
    return store
        .bind(tokenId, monitor, tenants)
        .onItem()
        .ifNull()
        .switchTo(
            () ->
                found(store.get(tokenId, tenants), tokenId)
                    .map(
                        revoked -> {
                          throw new ProblemException(
                              ProblemDetail.of(
                                  "conflict",
                                  "Conflict",
                                  409,
                                  "agent token " + tokenId + " is revoked: create a new one"));
                        }))
        .call(this::published)
        .invoke(
            t ->
                LOG.infof(
                    "%s bound agent token %d to %s",
                    by, t.id(), t.monitor() == null ? "no monitor" : "monitor " + t.monitor()));
  }

  private static Uni<AgentTokenRow> found(Uni<AgentTokenRow> row, long id) {
    return Answers.orNotFound(row, "no agent token with id " + id);
  }

  /** Stored, then published: a publication Kafka did not acknowledge is a 503. */
  private Uni<AgentTokenRow> published(AgentTokenRow row) {
    return publisher
        .publish(row)
        .onFailure()
        .transform(
            e ->
                new ProblemException(
                    ProblemDetail.of(
                        "kafka-unavailable",
                        "Service Unavailable",
                        503,
                        "agent token "
                            + row.id()
                            + " is stored but ingest was not told ("
                            + e.getMessage()
                            + "): send the change again (or it is published when the"
                            + " query-service next starts)")));
  }
}
