package io.sentinel.ingest.protocol.json;

import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.ingest.auth.AgentAuthSchemes;
import io.sentinel.ingest.protocol.BodyHeaders;
import io.sentinel.ingest.protocol.DecodedBatch;
import io.sentinel.ingest.protocol.Intake;
import io.sentinel.ingest.protocol.Protocol;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The JSON batch protocol: {@code POST /api/v1/samples}. */
@Path(SampleResource.PATH)
@Tag(name = "ingest", description = "Metric samples in")
@SecurityRequirement(name = AgentAuthSchemes.BEARER)
public class SampleResource {
  public static final String PATH = Protocol.JSON_PATH;

  static final String EXAMPLE =
      """
      {"samples":[
        {"monitor":"web-1","metric":"cpu_usage","labels":{"core":"0"},"timestamp":1732400000000,"value":0.42},
        {"monitor":"web-1","metric":"http_latency_ms","labels":{"route":"/login"},"timestamp":"2024-11-23T22:13:20Z","value":118.5},
        {"monitor":"db-1","metric":"up","value":1}
      ]}""";

  @Inject JsonSampleDecoder decoder;
  @Inject Intake intake;

  // Blocking: the body is parsed here and KafkaProducer.send may wait for metadata (max.block.ms);
  // neither belongs on the event loop. The wait for acknowledgements holds no thread.
  @POST
  @Blocking
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Push a batch of metric samples",
      description =
          "Takes {\"samples\":[...]} or a bare JSON array. Each sample names its monitor, metric,"
              + " optional string labels, optional timestamp (epoch milliseconds or an RFC 3339"
              + " string; default: receive time) and a finite value. The batch is validated as a"
              + " whole: one invalid sample rejects it and nothing is published. Samples go to"
              + " Kafka topic sentinel.samples keyed by monitor; 202 is answered only after Kafka"
              + " acknowledged every record.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = SampleBatchSchema.class),
              examples = @ExampleObject(name = "batch", value = EXAMPLE)))
  @APIResponse(
      responseCode = "202",
      description = "Every sample was written to Kafka and acknowledged",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = AcceptedResponse.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "Malformed JSON (with line and column) or invalid samples; errors[] names each sample and"
              + " field by JSON pointer. Nothing was published.",
      content =
          @Content(
              mediaType = ProblemDetail.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDetail.class)))
  @APIResponse(
      responseCode = "413",
      description =
          "Body larger than sentinel.ingest.max-body-size, or more samples than"
              + " sentinel.ingest.max-samples-per-request",
      content =
          @Content(
              mediaType = ProblemDetail.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDetail.class)))
  @APIResponse(
      responseCode = "415",
      description = "Content-Type is not application/json",
      content =
          @Content(
              mediaType = ProblemDetail.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDetail.class)))
  @APIResponse(
      responseCode = "503",
      description =
          "Kafka did not acknowledge the samples in time; retry after Retry-After seconds",
      headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying"),
      content =
          @Content(
              mediaType = ProblemDetail.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDetail.class)))
  public Uni<Response> ingest(InputStream body, @BeanParam BodyHeaders headers) {
    DecodedBatch batch = decoder.decode(intake.readRaw(body, headers));
    return intake
        .ingestWhole(Protocol.JSON, batch)
        .map(n -> Response.accepted(new AcceptedResponse(n)).build());
  }
}
