package io.sentinel.query.health;

import io.sentinel.query.events.EventLogReader;
import io.sentinel.query.live.EventFeed;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when PostgreSQL answers a ping, checked asynchronously (never blocks the event loop), and
 * the live feed has read where the event log ends (before that, a stream resume could not be
 * placed). Also tells whether the LISTEN connection of the live feed is up; the feed polls while it
 * is not, so that alone does not make the service unready.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements AsyncHealthCheck {
  static final String NAME = "sentinel-postgresql";

  @Inject EventLogReader reader;
  @Inject EventFeed feed;

  @Override
  public Uni<HealthCheckResponse> call() {
    return reader
        .ping()
        .ifNoItem()
        .after(Duration.ofSeconds(3))
        .failWith(() -> new IllegalStateException("no answer within 3s"))
        .map(
            x ->
                HealthCheckResponse.named(NAME)
                    // not ready until the live feed knows where the event log ends
                    .status(feed.cursor() >= 0)
                    .withData("listening", feed.listening())
                    .withData("stream_cursor", feed.cursor())
                    .build())
        .onFailure()
        .recoverWithItem(
            e ->
                HealthCheckResponse.named(NAME)
                    .down()
                    .withData("error", String.valueOf(e.getMessage()))
                    .build());
  }
}
