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
 */
public record Sample(
    String monitor,
    String metric,
    Map<String, String> labels,
    // required: a record without them must not be read as a sample at 1970-01-01 of value 0
    @JsonProperty(required = true) long timestamp,
    @JsonProperty(required = true) double value) {

  /**
   * The largest magnitude of a value Sentinel accepts and learns from (1e36): far beyond any
   * measurement, and small enough that the detector's running sums of squares and its
   * single-precision seasonal memory cannot overflow to infinity, which would blind the series.
   */
  public static final double MAX_MAGNITUDE = 1e36;

  public Sample {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /** The series this sample belongs to: monitor, metric and labels in a stable order. */
  @JsonIgnore
  public String seriesId() {
    return seriesId(monitor, metric, labels);
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
