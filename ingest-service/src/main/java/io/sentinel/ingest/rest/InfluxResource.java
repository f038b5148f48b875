package io.sentinel.ingest.rest;

import io.sentinel.ingest.FieldError;
import io.sentinel.ingest.IncomingSample;
import io.sentinel.ingest.ProblemDetail;
import io.sentinel.ingest.ProblemException;
import io.sentinel.ingest.auth.AgentIdentity;
import io.sentinel.ingest.config.IngestConfig;
import io.sentinel.ingest.service.IngestMetrics;
import io.sentinel.ingest.service.LineProtocolDecoder;
import io.sentinel.ingest.service.LineProtocolDecoder.LineError;
import io.sentinel.ingest.service.LineProtocolDecoder.Precision;
import io.sentinel.ingest.service.RejectionPublisher;
import io.sentinel.ingest.service.SampleIngestor;
import io.sentinel.ingest.service.SampleValidator.Rejection;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
public class InfluxResource {
  public static final String V1_PATH = Protocol.INFLUX_V1_PATH;
  public static final String V2_PATH = Protocol.INFLUX_V2_PATH;

  private final BodyReader bodies;
  private final LineProtocolDecoder decoder;
  private final SampleIngestor ingestor;
  private final IngestMetrics metrics;
  private final IngestConfig config;
  private final AgentIdentity agent;
  private final RejectionPublisher rejectionFacts;

  public InfluxResource(
      BodyReader bodies,
      LineProtocolDecoder decoder,
      SampleIngestor ingestor,
      IngestMetrics metrics,
      IngestConfig config,
      AgentIdentity agent,
      RejectionPublisher rejectionFacts) {
    this.bodies = bodies;
    this.decoder = decoder;
    this.ingestor = ingestor;
    this.metrics = metrics;
    this.config = config;
    this.agent = agent;
    this.rejectionFacts = rejectionFacts;
  }

  @POST
  @Path("write")
  @Blocking
  @Operation(
      summary = "InfluxDB 1.x line protocol write",
      description =
          "Line protocol (gzip allowed). precision = n|u|ms|s|m|h (default n). Metric ="
              + " measurement_field, monitor = the 'host' tag (sentinel.ingest.influx.monitor-tag)."
              + " Token: Authorization Bearer/Token, basic auth password or ?p=.")
  @APIResponse(responseCode = "204", description = "Every point was stored")
  @APIResponse(responseCode = "400", description = "Bad lines, named by number; the good ones were stored")
  public Uni<Response> writeV1(
      InputStream body,
      @QueryParam("precision") String precision,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
      @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding) {
    return write(Protocol.INFLUX_V1, body, precision, contentLength, contentEncoding);
  }

  @POST
  @Path("api/v2/write")
  @Blocking
  @Operation(
      summary = "InfluxDB 2.x line protocol write",
      description =
          "Line protocol (gzip allowed). precision = ns|us|ms|s (default ns); org and bucket are"
              + " accepted and ignored. Metric = measurement_field, monitor = the 'host' tag.")
  @APIResponse(responseCode = "204", description = "Every point was stored")
  @APIResponse(responseCode = "400", description = "Bad lines, named by number; the good ones were stored")
  public Uni<Response> writeV2(
      InputStream body,
      @QueryParam("precision") String precision,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
      @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding) {
    return write(Protocol.INFLUX_V2, body, precision, contentLength, contentEncoding);
  }

  private Uni<Response> write(
      Protocol protocol, InputStream body, String precision, String contentLength, String contentEncoding) {
    Precision unit;
    LineProtocolDecoder.Decoded decoded;
    try {
      unit = Precision.of(precision);
    } catch (ProblemException e) {
      metrics.requestRejected(protocol.tag(), e.reason());
      throw e;
    }
    byte[] text = bodies.read(protocol, body, contentLength, contentEncoding);
    try {
      decoded = decoder.decode(text, unit);
    } catch (ProblemException e) {
      metrics.requestRejected(protocol.tag(), e.reason());
      throw e;
    }
    List<Rejection> unparsable = new ArrayList<>();
    for (LineError e : decoded.syntaxErrors()) {
      metrics.rejected(protocol.tag(), e.error().reason(), e.monitor());
      if (e.monitor() != null) {
        IncomingSample line = new IncomingSample(e.error().pointer(), e.monitor(), null, Map.of(), null, null, List.of());
        unparsable.add(new Rejection(line, List.of(e.error())));
      }
    }
    // a broken line whose monitor tag could be read is rejected data of that monitor (status Errors)
    rejectionFacts.publish(protocol.tag(), agent.tenant(), unparsable, System.currentTimeMillis());
    metrics.dropped(protocol.tag(), LineProtocolDecoder.STRING_FIELD, decoded.stringFields());
    return ingestor
        .ingestValid(protocol.tag(), agent.tenant(), decoded.samples())
        .map(
            outcome -> {
              if (outcome.complete() && decoded.syntaxErrors().isEmpty()) {
                return Response.noContent().build();
              }
              throw new ProblemException(
                  partialWrite(decoded, outcome.rejections(), outcome.accepted()), null);
            });
  }

  private ProblemDetail partialWrite(
      LineProtocolDecoder.Decoded decoded, List<Rejection> rejections, int accepted) {
    List<FieldError> errors = new ArrayList<>();
    for (LineError e : decoded.syntaxErrors()) {
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
    int badLines = decoded.syntaxErrors().size();
    String detail =
        "partial write: "
            + (badLines > 0 ? badLines + (badLines == 1 ? " line is" : " lines are") + " not line protocol" : "")
            + (badLines > 0 && !rejections.isEmpty() ? ", " : "")
            + (rejections.isEmpty() ? "" : rejections.size() + (rejections.size() == 1 ? " point is" : " points are") + " invalid")
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
