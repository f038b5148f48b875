package io.sentinel.ingest.problem;

import io.sentinel.contract.Json;
import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.contract.problem.ProblemException;
import io.sentinel.ingest.auth.UnauthorizedException;
import io.sentinel.ingest.config.IngestConfig;
import io.sentinel.ingest.protocol.Protocol;
import io.sentinel.ingest.publish.IngestMetrics;
import io.sentinel.ingest.publish.KafkaUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure of a resource into an error answer: {@code application/problem+json} on the
 * JSON endpoint, and each agent protocol's own error form on its path ({@link ProtocolErrors}). It
 * is also the one place that counts a rejected request ({@link IngestMetrics#REQUESTS_REJECTED}, by
 * the protocol of the path and {@link RejectedException#reason()}; a plain {@link ProblemException}
 * is not counted here).
 */
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  private final IngestConfig config;
  private final IngestMetrics metrics;

  public ProblemMappers(IngestConfig config, IngestMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  @ServerExceptionMapper
  public Response problem(ProblemException e, UriInfo uri, HttpHeaders headers) {
    Protocol protocol = Protocol.of(uri.getPath());
    if (e instanceof RejectedException rejected) {
      metrics.requestRejected(protocol.tag(), rejected.reason());
    }
    Response.ResponseBuilder builder = answer(e.problem(), uri, headers);
    if (e instanceof UnauthorizedException) {
      builder.header(HttpHeaders.WWW_AUTHENTICATE, protocol.challenge());
    }
    return builder.build();
  }

  @ServerExceptionMapper
  public Response kafkaUnavailable(KafkaUnavailableException e, UriInfo uri, HttpHeaders headers) {
    long seconds = Math.max(1, (config.retryAfter().toMillis() + 999) / 1000);
    ProblemDetail problem =
        ProblemDetail.of(
            "kafka-unavailable",
            "Kafka unavailable",
            503,
            "The samples could not be written to Kafka, nothing is guaranteed to be stored; retry"
                + " the whole batch after "
                + seconds
                + " seconds. Cause: "
                + e.getCause().getMessage());
    return answer(problem, uri, headers)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
        .build();
  }

  @ServerExceptionMapper
  public Response http(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
    Response original = e.getResponse();
    Response.StatusType status = original.getStatusInfo();
    ProblemDetail problem =
        ProblemDetail.of(
            "http-" + status.getStatusCode(),
            status.getReasonPhrase(),
            status.getStatusCode(),
            e.getMessage());
    Response.ResponseBuilder builder = answer(problem, uri, headers);
    // keep headers such as Allow (405)
    original
        .getHeaders()
        .forEach(
            (name, values) -> {
              if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)
                  && !HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
                values.forEach(v -> builder.header(name, v));
              }
            });
    return builder.build();
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e, UriInfo uri, HttpHeaders headers) {
    LOG.error(
        "Unexpected failure answering " + Protocol.loggable(uri.getRequestUri().getPath()), e);
    return answer(
            ProblemDetail.of(
                "internal-error",
                "Internal error",
                500,
                "An unexpected error occurred; it has been logged."),
            uri,
            headers)
        .build();
  }

  /** The problem in the error form of the protocol served at the request's path. */
  private static Response.ResponseBuilder answer(
      ProblemDetail problem, UriInfo uri, HttpHeaders headers) {
    String path = uri.getRequestUri().getPath();
    Protocol protocol = Protocol.of(path);
    return switch (protocol) {
      case JSON ->
          Response.status(problem.status())
              .type(ProblemDetail.MEDIA_TYPE)
              .entity(Json.write(problem.withInstance(path)));
      // remote_write: the sender logs the body as text
      case REMOTE_WRITE ->
          Response.status(problem.status())
              .type(MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8"))
              .entity(ProtocolErrors.text(problem));
      case INFLUX_V1, INFLUX_V2 -> ProtocolErrors.influx(protocol, problem);
      case OTLP -> ProtocolErrors.otlp(problem, headers.getMediaType());
      case PUSH -> ProtocolErrors.push(problem);
    };
  }
}
