package io.sentinel.query.live;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.sentinel.contract.problem.ProblemException;
import io.sentinel.query.limits.StreamBudget;
import io.sentinel.query.security.AccessRules;
import io.sentinel.query.security.Authenticator;
import io.sentinel.query.security.TenantScope;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * The access rule of {@code /api/ws}, applied to the handshake: the same credentials as the REST
 * API (Bearer API key or session cookie, {@link Authenticator}) and the role {@link AccessRules}
 * gives it; {@code X-Sentinel-Tenant} must name one of the caller's tenants (else 403). Without a
 * valid credential the upgrade is refused with 401, with too small a role (or a password to change
 * first) with 403, with an invalid query parameter with 400, when the caller has as many live
 * streams open as {@code sentinel.limits.streams.max-per-user} allows with 429; no socket is
 * opened.
 */
@ApplicationScoped
public class LiveSocketAccess implements HttpUpgradeCheck {
  @Inject Authenticator authenticator;
  @Inject StreamBudget streams;

  @Override
  public boolean appliesTo(String endpointId) {
    return LiveSocket.ENDPOINT.equals(endpointId);
  }

  @Override
  public Uni<CheckResult> perform(HttpUpgradeContext context) {
    try {
      LiveSocket.Request.parse(context.httpRequest()::getParam);
    } catch (ProblemException e) {
      return CheckResult.rejectUpgrade(400);
    }
    AccessRules.Need need = AccessRules.of("GET", AccessRules.LIVE_SOCKET).orElseThrow();
    return authenticator
        .authenticate(context.httpRequest())
        .map(
            caller -> {
              if (caller == null) {
                return CheckResult.rejectUpgradeSync(
                    401, Map.of("WWW-Authenticate", List.of("Bearer realm=\"sentinel\"")));
              }
              if (Authenticator.mustChangePassword(caller)
                  || !caller.role().includes(need.role())
                  || !TenantScope.mayNarrow(
                      caller, context.httpRequest().getHeader(TenantScope.HEADER))) {
                return CheckResult.rejectUpgradeSync(403);
              }
              if (!streams.hasRoom(caller.name())) {
                // as GET /api/stream answers (a handshake refusal carries no body)
                return CheckResult.rejectUpgradeSync(429, Map.of("Retry-After", List.of("5")));
              }
              return CheckResult.permitUpgradeSync();
            });
  }
}
