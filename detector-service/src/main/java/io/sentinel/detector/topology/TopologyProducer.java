package io.sentinel.detector.topology;

import io.sentinel.detector.config.DetectorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.Topology;
import org.jboss.logging.Logger;

/** Hands the topology to the Quarkus Kafka Streams extension, which runs and health-checks it. */
@ApplicationScoped
public class TopologyProducer {
  private static final Logger LOG = Logger.getLogger(TopologyProducer.class);

  @Produces
  public Topology topology(DetectorConfig config) {
    TopologySettings settings = TopologySettings.from(config);
    LOG.infof(
        "detector topology: outage after %d missed intervals (min %d ms), anomaly resolves after %d normal"
            + " samples, engine %s",
        settings.missedIntervals(),
        settings.minSilenceMs(),
        settings.resolveAfter(),
        settings.engine());
    return DetectorTopology.build(settings);
  }
}
