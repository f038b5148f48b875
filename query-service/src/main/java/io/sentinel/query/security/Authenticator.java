package io.sentinel.query.security;

import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Who sent a request: {@code Authorization: Bearer <API key>} (or the bootstrap key from
 * configuration), else the session cookie. Shared by the REST filter and the WebSocket handshake,
 * so both accept the same credentials.
 */
@ApplicationScoped
public class Authenticator {
  @Inject IdentityStore store;
  @Inject SecurityConfig config;

  /** The caller, or null when the request carries no valid credential. */
  public Uni<Caller> authenticate(HttpServerRequest http) {
    Cookie cookie = http.getCookie(config.session().cookie());
    return authenticate(http.getHeader("Authorization"), cookie == null ? null : cookie.getValue());
  }

  /**
   * The caller of an upgraded connection, from its handshake's {@code Authorization} and {@code
   * Cookie} headers (either may be null), or null.
   */
  public Uni<Caller> authenticateHandshake(String authorization, String cookieHeader) {
    String session = null;
    if (cookieHeader != null) {
      for (io.netty.handler.codec.http.cookie.Cookie c :
          ServerCookieDecoder.LAX.decode(cookieHeader)) {
        if (c.name().equals(config.session().cookie())) {
          session = c.value();
        }
      }
    }
    return authenticate(authorization, session);
  }

  private Uni<Caller> authenticate(String auth, String session) {
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String secret = auth.substring(7).trim();
      Optional<String> bootstrap = config.bootstrap().apiKey().filter(k -> !k.isBlank());
      if (bootstrap.isPresent() && Secrets.same(secret, bootstrap.get())) {
        return Uni.createFrom()
            .item(
                new Caller(
                    "bootstrap-key", Role.ADMIN, List.of(TenantScope.ALL), "bootstrap", null));
      }
      return secret.isEmpty() ? Uni.createFrom().nullItem() : store.byApiKey(secret);
    }
    if (session != null && !session.isBlank()) {
      return store.bySession(session);
    }
    return Uni.createFrom().nullItem();
  }

  /** True when the caller signed in with a one-time password and must change it first. */
  public static boolean mustChangePassword(Caller caller) {
    return caller.via().equals("session-password-change");
  }
}
