package io.sentinel.query.security;

import io.sentinel.query.api.Answers;
import io.sentinel.query.api.Params;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

/** API keys for tools and scripts, for administrators. */
@Path("/api/admin/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
public class AdminApiKeyResource {
  private static final Logger LOG = Logger.getLogger(AdminApiKeyResource.class);

  @Inject IdentityStore store;
  @Inject CurrentCaller current;
  @Inject TenantScope scope;

  /**
   * A key to create.
   *
   * @param name what it is for (1 to 200 characters)
   * @param role viewer, operator or admin
   * @param expiresAt optional end of validity, ISO-8601 with offset
   * @param tenant the tenant whose data the key reads and changes, one of the caller's; when
   *     absent, the caller's only tenant, else {@code default}
   */
  public record NewKey(String name, String role, String expiresAt, String tenant) {}

  /**
   * A created key.
   *
   * @param key the key, shown only in this answer: send it as {@code Authorization: Bearer <key>}
   * @param apiKey the key's record
   */
  public record CreatedKey(String key, IdentityStore.KeyRow apiKey) {}

  @GET
  public Uni<List<IdentityStore.KeyRow>> list() {
    return store.keys(scope.tenants());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<RestResponse<CreatedKey>> create(NewKey body) {
    Params p = new Params("body");
    String name = p.required("body", "name", body == null ? null : body.name(), 200);
    Role role = AdminFields.role(p, body == null ? null : body.role());
    Instant expires = body == null ? null : p.instant("expires_at", body.expiresAt());
    if (expires != null && !expires.isAfter(Instant.now())) {
      p.invalid("body", "expires_at", "must be in the future, got " + expires);
    }
    String tenant = AdminFields.tenant(p, scope, body == null ? null : body.tenant());
    p.check();
    scope.mayManage(tenant, "API keys");
    AdminFields.mayGrant(current, role);
    String secret = Secrets.token("snk_");
    String by = current.name();
    return store
        .createKey(
            name,
            secret,
            role,
            tenant,
            expires == null ? null : expires.atOffset(ZoneOffset.UTC),
            by)
        .map(
            row -> {
              LOG.infof("%s created API key %d (%s, role %s)", by, row.id(), name, role.wire());
              return RestResponse.status(RestResponse.Status.CREATED, new CreatedKey(secret, row));
            });
  }

  @DELETE
  @Path("/{id}")
  public Uni<IdentityStore.KeyRow> revoke(
      @Parameter(description = "the key id") @PathParam("id") String id) {
    String by = current.name();
    return Answers.byPathId(id, "API key", keyId -> store.revokeKey(keyId, by, scope.tenants()))
        .invoke(k -> LOG.infof("%s revoked API key %d (%s)", by, k.id(), k.name()));
  }
}
