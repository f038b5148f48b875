package io.sentinel.ingest.auth;

import java.util.regex.Pattern;

/** The tenant label every published sample carries. */
public final class Tenants {
  /** Label name of the tenant on every sample; an agent's own label of that name is replaced. */
  public static final String LABEL = io.sentinel.contract.Tenants.LABEL;

  /** Tenant of every sample when authentication is off. */
  public static final String DEFAULT = io.sentinel.contract.Tenants.DEFAULT;

  /** What a tenant id may look like. */
  public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

  private static final Pattern VALID = Pattern.compile(PATTERN);

  private Tenants() {}

  static boolean valid(String tenant) {
    return VALID.matcher(tenant).matches();
  }
}
