package io.sentinel.query.security;

import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.contract.problem.ProblemException;
import io.sentinel.query.sql.Where;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The tenants the current request may see: the caller's tenants, or the one of them named by
 * {@value #HEADER}. Every read of monitor data is filtered by it; a write (acknowledgement,
 * maintenance) finds only rows of these tenants, so another tenant's row answers 404, as if it did
 * not exist.
 */
@RequestScoped
public class TenantScope {
  /** Request header narrowing a caller of several tenants to one. */
  public static final String HEADER = "X-Sentinel-Tenant";

  /** In {@link Caller#tenants()}: every tenant (the bootstrap key). */
  public static final String ALL = "*";

  @Inject CurrentCaller current;

  private String narrowed;

  /** Whether {@code caller} may narrow to (and read) {@code tenant}. */
  static boolean belongs(Caller caller, String tenant) {
    return caller.tenants().contains(ALL) || caller.tenants().contains(tenant);
  }

  void narrow(String tenant) {
    this.narrowed = tenant;
  }

  /** The tenants visible to this request, null for every tenant. */
  public String[] tenants() {
    if (narrowed != null) {
      return new String[] {narrowed};
    }
    Caller c = current.get();
    if (c == null) {
      return new String[0];
    }
    List<String> t = c.tenants();
    return t.contains(ALL) ? null : t.toArray(String[]::new);
  }

  /** Whether a row of {@code tenant} is visible to this request. */
  public boolean sees(String tenant) {
    String[] t = tenants();
    return t == null || List.of(t).contains(tenant);
  }

  /**
   * The tenant something created by this request is for (an agent token, a notification channel or
   * policy): {@code requested} when given, else the request's only tenant, else {@code default}. It
   * still has to pass {@link #mayManage}.
   */
  public String tenantFor(String requested) {
    if (requested != null && !requested.isBlank()) {
      return requested.trim();
    }
    String[] visible = tenants();
    return visible != null && visible.length == 1 ? visible[0] : "default";
  }

  /**
   * Refuses (403 {@code forbidden-tenant}, problem+json) to create or change {@code what} in a
   * tenant this request does not see: a caller manages its own tenants' objects only.
   */
  public void mayManage(String tenant, String what) {
    if (!sees(tenant)) {
      throw new ProblemException(
          ProblemDetail.of(
              "forbidden-tenant",
              "Forbidden",
              403,
              current.name() + " does not manage the " + what + " of tenant " + tenant));
    }
  }

  /** Adds {@code column = ANY(tenants)} to {@code where}, unless every tenant is visible. */
  public Where restrict(Where where, String column) {
    return restrict(where, column, tenants());
  }

  /**
   * The same for tenants fixed earlier ({@link #tenants()} of a request, or null for every tenant,
   * as a store that also serves outside requests takes them).
   */
  public static Where restrict(Where where, String column, String[] tenants) {
    if (tenants != null) {
      where.and(column + " = ANY(?)", tenants);
    }
    return where;
  }

  /**
   * A test of a row's tenant fixed now, for use outside the request (an SSE stream); a row without
   * a tenant (a notice of the stream itself) passes.
   */
  public Predicate<String> allows() {
    return allowing(tenants());
  }

  /**
   * The same test for a connection authenticated outside a REST request (the WebSocket handshake):
   * {@code caller}'s tenants, or {@code narrowed} when it names one of them; nothing of any tenant
   * without a caller.
   */
  public static Predicate<String> allows(Caller caller, String narrowed) {
    if (caller == null) {
      return allowing(new String[0]);
    }
    if (narrowed != null && !narrowed.isBlank()) {
      return allowing(new String[] {narrowed.trim()});
    }
    return allowing(
        caller.tenants().contains(ALL) ? null : caller.tenants().toArray(String[]::new));
  }

  /** Whether {@code narrowed}, when given, is one of {@code caller}'s tenants. */
  public static boolean mayNarrow(Caller caller, String narrowed) {
    return narrowed == null || narrowed.isBlank() || belongs(caller, narrowed.trim());
  }

  private static Predicate<String> allowing(String[] t) {
    if (t == null) {
      return tenant -> true;
    }
    Set<String> visible = Set.of(t);
    return tenant -> tenant == null || visible.contains(tenant);
  }
}
