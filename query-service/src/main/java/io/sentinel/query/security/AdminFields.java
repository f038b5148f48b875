package io.sentinel.query.security;

import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.contract.problem.ProblemException;
import io.sentinel.query.api.Params;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The body fields that users and API keys share (role, tenants), checked the same way for both:
 * each problem is added to the request's {@link Params} and the value is null when invalid.
 */
public final class AdminFields {
  private AdminFields() {}

  /** What a tenant id may look like (the check of table tenants). */
  public static final String TENANT_PATTERN = "[a-z0-9][a-z0-9_-]{0,62}";

  /** Most tenants one user may belong to. */
  static final int MAX_TENANTS = 100;

  /** The tenant of a body without one. */
  static final String DEFAULT_TENANT = "default";

  /** A role: viewer, operator or admin. */
  static Role role(Params p, String raw) {
    Role role = Role.parse(raw);
    if (role == null) {
      p.invalid("body", "role", "must be viewer, operator or admin, got '" + raw + "'");
    }
    return role;
  }

  /**
   * The tenant something is created in (a user, an API key, an agent token, a notification channel
   * or policy): {@code requested} when given, else the request's only tenant, else default ({@link
   * TenantScope#tenantFor}); an id that is no tenant id is added to {@code p}. Whether the caller
   * manages it is {@link TenantScope#mayManage}'s to say, after {@code p} is checked.
   */
  public static String tenant(Params p, TenantScope scope, String requested) {
    return tenant(p, scope.tenantFor(requested));
  }

  /** One tenant id; {@link #DEFAULT_TENANT} when absent. */
  static String tenant(Params p, String raw) {
    String tenant = raw == null || raw.isBlank() ? DEFAULT_TENANT : raw.trim();
    if (!tenant.matches(TENANT_PATTERN)) {
      p.invalid("body", "tenant", "must match " + TENANT_PATTERN + ", got '" + tenant + "'");
    }
    return tenant;
  }

  /** Tenant ids, at least one and at most {@link #MAX_TENANTS}, duplicates dropped. */
  static List<String> tenants(Params p, List<String> raw) {
    if (raw == null || raw.isEmpty()) {
      p.invalid("body", "tenants", "must name at least one tenant");
      return null;
    }
    if (raw.size() > MAX_TENANTS) {
      p.invalid("body", "tenants", "must name at most " + MAX_TENANTS + " tenants");
      return null;
    }
    LinkedHashSet<String> out = new LinkedHashSet<>();
    List<String> bad = new ArrayList<>();
    for (String t : raw) {
      String v = t == null ? "" : t.trim();
      if (v.matches(TENANT_PATTERN)) {
        out.add(v);
      } else {
        bad.add("'" + t + "'");
      }
    }
    if (!bad.isEmpty()) {
      p.invalid(
          "body",
          "tenants",
          "each must match " + TENANT_PATTERN + ", got " + String.join(", ", bad));
      return null;
    }
    return List.copyOf(out);
  }

  /** Refuses (403 {@code forbidden}, problem+json) a role above the caller's own. */
  static void mayGrant(CurrentCaller current, Role role) {
    Caller c = current.get();
    if (c != null && !c.role().includes(role)) {
      throw new ProblemException(
          ProblemDetail.of(
              "forbidden",
              "Forbidden",
              403,
              current.name() + " may not grant role " + role.wire() + ", above its own"));
    }
  }
}
