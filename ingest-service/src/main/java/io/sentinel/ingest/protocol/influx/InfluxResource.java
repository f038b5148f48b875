package io.sentinel.ingest.protocol.influx;

import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.contract.problem.ProblemException;
import io.sentinel.ingest.auth.AgentAuthSchemes;
import io.sentinel.ingest.config.IngestConfig;
import io.sentinel.ingest.problem.FieldError;
import io.sentinel.ingest.protocol.BodyHeaders;
import io.sentinel.ingest.protocol.DecodedBatch;
import io.sentinel.ingest.protocol.DecodedBatch.Unparsable;
import io.sentinel.ingest.protocol.Intake;
import io.sentinel.ingest.protocol.Protocol;
import io.sentinel.ingest.protocol.influx.LineProtocolDecoder.Precision;
import io.sentinel.ingest.validation.SampleValidator.Rejection;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * InfluxDB line protocol as Telegraf's {@code outputs.influxdb} (v1, {@code POST /write}) and
 * {@code outputs.influxdb_v2} ({@code POST /api/v2/write}) send it: gzip or plain, precision
 * parameter, 204 when everything was stored, 400 naming each bad line (the good lines are stored,
 * as InfluxDB's partial write does), 503 when Kafka is unavailable.
 */
@Path("/")
@Tag(name = "agents", description = "Protocols of existing monitoring agents")
@SecurityRequirement(name = AgentAuthSchemes.INFLUX_TOKEN)
@SecurityRequirement(name = AgentAuthSchemes.BEARER)
@SecurityRequirement(name = AgentAuthSchemes.BASIC)
// the answers of both writes (v1 and v2)
@APIResponse(responseCode = "204", description = "Every point was stored")
@APIResponse(
    responseCode = "400",
    description = "Bad lines, named by number; the good ones were stored")
public class InfluxResource {
  public static final String V1_PATH = Protocol.INFLUX_V1_PATH;
  public static final String V2_PATH = Protocol.INFLUX_V2_PATH;

  @Inject LineProtocolDecoder decoder;
  @Inject Intake intake;
  @Inject IngestConfig config;

  @POST
  @Path("write")
  @Blocking
  @Operation(
      summary = "InfluxDB 1.x line protocol write",
      description =
          "Line protocol (gzip allowed). precision = n|u|ms|s|m|h (default n). Metric ="
              + " measurement_field, monitor = the 'host' tag (sentinel.ingest.influx.monitor-tag)."
              + " Token: Authorization Bearer/Token, basic auth password or ?p=.")
  public Uni<Response> writeV1(
      InputStream body, @QueryParam("precision") String precision, @BeanParam BodyHeaders headers) {
    return write(Protocol.INFLUX_V1, body, precision, headers);
  }

  @POST
  @Path("api/v2/write")
  @Blocking
  @Operation(
      summary = "InfluxDB 2.x line protocol write",
      description =
          "Line protocol (gzip allowed). precision = ns|us|ms|s (default ns); org and bucket are"
              + " accepted and ignored. Metric = measurement_field, monitor = the 'host' tag.")
  public Uni<Response> writeV2(
      InputStream body, @QueryParam("precision") String precision, @BeanParam BodyHeaders headers) {
    return write(Protocol.INFLUX_V2, body, precision, headers);
  }

  private Uni<Response> write(
      Protocol protocol, InputStream body, String precision, BodyHeaders headers) {
    Precision unit = Precision.of(precision);
    byte[] text = intake.read(body, headers);
    DecodedBatch decoded = decoder.decode(new LineProtocolDecoder.Body(text, unit));
    return intake
        .ingestValid(protocol, decoded)
        .map(
            outcome -> {
              if (outcome.complete() && decoded.unparsable().isEmpty()) {
                return Response.noContent().build();
              }
              throw new ProblemException(
                  partialWrite(decoded, outcome.rejections(), outcome.accepted()));
            });
  }

  private ProblemDetail partialWrite(
      DecodedBatch decoded, List<Rejection> rejections, int accepted) {
    List<FieldError> errors = new ArrayList<>();
    for (Unparsable e : decoded.unparsable()) {
      if (errors.size() < config.maxReportedErrors()) {
        errors.add(e.error());
      }
    }
    for (Rejection r : rejections) {
      for (FieldError e : r.errors()) {
        if (errors.size() < config.maxReportedErrors()) {
          errors.add(e);
        }
      }
    }
    int badLines = decoded.unparsable().size();
    String detail =
        "partial write: "
            + (badLines > 0
                ? badLines + (badLines == 1 ? " line is" : " lines are") + " not line protocol"
                : "")
            + (badLines > 0 && !rejections.isEmpty() ? ", " : "")
            + (rejections.isEmpty()
                ? ""
                : rejections.size()
                    + (rejections.size() == 1 ? " point is" : " points are")
                    + " invalid")
            + "; "
            + accepted
            + " points were stored (do not resend them). dropped="
            + (badLines + rejections.size())
            + ".";
    return ProblemDetail.of("invalid-lines", "Invalid lines", 400, detail)
        .withErrors(errors)
        .withInvalidSamples(badLines + rejections.size());
  }
}
