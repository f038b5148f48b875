package io.sentinel.contract;

/**
 * Tenants on the wire: every sample, event and rollup belongs to one. A record written before
 * tenants travelled (no {@code tenant} field) belongs to {@link #DEFAULT}, or to the tenant its
 * {@code tenant} label names (ingest has always set that label from the agent token).
 */
public final class Tenants {
  /** The tenant of everything that names none. */
  public static final String DEFAULT = "default";

  /** Label name of the tenant on every sample ingest publishes. */
  public static final String LABEL = "tenant";

  private Tenants() {}

  /** {@code tenant}, or {@link #DEFAULT} when it is null or blank. */
  public static String orDefault(String tenant) {
    return tenant == null || tenant.isBlank() ? DEFAULT : tenant;
  }

  /**
   * The Kafka key (and detector identity) of a monitor: {@code tenant/monitor}. The default
   * tenant's monitors keep their bare name, the key they had before tenants travelled, so they keep
   * their partition and the detector its state for them. A tenant id never contains {@code /}.
   */
  public static String key(String tenant, String monitor) {
    String t = orDefault(tenant);
    return DEFAULT.equals(t) ? monitor : t + '/' + monitor;
  }
}
