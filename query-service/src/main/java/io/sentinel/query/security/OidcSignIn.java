package io.sentinel.query.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The OpenID Connect side of sign-in (decision 017): the provider's discovery document, the
 * authorization request (code flow, PKCE S256, state, nonce), the code exchange and the ID token's
 * validation (signature against the provider's JWKS, issuer, audience, expiry, nonce), and the
 * mapping of its claims to a Sentinel role and tenants. Every call to the provider blocks: callers
 * run it on a worker thread.
 */
@ApplicationScoped
public class OidcSignIn {
  private static final Pattern TENANT = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,62}$");

  @Inject OidcConfig config;

  private volatile Provider provider;

  /** What discovery found, and the validator built from it (it caches the JWKS). */
  record Provider(OIDCProviderMetadata metadata, IDTokenValidator validator) {}

  /** A refusal with a short reason the dashboard shows (?signin_error=). */
  public static final class Refused extends RuntimeException {
    private final String reason;

    Refused(String reason, String detail) {
      super(detail);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  /** Who the provider says signed in, in Sentinel's terms. */
  public record Identity(
      String issuer, String subject, String username, Role role, List<String> tenants) {}

  private Provider provider() {
    Provider p = provider;
    if (p != null) {
      return p;
    }
    synchronized (this) {
      if (provider == null) {
        try {
          int ms = (int) config.timeout().toMillis();
          OIDCProviderMetadata metadata =
              OIDCProviderMetadata.resolve(new Issuer(config.issuer().orElseThrow()), ms, ms);
          JWSAlgorithm alg =
              metadata.getIDTokenJWSAlgs() == null
                      || metadata.getIDTokenJWSAlgs().isEmpty()
                      || metadata.getIDTokenJWSAlgs().contains(JWSAlgorithm.RS256)
                  ? JWSAlgorithm.RS256
                  : metadata.getIDTokenJWSAlgs().get(0);
          IDTokenValidator validator =
              new IDTokenValidator(
                  metadata.getIssuer(),
                  new ClientID(config.clientId().orElseThrow()),
                  alg,
                  metadata.getJWKSetURI().toURL(),
                  new DefaultResourceRetriever(ms, ms, 512 * 1024));
          validator.setMaxClockSkew(60);
          provider = new Provider(metadata, validator);
        } catch (Exception e) {
          throw new Refused("provider-unavailable", "discovery failed: " + e);
        }
      }
      return provider;
    }
  }

  /** The provider's authorization URL for a sign-in with this state, nonce and PKCE verifier. */
  public URI authorizationUrl(URI redirectUri, String state, String nonce, String verifier) {
    OIDCProviderMetadata m = provider().metadata();
    return new AuthenticationRequest.Builder(
            new ResponseType("code"),
            new Scope(config.scopes().toArray(String[]::new)),
            new ClientID(config.clientId().orElseThrow()),
            redirectUri)
        .endpointURI(m.getAuthorizationEndpointURI())
        .state(new State(state))
        .nonce(new Nonce(nonce))
        .codeChallenge(new CodeVerifier(verifier), CodeChallengeMethod.S256)
        .build()
        .toURI();
  }

  /** A fresh PKCE verifier (43+ characters of 256 random bits). */
  public static String newVerifier() {
    return new CodeVerifier().getValue();
  }

  /**
   * Exchanges the code for tokens and validates the ID token; answers who signed in, or throws
   * {@link Refused}.
   */
  public Identity exchange(
      URI redirectUri, String code, String iss, String nonce, String verifier) {
    Provider p = provider();
    if (iss != null && !iss.equals(p.metadata().getIssuer().getValue())) {
      // RFC 9207: the answer comes from another issuer (mix-up attack)
      throw new Refused("wrong-issuer", "the answer names issuer " + iss);
    }
    ClientID id = new ClientID(config.clientId().orElseThrow());
    Secret secret = new Secret(config.clientSecret().orElse(""));
    ClientAuthentication auth =
        config.clientAuthMethod().equalsIgnoreCase("client_secret_post")
            ? new ClientSecretPost(id, secret)
            : new ClientSecretBasic(id, secret);
    TokenResponse response;
    try {
      HTTPRequest request =
          new TokenRequest(
                  p.metadata().getTokenEndpointURI(),
                  auth,
                  new AuthorizationCodeGrant(
                      new AuthorizationCode(code), redirectUri, new CodeVerifier(verifier)))
              .toHTTPRequest();
      int ms = (int) config.timeout().toMillis();
      request.setConnectTimeout(ms);
      request.setReadTimeout(ms);
      response = OIDCTokenResponseParser.parse(request.send());
    } catch (Exception e) {
      throw new Refused("provider-unavailable", "token request failed: " + e);
    }
    if (!response.indicatesSuccess()) {
      TokenErrorResponse error = response.toErrorResponse();
      throw new Refused(
          "code-refused", "the provider refused the code: " + error.getErrorObject().getCode());
    }
    JWT idToken = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken();
    if (idToken == null) {
      throw new Refused("no-id-token", "the provider answered no ID token");
    }
    IDTokenClaimsSet claims;
    try {
      claims = p.validator().validate(idToken, new Nonce(nonce));
    } catch (Exception e) {
      throw new Refused("invalid-id-token", "the ID token is not valid: " + e.getMessage());
    }
    return identity(claims.getIssuer().getValue(), claims.toJSONObject());
  }

  /** The role, tenants and qualified name that these claims give; throws {@link Refused}. */
  Identity identity(String issuer, Map<String, Object> claims) {
    String subject = String.valueOf(claims.get("sub"));
    String name = text(claims.get(config.usernameClaim())).orElse(subject);
    Role role = null;
    for (String r : strings(claims.get(config.roleClaim()))) {
      Role parsed = parseRole(r);
      if (parsed != null && (role == null || parsed.includes(role))) {
        role = parsed;
      }
    }
    Map<String, Role> groupRoles = groupRoles();
    for (String g : strings(claims.get(config.groupsClaim()))) {
      Role parsed = groupRoles.get(g);
      if (parsed != null && (role == null || parsed.includes(role))) {
        role = parsed;
      }
    }
    if (role == null) {
      throw new Refused(
          "no-role",
          "the token of "
              + name
              + " gives no role (claim "
              + config.roleClaim()
              + ", or a group of "
              + config.groupsClaim()
              + " mapped in sentinel.oidc.group-roles)");
    }
    Set<String> tenants = new LinkedHashSet<>();
    for (String t : strings(claims.get(config.tenantClaim()))) {
      if (TENANT.matcher(t).matches()) {
        tenants.add(t);
      }
    }
    if (tenants.isEmpty()) {
      tenants.add(config.defaultTenant());
    }
    return new Identity(issuer, subject, qualified(name, issuer), role, List.copyOf(tenants));
  }

  /** {@code name@issuer} without the scheme: unique across providers and readable. */
  static String qualified(String name, String issuer) {
    String where = issuer.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
    while (where.endsWith("/")) {
      where = where.substring(0, where.length() - 1);
    }
    String n = name.length() > 100 ? name.substring(0, 100) : name;
    String q = n + "@" + where;
    return q.length() > 300 ? q.substring(0, 300) : q;
  }

  private Map<String, Role> groupRoles() {
    Map<String, Role> out = new java.util.HashMap<>();
    for (String pair : config.groupRoles().orElse(List.of())) {
      int eq = pair.lastIndexOf('=');
      if (eq > 0) {
        Role r = parseRole(pair.substring(eq + 1).trim());
        if (r != null) {
          out.put(pair.substring(0, eq).trim(), r);
        }
      }
    }
    return out;
  }

  private static Role parseRole(String s) {
    try {
      return Role.parse(s.trim().toLowerCase(Locale.ROOT));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Optional<String> text(Object v) {
    return v instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
  }

  /** A claim as strings: a string (space- or comma-separated) or a JSON array of strings. */
  private static List<String> strings(Object v) {
    List<String> out = new ArrayList<>();
    if (v instanceof String s) {
      for (String part : s.split("[\\s,]+")) {
        if (!part.isBlank()) {
          out.add(part);
        }
      }
    } else if (v instanceof Collection<?> c) {
      for (Object o : c) {
        if (o instanceof String s && !s.isBlank()) {
          out.add(s);
        }
      }
    }
    return out;
  }
}
