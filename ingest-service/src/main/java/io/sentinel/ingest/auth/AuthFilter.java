package io.sentinel.ingest.auth;

import io.sentinel.ingest.protocol.Protocol;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every ingest request must carry an agent token, in the form its agents send it: {@code
 * Authorization: Bearer t} (all), {@code Authorization: Token t} (InfluxDB 2), HTTP Basic with the
 * token as password (Prometheus {@code basic_auth}, InfluxDB 1), {@code ?p=t} (InfluxDB 1), or the
 * path of a heartbeat push URL. A token is one of the tokens file ({@link TokenStore}) or one an
 * administrator created ({@link ManagedTokens}). The token's tenant is recorded in {@link
 * AgentIdentity}.
 *
 * <p>The check runs before the request is matched to a resource, so that a request without a valid
 * token is answered 401 whatever else is wrong with it (method, content type): nothing about an
 * endpoint is told to a caller that cannot use it. The rejection is counted once, by {@link
 * io.sentinel.ingest.problem.ProblemMappers}.
 */
public class AuthFilter {
  private final TokenStore tokens;
  private final ManagedTokens managed;
  private final AgentIdentity identity;

  public AuthFilter(TokenStore tokens, ManagedTokens managed, AgentIdentity identity) {
    this.tokens = tokens;
    this.managed = managed;
    this.identity = identity;
  }

  @ServerRequestFilter(preMatching = true)
  public void authenticate(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!Protocol.authenticated(path)) {
      return;
    }
    Protocol protocol = Protocol.of(path);
    String token = presented(protocol, path, request);
    if (!tokens.enabled()) {
      identity.set(tokens.check(null).orElseThrow());
      return;
    }
    if (token == null || token.isEmpty()) {
      throw new UnauthorizedException(
          protocol == Protocol.PUSH
              ? "The push URL carries no token."
              : "An agent token is required: send 'Authorization: Bearer <token>'"
                  + (protocol == Protocol.INFLUX_V1 || protocol == Protocol.INFLUX_V2
                      ? " or 'Authorization: Token <token>'"
                      : "")
                  + (protocol == Protocol.REMOTE_WRITE || protocol == Protocol.INFLUX_V1
                      ? " or HTTP basic auth with the token as password"
                      : "")
                  + ".");
    }
    // the tokens file first (bootstrap), then the tokens administrators manage (decision 018)
    Optional<AgentToken> grant = tokens.check(token).or(() -> managed.check(token));
    if (grant.isEmpty()) {
      throw new UnauthorizedException("The agent token is not valid.");
    }
    identity.set(grant.get());
  }

  private static String presented(Protocol protocol, String path, ContainerRequestContext request) {
    if (protocol == Protocol.PUSH) {
      // not matched yet, so no path parameter: the token is the segment after the prefix
      String token = path.substring(Protocol.PUSH_PATH_PREFIX.length());
      int slash = token.indexOf('/');
      return slash < 0 ? token : token.substring(0, slash);
    }
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header != null) {
      String h = header.strip();
      int space = h.indexOf(' ');
      if (space > 0) {
        String scheme = h.substring(0, space);
        String credentials = h.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer") || scheme.equalsIgnoreCase("Token")) {
          return credentials;
        }
        if (scheme.equalsIgnoreCase("Basic")) {
          return basicPassword(credentials);
        }
      }
      return null;
    }
    if (protocol == Protocol.INFLUX_V1) {
      return request.getUriInfo().getQueryParameters().getFirst("p");
    }
    return null;
  }

  private static String basicPassword(String credentials) {
    try {
      String decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? null : decoded.substring(colon + 1);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
