package io.sentinel.ingest.rest;

import io.sentinel.ingest.ProblemDetail;
import io.sentinel.ingest.ProblemException;
import io.sentinel.ingest.RejectReason;
import io.sentinel.ingest.auth.AgentIdentity;
import io.sentinel.ingest.service.IngestMetrics;
import io.sentinel.ingest.service.RemoteWriteDecoder;
import io.sentinel.ingest.service.SampleIngestor;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Prometheus remote_write 1.0: {@code POST /api/v1/write}, a Snappy-compressed protobuf {@code
 * WriteRequest}. 204 when every sample was stored; 400 (not retried by the sender) naming the
 * invalid series, the valid ones being stored; 5xx (retried) when Kafka is unavailable.
 */
@Path(RemoteWriteResource.PATH)
@Tag(name = "agents", description = "Protocols of existing monitoring agents")
@SecurityRequirement(name = AgentAuthSchemes.BEARER)
@SecurityRequirement(name = AgentAuthSchemes.BASIC)
public class RemoteWriteResource {
  public static final String PATH = Protocol.REMOTE_WRITE_PATH;
  public static final String PROTOBUF = "application/x-protobuf";
  public static final String VERSION_HEADER = "X-Prometheus-Remote-Write-Version";

  private final BodyReader bodies;
  private final RemoteWriteDecoder decoder;
  private final SampleIngestor ingestor;
  private final IngestMetrics metrics;
  private final AgentIdentity agent;

  public RemoteWriteResource(
      BodyReader bodies,
      RemoteWriteDecoder decoder,
      SampleIngestor ingestor,
      IngestMetrics metrics,
      AgentIdentity agent) {
    this.bodies = bodies;
    this.decoder = decoder;
    this.ingestor = ingestor;
    this.metrics = metrics;
    this.agent = agent;
  }

  @POST
  @Blocking
  @Consumes(PROTOBUF)
  @Operation(
      summary = "Prometheus remote_write 1.0",
      description =
          "Snappy-compressed protobuf WriteRequest (Content-Encoding: snappy). Metric from"
              + " __name__, monitor from the first of sentinel.ingest.remote-write.monitor-labels"
              + " (instance, job), other labels kept. Stale markers are dropped.")
  @APIResponse(responseCode = "204", description = "Every sample was stored")
  @APIResponse(responseCode = "400", description = "Invalid samples (the valid ones were stored); not to be retried")
  @APIResponse(responseCode = "401", description = "No valid agent token")
  @APIResponse(responseCode = "413", description = "Body or sample count over the limits")
  @APIResponse(responseCode = "503", description = "Kafka unavailable; retry")
  public Uni<Response> write(
      InputStream body,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
      @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
      @HeaderParam(VERSION_HEADER) String version) {
    Protocol protocol = Protocol.REMOTE_WRITE;
    if (version != null && !version.strip().startsWith("0.1")) {
      metrics.requestRejected(protocol.tag(), RejectReason.UNSUPPORTED);
      throw new ProblemException(
          ProblemDetail.of(
              "unsupported-version",
              "Unsupported remote_write version",
              415,
              "remote_write version " + version + " is not supported; send remote_write 1.0 (0.1.0)"),
          RejectReason.UNSUPPORTED);
    }
    if (contentEncoding == null || !contentEncoding.strip().toLowerCase(Locale.ROOT).equals("snappy")) {
      metrics.requestRejected(protocol.tag(), RejectReason.MALFORMED);
      throw new ProblemException(
          ProblemDetail.of(
              "unsupported-encoding",
              "Unsupported Content-Encoding",
              415,
              "remote_write bodies must be Snappy-compressed (Content-Encoding: snappy), got "
                  + (contentEncoding == null ? "none" : contentEncoding)),
          RejectReason.MALFORMED);
    }
    byte[] compressed = bodies.read(protocol, body, contentLength, null);
    byte[] protobuf = bodies.unsnappy(protocol, compressed);
    RemoteWriteDecoder.Decoded decoded;
    try {
      decoded = decoder.decode(protobuf);
    } catch (ProblemException e) {
      metrics.requestRejected(protocol.tag(), e.reason());
      throw e;
    }
    metrics.dropped(protocol.tag(), RemoteWriteDecoder.STALE_MARKER, decoded.staleMarkers());
    return ingestor
        .ingestValid(protocol.tag(), agent.tenant(), decoded.samples())
        .map(
            outcome -> {
              if (outcome.complete()) {
                return Response.noContent().build();
              }
              throw new ProblemException(outcome.problem(), null);
            });
  }
}
