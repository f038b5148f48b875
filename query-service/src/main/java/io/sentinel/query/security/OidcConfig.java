package io.sentinel.query.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Settings under {@code sentinel.oidc}: sign-in with an OpenID provider (decision 017). Without an
 * issuer the feature is off: no button, and its endpoints answer 404.
 */
@ConfigMapping(prefix = "sentinel.oidc")
public interface OidcConfig {
  /** The provider's issuer URL (its discovery document is at .well-known/openid-configuration). */
  Optional<String> issuer();

  /** Sentinel's client id at the provider. */
  Optional<String> clientId();

  /** Sentinel's client secret at the provider (confidential client). */
  Optional<String> clientSecret();

  /** How the client authenticates at the token endpoint: client_secret_basic or _post. */
  @WithDefault("client_secret_basic")
  String clientAuthMethod();

  /** The name on the sign-in button ("Sign in with NAME"). */
  @WithDefault("single sign-on")
  String providerName();

  /** The scopes asked for. */
  @WithDefault("openid,profile,email")
  List<String> scopes();

  /**
   * The callback URL registered at the provider; unset: this server's {@code
   * /api/session/oidc/callback} as the request reached it (X-Forwarded-Proto/Host honoured).
   */
  Optional<String> redirectUri();

  /** The claim that names the user (qualified with the issuer); falls back to {@code sub}. */
  @WithDefault("preferred_username")
  String usernameClaim();

  /** A claim holding a role (viewer, operator or admin), a string or a list. */
  @WithDefault("sentinel_role")
  String roleClaim();

  /** A claim holding the user's groups, mapped to roles by {@link #groupRoles()}. */
  @WithDefault("groups")
  String groupsClaim();

  /** Groups to roles, {@code group=role} pairs, e.g. {@code sentinel-admins=admin}. */
  Optional<List<String>> groupRoles();

  /** A claim holding the user's tenant ids, a string or a list. */
  @WithDefault("sentinel_tenants")
  String tenantClaim();

  /** The tenant of a user whose token names none. */
  @WithDefault("default")
  String defaultTenant();

  /** Where the browser goes after signing in (and, with ?signin_error=, after a refusal). */
  @WithDefault("/")
  String afterSignIn();

  /** Connect and read timeout for calls to the provider. */
  @WithDefault("5s")
  Duration timeout();

  /** Whether sign-in with a provider is configured. */
  default boolean enabled() {
    return issuer().filter(s -> !s.isBlank()).isPresent()
        && clientId().filter(s -> !s.isBlank()).isPresent();
  }
}
