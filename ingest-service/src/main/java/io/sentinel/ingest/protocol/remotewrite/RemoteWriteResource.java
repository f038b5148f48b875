package io.sentinel.ingest.protocol.remotewrite;

import io.sentinel.contract.problem.ProblemException;
import io.sentinel.ingest.auth.AgentAuthSchemes;
import io.sentinel.ingest.limits.BodyReader;
import io.sentinel.ingest.problem.RejectReason;
import io.sentinel.ingest.problem.RejectedException;
import io.sentinel.ingest.protocol.BodyHeaders;
import io.sentinel.ingest.protocol.Intake;
import io.sentinel.ingest.protocol.Protocol;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
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

  @Inject RemoteWriteDecoder decoder;
  @Inject Intake intake;

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
  @APIResponse(
      responseCode = "400",
      description = "Invalid samples (the valid ones were stored); not to be retried")
  @APIResponse(responseCode = "401", description = "No valid agent token")
  @APIResponse(responseCode = "413", description = "Body or sample count over the limits")
  @APIResponse(responseCode = "503", description = "Kafka unavailable; retry")
  public Uni<Response> write(
      InputStream body,
      @BeanParam BodyHeaders headers,
      @HeaderParam(VERSION_HEADER) String version) {
    String contentEncoding = headers.contentEncoding;
    if (version != null && !version.strip().startsWith("0.1")) {
      throw RejectedException.of(
          "unsupported-version",
          "Unsupported remote_write version",
          415,
          "remote_write version " + version + " is not supported; send remote_write 1.0 (0.1.0)",
          RejectReason.UNSUPPORTED);
    }
    if (contentEncoding == null
        || !contentEncoding.strip().toLowerCase(Locale.ROOT).equals("snappy")) {
      throw BodyReader.unsupportedEncoding(
          "remote_write bodies must be Snappy-compressed (Content-Encoding: snappy), got "
              + (contentEncoding == null ? "none" : contentEncoding));
    }
    byte[] protobuf = intake.readSnappy(body, headers);
    return intake
        .ingestValid(Protocol.REMOTE_WRITE, decoder.decode(protobuf))
        .map(
            outcome -> {
              if (outcome.complete()) {
                return Response.noContent().build();
              }
              throw new ProblemException(outcome.problem());
            });
  }
}
