package io.sentinel.ingest.protocol.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.contract.problem.ProblemException;
import io.sentinel.ingest.auth.AgentAuthSchemes;
import io.sentinel.ingest.problem.ProtocolErrors;
import io.sentinel.ingest.protocol.BodyHeaders;
import io.sentinel.ingest.protocol.Intake;
import io.sentinel.ingest.protocol.Protocol;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * OTLP/HTTP metrics: {@code POST /v1/metrics}, binary protobuf or OTLP JSON, gzip allowed. 200 with
 * an {@code ExportMetricsServiceResponse} in the request's encoding, carrying {@code
 * partial_success} when some data points were rejected (the others are stored); errors as {@code
 * google.rpc.Status}; 503 with Retry-After when Kafka is unavailable.
 */
@Path(OtlpResource.PATH)
@Tag(name = "agents", description = "Protocols of existing monitoring agents")
@SecurityRequirement(name = AgentAuthSchemes.BEARER)
public class OtlpResource {
  public static final String PATH = Protocol.OTLP_PATH;

  @Inject OtlpDecoder decoder;
  @Inject Intake intake;

  @POST
  @Blocking
  @Operation(
      summary = "OTLP/HTTP metrics export",
      description =
          "ExportMetricsServiceRequest as application/x-protobuf or application/json. Gauges and"
              + " sums become samples; histograms and summaries are summarised (_count, _sum,"
              + " _min, _max, quantiles). Monitor from resource attribute service.instance.id,"
              + " host.name or service.name.")
  @APIResponse(
      responseCode = "200",
      description = "Stored; partial_success names rejected data points")
  @APIResponse(responseCode = "400", description = "Not an OTLP request (google.rpc.Status)")
  @APIResponse(responseCode = "503", description = "Kafka unavailable; retry after Retry-After")
  public Uni<Response> export(
      InputStream body,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @BeanParam BodyHeaders headers) {
    boolean json = json(contentType);
    byte[] bytes = intake.read(body, headers);
    return intake
        .ingestValid(Protocol.OTLP, decoder.decode(new OtlpDecoder.Body(bytes, json)))
        .map(
            outcome -> {
              ExportMetricsServiceResponse.Builder response =
                  ExportMetricsServiceResponse.newBuilder();
              if (!outcome.complete()) {
                response.setPartialSuccess(
                    ExportMetricsPartialSuccess.newBuilder()
                        .setRejectedDataPoints(outcome.rejections().size())
                        .setErrorMessage(ProtocolErrors.text(outcome.problem())));
              }
              return answer(response.build(), json);
            });
  }

  private static boolean json(String contentType) {
    MediaType type;
    try {
      type = contentType == null ? null : MediaType.valueOf(contentType);
    } catch (IllegalArgumentException e) {
      type = null;
    }
    if (type != null && type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
      return true;
    }
    if (type != null
        && "application".equals(type.getType())
        && "x-protobuf".equals(type.getSubtype())) {
      return false;
    }
    // a plain ProblemException: not counted, as the 415 of a @Consumes endpoint is not
    throw new ProblemException(
        ProblemDetail.of(
            "unsupported-media-type",
            "Unsupported Media Type",
            415,
            "OTLP/HTTP takes application/x-protobuf or application/json, got "
                + (contentType == null ? "no Content-Type" : contentType)));
  }

  static Response answer(Message message, boolean json) {
    if (!json) {
      return Response.ok(message.toByteArray(), ProtocolErrors.PROTOBUF).build();
    }
    try {
      return Response.ok(JsonFormat.printer().print(message), MediaType.APPLICATION_JSON_TYPE)
          .build();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
