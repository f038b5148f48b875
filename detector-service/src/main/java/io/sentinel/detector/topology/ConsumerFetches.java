package io.sentinel.detector.topology;

import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * Whether the consumer of the calling stream thread completed a fetch since the last look: its
 * {@code consumer-fetch-manager-metrics} {@code fetch-total}, which counts fetch responses received
 * from brokers (a consumer connected to its partitions' leaders completes one at least every {@code
 * fetch.max.wait.ms}, records or not). When it stands still, this detector hears nothing from the
 * brokers (one down, or this thread too busy or blocked to fetch), and a partition receiving
 * nothing meanwhile says nothing about its agents ({@link InputClock.Partition#fetched}).
 */
final class ConsumerFetches {
  private static final String GROUP = "consumer-fetch-manager-metrics";
  private static final String NAME = "fetch-total";

  private final StreamsMetrics metrics;
  private Metric fetchTotal;
  private double last = Double.NaN;

  ConsumerFetches(StreamsMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * Whether the thread's consumer completed a fetch since the previous call; false while its metric
   * is not found (a test driver has no consumer). Called on the stream thread.
   */
  boolean progressed() {
    if (fetchTotal == null) {
      fetchTotal = find(Thread.currentThread().getName() + "-consumer");
      if (fetchTotal == null) {
        return false;
      }
    }
    double now = ((Number) fetchTotal.metricValue()).doubleValue();
    boolean progressed = !Double.isNaN(last) && now > last;
    last = now;
    return progressed;
  }

  private Metric find(String clientId) {
    for (Map.Entry<MetricName, ? extends Metric> e : metrics.metrics().entrySet()) {
      MetricName n = e.getKey();
      if (NAME.equals(n.name())
          && GROUP.equals(n.group())
          && clientId.equals(n.tags().get("client-id"))) {
        return e.getValue();
      }
    }
    return null;
  }
}
