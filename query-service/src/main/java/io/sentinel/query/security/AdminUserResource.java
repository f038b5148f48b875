package io.sentinel.query.security;

import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.contract.problem.ProblemException;
import io.sentinel.query.api.Answers;
import io.sentinel.query.api.Params;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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

/** Users, for administrators. */
@Path("/api/admin/users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
public class AdminUserResource {
  private static final Logger LOG = Logger.getLogger(AdminUserResource.class);

  @Inject IdentityStore store;
  @Inject CurrentCaller current;
  @Inject TenantScope scope;

  /**
   * A user to create.
   *
   * @param username the name to sign in with (1 to 100 characters)
   * @param role viewer, operator or admin
   * @param password optional: a password of 12 to 200 characters; absent, a one-time password is
   *     generated and answered once, and the user must replace it at first sign-in
   * @param tenants the tenants whose data the user reads and changes, each one the caller's; when
   *     absent, the caller's only tenant, else {@code ["default"]}; tenants new to the installation
   *     are created
   */
  public record NewUser(String username, String role, String password, List<String> tenants) {}

  /**
   * A user's tenants, replacing the ones it had.
   *
   * @param tenants one or more tenant ids; tenants new to the installation are created
   */
  public record UserTenants(List<String> tenants) {}

  /**
   * A created user.
   *
   * @param user the user
   * @param oneTimePassword the generated password, shown only in this answer (absent when the
   *     request gave one)
   */
  public record CreatedUser(IdentityStore.UserRow user, String oneTimePassword) {}

  @GET
  public Uni<List<IdentityStore.UserRow>> list() {
    return store.users(scope.tenants());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<RestResponse<CreatedUser>> create(NewUser body) {
    Params p = new Params("body");
    String username = body == null ? null : p.text("body", "username", body.username(), 100);
    if (username == null) {
      p.invalid("body", "username", "is required");
    } else if (!username.matches("[\\p{L}\\p{N}._@+-]+")) {
      p.invalid("body", "username", "letters, digits and . _ @ + - only, got '" + username + "'");
    }
    Role role = AdminFields.role(p, body == null ? null : body.role());
    String given = body == null ? null : body.password();
    if (given != null && (given.length() < 12 || given.length() > 200)) {
      p.invalid("body", "password", "must be 12 to 200 characters");
    }
    List<String> tenants =
        body == null || body.tenants() == null
            ? List.of(AdminFields.tenant(p, scope, null))
            : AdminFields.tenants(p, body.tenants());
    p.check();
    mayGrant(role, tenants);
    String password = given != null ? given : Secrets.password();
    String by = current.name();
    return Uni.createFrom()
        .item(() -> Passwords.hash(password))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .chain(hash -> store.createUser(username, hash, role, given == null, by, false, tenants))
        .map(
            user -> {
              if (user == null) {
                throw new ProblemException(
                    ProblemDetail.of(
                        "conflict", "Conflict", 409, "a user named '" + username + "' exists"));
              }
              LOG.infof(
                  "%s created user %s with role %s in %s", by, username, role.wire(), tenants);
              return RestResponse.status(
                  RestResponse.Status.CREATED,
                  new CreatedUser(user, given == null ? password : null));
            });
  }

  @PUT
  @Path("/{id}/tenants")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<IdentityStore.UserRow> setTenants(
      @Parameter(description = "the user id") @PathParam("id") String id, UserTenants body) {
    Params p = new Params();
    Long userId = p.seq("path", "id", id);
    List<String> tenants = AdminFields.tenants(p, body == null ? null : body.tenants());
    p.check();
    for (String t : tenants) {
      scope.mayManage(t, "users");
    }
    return Answers.orNotFound(
            store.replaceTenants(userId, tenants, scope.tenants()), "no user with id " + userId)
        .invoke(
            u ->
                LOG.infof(
                    "%s set the tenants of user %s to %s", current.name(), u.username(), tenants));
  }

  @DELETE
  @Path("/{id}")
  public Uni<IdentityStore.UserRow> disable(
      @Parameter(description = "the user id") @PathParam("id") String id) {
    long userId = Params.pathId(id);
    String[] visible = scope.tenants();
    return Answers.orNotFound(store.user(userId, visible), "no user with id " + userId)
        .chain(
            u ->
                u.role() == Role.ADMIN && u.disabledAt() == null
                    ? store
                        .otherAdmins(userId)
                        .invoke(
                            n -> {
                              if (n == 0) {
                                throw new ProblemException(
                                    ProblemDetail.of(
                                        "conflict",
                                        "Conflict",
                                        409,
                                        "'"
                                            + u.username()
                                            + "' is the last enabled administrator"));
                              }
                            })
                        .replaceWith(u)
                    : Uni.createFrom().item(u))
        .chain(u -> store.disableUser(userId, visible))
        .invoke(u -> LOG.infof("%s disabled user %s", current.name(), u.username()));
  }

  /**
   * Refuses (403, problem+json) a user above the caller's role, or in a tenant the caller does not
   * manage ({@code forbidden-tenant}): an admin administers its own tenants (decision 025).
   */
  private void mayGrant(Role role, List<String> tenants) {
    for (String t : tenants) {
      scope.mayManage(t, "users");
    }
    AdminFields.mayGrant(current, role);
  }
}
