package io.sentinel.query.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one table that says who may call what: HTTP method and path template (as in the OpenAPI
 * document) to the least role it needs. An endpoint added anywhere gets its rule here, one line; an
 * operation without a rule is refused to everyone (and fails AccessMatrixTest, which checks every
 * operation of the OpenAPI document against this table).
 */
public final class AccessRules {
  /** What an operation needs: nothing (login), or a role. */
  public record Need(Role role) {
    public static final Need PUBLIC = new Need(null);

    public boolean isPublic() {
      return role == null;
    }
  }

  private static final Map<String, Need> RULES = new LinkedHashMap<>();

  /** The live WebSocket (not a REST operation, so not in the OpenAPI document). */
  public static final String LIVE_SOCKET = "/api/ws";

  static {
    // session: sign in is open; the rest needs a signed-in caller of any role
    rule("POST", "/api/session", null);
    rule("DELETE", "/api/session", null);
    rule("GET", "/api/session", Role.VIEWER);
    rule("GET", "/api/session/options", null);
    // OpenID Connect sign-in (decision 017): to the provider and back; 404 when not configured
    rule("GET", "/api/session/oidc", null);
    rule("GET", "/api/session/oidc/callback", null);
    rule("POST", "/api/session/password", Role.VIEWER);
    // reading and following
    rule("GET", "/api/monitors", Role.VIEWER);
    rule("GET", "/api/monitors/summary", Role.VIEWER);
    rule("GET", "/api/monitors/{id}", Role.VIEWER);
    rule("GET", "/api/monitors/{id}/series", Role.VIEWER);
    rule("GET", "/api/sparklines", Role.VIEWER);
    rule("GET", "/api/anomalies", Role.VIEWER);
    rule("GET", "/api/anomalies/{id}", Role.VIEWER);
    rule("GET", "/api/outages", Role.VIEWER);
    rule("GET", "/api/events", Role.VIEWER);
    rule("GET", "/api/rollups", Role.VIEWER);
    rule("GET", "/api/insights", Role.VIEWER);
    rule("GET", "/api/stream", Role.VIEWER);
    // the WebSocket twin of /api/stream; its handshake is checked by live.LiveSocketAccess
    rule("GET", LIVE_SOCKET, Role.VIEWER);
    rule("GET", "/api/maintenance", Role.VIEWER);
    rule("GET", "/api/maintenance/{id}", Role.VIEWER);
    // acting on alerts
    rule("POST", "/api/anomalies/{id}/ack", Role.OPERATOR);
    rule("POST", "/api/maintenance", Role.OPERATOR);
    rule("DELETE", "/api/maintenance/{id}", Role.OPERATOR);
    rule("POST", "/api/analyze", Role.OPERATOR);
    // Sentinel's own health (decision 010): everyone sees it; dead letters hold raw agent data
    rule("GET", "/api/system", Role.VIEWER);
    rule("GET", "/api/system/dead-letters/{topic}", Role.OPERATOR);
    rule("POST", "/api/system/dead-letters/{topic}/replay", Role.ADMIN);
    // notifications (decision 009): operators read the set-up and the log and send a test;
    // contact points and policies are settings, changed by admins
    rule("GET", "/api/notifications/channels", Role.OPERATOR);
    rule("GET", "/api/notifications/policies", Role.OPERATOR);
    rule("GET", "/api/notifications/log", Role.OPERATOR);
    rule("POST", "/api/notifications/channels/{id}/test", Role.OPERATOR);
    rule("POST", "/api/notifications/channels", Role.ADMIN);
    rule("DELETE", "/api/notifications/channels/{id}", Role.ADMIN);
    rule("POST", "/api/notifications/policies", Role.ADMIN);
    rule("DELETE", "/api/notifications/policies/{id}", Role.ADMIN);
    // administration
    rule("GET", "/api/admin/users", Role.ADMIN);
    rule("POST", "/api/admin/users", Role.ADMIN);
    rule("DELETE", "/api/admin/users/{id}", Role.ADMIN);
    rule("PUT", "/api/admin/users/{id}/tenants", Role.ADMIN);
    rule("GET", "/api/admin/api-keys", Role.ADMIN);
    rule("POST", "/api/admin/api-keys", Role.ADMIN);
    rule("DELETE", "/api/admin/api-keys/{id}", Role.ADMIN);
    // agent tokens (decision 018): within the admin's tenants
    rule("GET", "/api/admin/agent-tokens", Role.ADMIN);
    rule("POST", "/api/admin/agent-tokens", Role.ADMIN);
    rule("DELETE", "/api/admin/agent-tokens/{id}", Role.ADMIN);
    rule("PUT", "/api/admin/agent-tokens/{id}/monitor", Role.ADMIN);
  }

  private AccessRules() {}

  private static void rule(String method, String template, Role role) {
    RULES.put(key(method, template), role == null ? Need.PUBLIC : new Need(role));
  }

  private static String key(String method, String template) {
    return method.toUpperCase(java.util.Locale.ROOT) + " " + template;
  }

  /** What the operation needs; empty when the table has no rule for it. */
  public static Optional<Need> of(String method, String template) {
    return Optional.ofNullable(RULES.get(key(method, template)));
  }

  /** Every rule, as "METHOD /template" to need. */
  public static Map<String, Need> all() {
    return Map.copyOf(RULES);
  }
}
