package io.sentinel.query.security;

import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.contract.problem.ProblemException;
import io.sentinel.query.api.Params;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/** Signing in and out of the dashboard: a session cookie (HttpOnly, SameSite=Strict). */
@Path("/api/session")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Session")
public class SessionResource {
  private static final Logger LOG = Logger.getLogger(SessionResource.class);

  @Inject IdentityStore store;
  @Inject SecurityConfig config;
  @Inject CurrentCaller current;
  @Inject OidcConfig oidc;

  /**
   * How one may sign in, for the sign-in page.
   *
   * @param password always true: user name and password
   * @param oidc the OpenID provider's button, or null when none is configured
   */
  public record Options(boolean password, OidcOption oidc) {}

  /**
   * The OpenID provider's sign-in button.
   *
   * @param name the provider's name ("Sign in with NAME")
   * @param url where the button goes
   */
  public record OidcOption(String name, String url) {}

  /**
   * A sign-in.
   *
   * @param username the user name
   * @param password the password
   */
  public record Login(String username, String password) {}

  /**
   * A password change.
   *
   * @param currentPassword the password now (the one-time password after a first sign-in)
   * @param newPassword the new one, 12 to 200 characters
   */
  public record PasswordChange(String currentPassword, String newPassword) {}

  /**
   * The signed-in caller.
   *
   * @param name user name (or api-key:NAME)
   * @param role viewer, operator or admin
   * @param tenants the tenants the caller belongs to
   * @param via session, api-key or bootstrap
   * @param mustChangePassword true until a one-time password is replaced
   */
  public record Me(
      String name, String role, List<String> tenants, String via, boolean mustChangePassword) {
    static Me of(Caller c) {
      boolean change = c.via().equals("session-password-change");
      return new Me(c.name(), c.role().wire(), c.tenants(), change ? "session" : c.via(), change);
    }
  }

  private static ProblemException unauthenticated(String detail) {
    return new ProblemException(ProblemDetail.of("unauthenticated", "Unauthorized", 401, detail));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @APIResponse(
      responseCode = "200",
      description = "Signed in; the session cookie is set",
      content =
          @Content(
              schema = @Schema(implementation = Me.class),
              examples = @ExampleObject(name = "signed in", value = SecurityExamples.SESSION)))
  public Uni<Response> login(Login body, @Context HttpServerRequest http) {
    Params p = new Params("body");
    String username = body == null ? null : p.text("body", "username", body.username(), 100);
    String password = body == null ? null : body.password();
    if (username == null) {
      p.invalid("body", "username", "is required");
    }
    if (password == null || password.isEmpty()) {
      p.invalid("body", "password", "is required");
    }
    p.check();
    return store
        .credentials(username)
        .emitOn(Infrastructure.getDefaultWorkerPool())
        .map(
            c ->
                Passwords.matches(password, c == null ? null : c.passwordHash()) && !c.disabled()
                    ? c
                    : null)
        .chain(
            c -> {
              if (c == null) {
                LOG.infof("sign-in refused for '%s'", username);
                return Uni.createFrom().failure(unauthenticated("wrong user name or password"));
              }
              return store
                  .openSession(c.id(), config.session().maxAge())
                  .chain(
                      token ->
                          store
                              .bySession(token)
                              .map(
                                  caller -> {
                                    LOG.infof("%s signed in", caller.name());
                                    return Response.ok(Me.of(caller))
                                        .cookie(cookie(config).set(token, http))
                                        .build();
                                  }));
            });
  }

  /** The session cookie (also set by an OpenID sign-in, {@link OidcResource}). */
  static HttpOnlyCookie cookie(SecurityConfig config) {
    return new HttpOnlyCookie(
        config.session().cookie(), "/", NewCookie.SameSite.STRICT, config.session().maxAge());
  }

  @GET
  public Me me() {
    return Me.of(current.get());
  }

  @GET
  @Path("/options")
  public Options options() {
    return new Options(
        true, oidc.enabled() ? new OidcOption(oidc.providerName(), "/api/session/oidc") : null);
  }

  @DELETE
  public Uni<Response> logout(@Context HttpServerRequest http) {
    Cookie c = http.getCookie(config.session().cookie());
    Uni<Void> close =
        c == null || c.getValue().isBlank()
            ? Uni.createFrom().voidItem()
            : store.closeSession(c.getValue());
    return close.map(x -> Response.noContent().cookie(cookie(config).cleared(http)).build());
  }

  @POST
  @Path("/password")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Me> changePassword(PasswordChange body, @Context HttpServerRequest http) {
    Caller caller = current.get();
    Params p = new Params("body");
    if (caller.userId() == null) {
      p.invalid("body", "current_password", "an API key has no password");
    }
    String now = body == null ? null : body.currentPassword();
    String next = body == null ? null : body.newPassword();
    if (now == null || now.isEmpty()) {
      p.invalid("body", "current_password", "is required");
    }
    if (next == null || next.length() < 12 || next.length() > 200) {
      p.invalid("body", "new_password", "must be 12 to 200 characters");
    } else if (next.equals(now)) {
      p.invalid("body", "new_password", "must differ from the current password");
    }
    p.check();
    Cookie c = http.getCookie(config.session().cookie());
    return store
        .credentials(caller.userId())
        .emitOn(Infrastructure.getDefaultWorkerPool())
        .map(
            cred -> {
              if (cred == null || !Passwords.matches(now, cred.passwordHash())) {
                throw unauthenticated("the current password is wrong");
              }
              return Passwords.hash(next);
            })
        .chain(hash -> store.changePassword(caller.userId(), hash, c == null ? null : c.getValue()))
        .map(
            x -> {
              LOG.infof("%s changed their password", caller.name());
              return new Me(
                  caller.name(), caller.role().wire(), caller.tenants(), "session", false);
            });
  }
}
