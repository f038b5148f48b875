package io.sentinel.query.security;

import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.contract.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Sign-in with an OpenID provider (decision 017): the browser is sent to the provider and comes
 * back with a code; Sentinel exchanges it, validates the ID token, maps its claims to a role and
 * tenants, records the user (qualified by issuer) and opens its own session, the same cookie as a
 * password sign-in. Both endpoints answer 404 when no provider is configured.
 */
@Path("/api/session/oidc")
@Tag(name = "Session")
public class OidcResource {
  private static final Logger LOG = Logger.getLogger(OidcResource.class);

  /** The cookie that binds a sign-in under way to the browser that started it. */
  static final String STATE_COOKIE = "sentinel_oidc";

  private static final String PATH = "/api/session/oidc";
  private static final Duration SIGN_IN_TIME = Duration.ofMinutes(10);

  /**
   * SameSite=Lax, not Strict: the provider's redirect back is a cross-site navigation, and a Strict
   * cookie would not come with it. It holds only the state, for its path only, ten minutes.
   */
  private static final HttpOnlyCookie STATE =
      new HttpOnlyCookie(STATE_COOKIE, PATH, NewCookie.SameSite.LAX, SIGN_IN_TIME);

  @Inject OidcConfig oidc;
  @Inject OidcSignIn signIn;
  @Inject IdentityStore store;
  @Inject SecurityConfig security;

  private void requireEnabled() {
    if (!oidc.enabled()) {
      throw new ProblemException(
          ProblemDetail.of(
              "not-found", "Not Found", 404, "no OpenID provider is configured (sentinel.oidc)"));
    }
  }

  @GET
  public Uni<Response> start(@Context HttpServerRequest http) {
    requireEnabled();
    String state = Secrets.token("");
    String nonce = Secrets.token("");
    String verifier = OidcSignIn.newVerifier();
    URI redirect = redirectUri(http);
    return store
        .startOidcSignIn(state, nonce, verifier, SIGN_IN_TIME)
        .emitOn(Infrastructure.getDefaultWorkerPool())
        .map(x -> signIn.authorizationUrl(redirect, state, nonce, verifier))
        .map(
            url ->
                Response.seeOther(url)
                    .cookie(STATE.set(state, http))
                    .header("Cache-Control", "no-store")
                    .build())
        .onFailure(OidcSignIn.Refused.class)
        .recoverWithItem(e -> refused((OidcSignIn.Refused) e, http));
  }

  @GET
  @Path("/callback")
  public Uni<Response> callback(
      @QueryParam("code") String code,
      @QueryParam("state") String state,
      @QueryParam("iss") String iss,
      @QueryParam("session_state") String sessionState,
      @QueryParam("error") String error,
      @QueryParam("error_description") String errorDescription,
      @Context HttpServerRequest http) {
    requireEnabled();
    Cookie bound = http.getCookie(STATE_COOKIE);
    if (error != null) {
      return Uni.createFrom()
          .item(
              refused(
                  new OidcSignIn.Refused(
                      "provider-error",
                      "the provider answered "
                          + error
                          + (errorDescription == null ? "" : ": " + errorDescription)),
                  http));
    }
    if (code == null || state == null || bound == null || !Secrets.same(state, bound.getValue())) {
      return Uni.createFrom()
          .item(
              refused(
                  new OidcSignIn.Refused(
                      "state-mismatch",
                      "the answer does not belong to a sign-in this browser started"),
                  http));
    }
    URI redirect = redirectUri(http);
    return store
        .takeOidcSignIn(state)
        .emitOn(Infrastructure.getDefaultWorkerPool())
        .map(
            started -> {
              if (started == null) {
                throw new OidcSignIn.Refused(
                    "state-expired", "the sign-in expired or was already used");
              }
              return signIn.exchange(redirect, code, iss, started.nonce(), started.codeVerifier());
            })
        .chain(
            who ->
                store
                    .upsertOidcUser(
                        who.issuer(), who.subject(), who.username(), who.role(), who.tenants())
                    .chain(
                        user -> {
                          if (user == null) {
                            throw new OidcSignIn.Refused(
                                "name-taken", "the name " + who.username() + " is taken");
                          }
                          if (user.disabled()) {
                            throw new OidcSignIn.Refused(
                                "user-disabled", who.username() + " is disabled in Sentinel");
                          }
                          return store.openSession(user.id(), security.session().maxAge());
                        })
                    .map(
                        token -> {
                          LOG.infof(
                              "%s signed in through %s as %s of %s",
                              who.username(), who.issuer(), who.role().wire(), who.tenants());
                          return Response.seeOther(URI.create(oidc.afterSignIn()))
                              .cookie(SessionResource.cookie(security).set(token, http))
                              .cookie(STATE.cleared(http))
                              .header("Cache-Control", "no-store")
                              .build();
                        }))
        .onFailure(OidcSignIn.Refused.class)
        .recoverWithItem(e -> refused((OidcSignIn.Refused) e, http));
  }

  private Response refused(OidcSignIn.Refused e, HttpServerRequest http) {
    LOG.infof("OpenID sign-in refused (%s): %s", e.reason(), e.getMessage());
    String target = oidc.afterSignIn();
    String sep = target.contains("?") ? "&" : "?";
    return Response.seeOther(
            URI.create(
                target
                    + sep
                    + "signin_error="
                    + URLEncoder.encode(e.reason(), StandardCharsets.UTF_8)))
        .cookie(STATE.cleared(http))
        .header("Cache-Control", "no-store")
        .build();
  }

  /** The callback URL: configured, or this server's as the browser reached it. */
  private URI redirectUri(HttpServerRequest http) {
    if (oidc.redirectUri().filter(s -> !s.isBlank()).isPresent()) {
      return URI.create(oidc.redirectUri().get());
    }
    String proto = http.getHeader("X-Forwarded-Proto");
    String host = http.getHeader("X-Forwarded-Host");
    String scheme = proto != null ? proto.split(",")[0].trim() : http.isSSL() ? "https" : "http";
    String authority = host != null ? host.split(",")[0].trim() : http.authority().toString();
    return URI.create(scheme + "://" + authority + PATH + "/callback");
  }
}
