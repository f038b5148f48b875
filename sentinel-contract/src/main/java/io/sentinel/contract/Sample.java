package io.sentinel.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.TreeMap;

/**
 * One metric sample as it travels on {@link Topics#SAMPLES}.
 *
 * @param monitor the monitor (host, service, check) that produced it; the record key
 * @param metric the metric name, e.g. {@code cpu_usage}
 * @param labels further dimensions of the series; never null
 * @param timestamp epoch milliseconds at which the value was observed
 * @param value the observed value, always finite and at most {@link #MAX_MAGNITUDE} in magnitude
 * @param tenant the tenant of the agent token that sent it; a record without the field belongs to
 *     the tenant of its {@code tenant} label, else to {@link Tenants#DEFAULT}
 */
public record Sample(
    String monitor,
    String metric,
    Map<String, String> labels,
    // required: a record without them must not be read as a sample at 1970-01-01 of value 0
    @JsonProperty(required = true) long timestamp,
    @JsonProperty(required = true) double value,
    String tenant) {

  /**
   * The largest magnitude of a value Sentinel accepts and learns from (1e36): far beyond any
   * measurement, and small enough that the detector's running sums of squares and its
   * single-precision seasonal memory cannot overflow to infinity, which would blind the series.
   */
  public static final double MAX_MAGNITUDE = 1e36;

  public Sample {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    tenant = Tenants.orDefault(tenant == null ? labels.get(Tenants.LABEL) : tenant);
  }

  /** A sample of the default tenant (or of the tenant its {@code tenant} label names). */
  public Sample(
      String monitor, String metric, Map<String, String> labels, long timestamp, double value) {
    this(monitor, metric, labels, timestamp, value, null);
  }

  /** This sample as one of {@code tenant}. */
  public Sample inTenant(String tenant) {
    return new Sample(monitor, metric, labels, timestamp, value, tenant);
  }

  /** The Kafka key of this sample: its monitor within its tenant ({@link Tenants#key}). */
  @JsonIgnore
  public String key() {
    return Tenants.key(tenant, monitor);
  }

  /**
   * The series this sample belongs to: monitor, metric and labels in a stable order. The tenant is
   * part of it as the label {@code tenant}, which ingest sets on every sample (so the ids of the
   * series published before tenants travelled are unchanged); a sample of another tenant than the
   * default without that label gets it here, so two tenants never share a series.
   */
  @JsonIgnore
  public String seriesId() {
    if (Tenants.DEFAULT.equals(tenant) || tenant.equals(labels.get(Tenants.LABEL))) {
      return seriesId(monitor, metric, labels);
    }
    Map<String, String> withTenant = new TreeMap<>(labels);
    withTenant.put(Tenants.LABEL, tenant);
    return seriesId(monitor, metric, withTenant);
  }

  /** Builds the series id of {@code monitor/metric{labels}}, labels sorted by name. */
  public static String seriesId(String monitor, String metric, Map<String, String> labels) {
    StringBuilder id = new StringBuilder(monitor).append('/').append(metric);
    if (labels != null && !labels.isEmpty()) {
      id.append('{');
      boolean first = true;
      for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
        if (!first) {
          id.append(',');
        }
        first = false;
        id.append(e.getKey()).append('=').append(e.getValue());
      }
      id.append('}');
    }
    return id.toString();
  }
}
