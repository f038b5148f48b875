package io.sentinel.query.security;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;

/**
 * A cookie Sentinel sets for the browser: HttpOnly, and Secure when the request came over HTTPS
 * (directly, or through a proxy saying so in X-Forwarded-Proto). Cleared, it is empty and expires
 * at once.
 *
 * @param name its name
 * @param path the path the browser sends it to
 * @param sameSite when the browser sends it along from another site
 * @param maxAge how long it lives
 */
record HttpOnlyCookie(String name, String path, NewCookie.SameSite sameSite, Duration maxAge) {

  /** The cookie holding {@code value}, in the answer to {@code http}. */
  NewCookie set(String value, HttpServerRequest http) {
    return cookie(value, (int) maxAge.toSeconds(), http);
  }

  /** The cookie cleared, in the answer to {@code http}. */
  NewCookie cleared(HttpServerRequest http) {
    return cookie("", 0, http);
  }

  private NewCookie cookie(String value, int maxAgeSeconds, HttpServerRequest http) {
    String proto = http.getHeader("X-Forwarded-Proto");
    boolean secure = http.isSSL() || "https".equalsIgnoreCase(proto);
    return new NewCookie.Builder(name)
        .value(value)
        .path(path)
        .httpOnly(true)
        .secure(secure)
        .sameSite(sameSite)
        .maxAge(maxAgeSeconds)
        .build();
  }
}
