package io.sentinel.ingest.config;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Warns at start-up when the HTTP layer's body limit would pre-empt the service's own: Vert.x would
 * then answer oversized bodies with a bare 413 instead of problem+json.
 */
@Singleton
public class BodyLimitCheck {
  private static final Logger LOG = Logger.getLogger(BodyLimitCheck.class);

  void onStart(
      @Observes StartupEvent event,
      IngestConfig config,
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> httpLimit) {
    long ours = config.maxBodySize().asLongValue();
    httpLimit
        .filter(limit -> limit.asLongValue() <= ours)
        .ifPresent(
            limit ->
                LOG.warnf(
                    "quarkus.http.limits.max-body-size (%d bytes) is not above"
                        + " sentinel.ingest.max-body-size (%d bytes): oversized bodies will get a"
                        + " plain 413 from the HTTP layer instead of a problem+json answer",
                    limit.asLongValue(), ours));
  }
}
