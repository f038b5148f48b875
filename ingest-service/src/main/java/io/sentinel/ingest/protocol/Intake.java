package io.sentinel.ingest.protocol;

import io.sentinel.ingest.auth.AgentIdentity;
import io.sentinel.ingest.limits.BodyReader;
import io.sentinel.ingest.problem.RejectReason;
import io.sentinel.ingest.problem.RejectedException;
import io.sentinel.ingest.publish.SampleIngestor;
import io.sentinel.ingest.publish.SampleIngestor.Outcome;
import io.sentinel.ingest.validation.IncomingSample;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;

/**
 * What every protocol resource does around its {@link Decoder}: read the body within the limits,
 * then hand the decoded batch, stamped with the token's tenant, to the {@link SampleIngestor}. A
 * resource is its protocol's HTTP shape, its decoder and this.
 */
@ApplicationScoped
public class Intake {
  private final BodyReader bodies;
  private final SampleIngestor ingestor;
  private final AgentIdentity agent;

  public Intake(BodyReader bodies, SampleIngestor ingestor, AgentIdentity agent) {
    this.bodies = bodies;
    this.ingestor = ingestor;
    this.agent = agent;
  }

  /** The body, within {@code max-body-size}, inflated (within its limit) when gzip. */
  public byte[] read(InputStream body, BodyHeaders headers) {
    return bodies.read(body, headers.contentLength, headers.contentEncoding);
  }

  /** The body as it came, within {@code max-body-size}, whatever its {@code Content-Encoding}. */
  public byte[] readRaw(InputStream body, BodyHeaders headers) {
    return bodies.read(body, headers.contentLength, null);
  }

  /** A Snappy block body, within both limits. */
  public byte[] readSnappy(InputStream body, BodyHeaders headers) {
    return bodies.unsnappy(readRaw(body, headers));
  }

  /**
   * Publishes {@code batch} only if every sample is valid (the JSON batch and heartbeat push);
   * emits the number of samples Kafka acknowledged.
   */
  public Uni<Integer> ingestWhole(Protocol protocol, DecodedBatch batch) {
    onlyTheBoundMonitor(batch);
    return ingestor.ingest(protocol.tag(), agent.tenant(), batch.samples(), batch.headers());
  }

  /** Publishes the valid samples of {@code batch} even when others are invalid. */
  public Uni<Outcome> ingestValid(Protocol protocol, DecodedBatch batch) {
    onlyTheBoundMonitor(batch);
    return ingestor.ingestValid(protocol.tag(), agent.tenant(), batch);
  }

  /**
   * A token bound to a monitor writes that monitor only: a request naming any other is refused as a
   * whole (403), nothing of it is published.
   */
  private void onlyTheBoundMonitor(DecodedBatch batch) {
    String bound = agent.token().monitor();
    if (bound == null) {
      return;
    }
    for (IncomingSample s : batch.samples()) {
      refuseUnlessBound(bound, s.monitor(), " (" + s.location() + ")");
    }
    for (DecodedBatch.Unparsable u : batch.unparsable()) {
      refuseUnlessBound(bound, u.monitor(), "");
    }
  }

  private static void refuseUnlessBound(String bound, String monitor, String where) {
    if (monitor != null && !monitor.equals(bound)) {
      throw RejectedException.of(
          "forbidden-monitor",
          "Forbidden",
          403,
          "This agent token is bound to monitor '"
              + bound
              + "' and cannot write monitor '"
              + monitor
              + "'"
              + where
              + "; nothing was published.",
          RejectReason.FORBIDDEN_MONITOR);
    }
  }

  /** The tenant of the request's token. */
  public String tenant() {
    return agent.tenant();
  }
}
