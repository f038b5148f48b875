package io.sentinel.query.api;

import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.contract.problem.ProblemException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure of the API into an {@code application/problem+json} answer. */
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response problem(ProblemException e, UriInfo uri) {
    return respond(e.problem().withInstance(uri.getPath()), e.retryAfterSeconds());
  }

  /**
   * A database failure: a read cancelled by its {@code statement_timeout} (SQLSTATE 57014, see
   * config.ReadPool) is 503 with what to do; any other is a 500 as every unexpected failure.
   */
  @ServerExceptionMapper
  public Response database(io.vertx.pgclient.PgException e, UriInfo uri) {
    if (!QUERY_CANCELED.equals(e.getSqlState())) {
      return unexpected(e, uri);
    }
    LOG.warnf("a read of %s was cancelled by its statement timeout", uri.getPath());
    return respond(
        ProblemDetail.of(
                "read-timeout",
                "Service Unavailable",
                503,
                "the query took longer than the read timeout"
                    + " (sentinel.limits.reads.statement-timeout) and was cancelled; ask for less:"
                    + " a shorter time range, a filter or a smaller limit")
            .withInstance(uri.getPath()));
  }

  /** SQLSTATE query_canceled: a statement timeout, or a cancel request. */
  static final String QUERY_CANCELED = "57014";

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e, UriInfo uri) {
    int status = e.getResponse().getStatus();
    Response.Status known = Response.Status.fromStatusCode(status);
    String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
    String detail =
        status == 404
            ? "no resource at " + uri.getPath()
            : e.getMessage() != null ? e.getMessage() : title;
    String slug = title.toLowerCase().replace(' ', '-');
    return respond(ProblemDetail.of(slug, title, status, detail).withInstance(uri.getPath()));
  }

  /** A body that is not valid JSON, or JSON of the wrong shape. */
  @ServerExceptionMapper
  public Response badJson(com.fasterxml.jackson.core.JsonProcessingException e, UriInfo uri) {
    String where =
        e.getLocation() == null
            ? ""
            : " at line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr();
    return respond(
        ProblemDetail.of(
                "invalid-body",
                "Bad Request",
                400,
                "the body is not valid JSON for this operation"
                    + where
                    + ": "
                    + e.getOriginalMessage())
            .withInstance(uri.getPath()));
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e, UriInfo uri) {
    LOG.errorf(e, "request to %s failed", uri.getPath());
    return respond(
        ProblemDetail.of(
                "internal-error",
                "Internal Server Error",
                500,
                "the request could not be completed; see the service log")
            .withInstance(uri.getPath()));
  }

  private static Response respond(ProblemDetail problem) {
    return respond(problem, null);
  }

  private static Response respond(ProblemDetail problem, Long retryAfterSeconds) {
    Response.ResponseBuilder r =
        Response.status(problem.status()).type(ProblemDetail.MEDIA_TYPE).entity(problem);
    if (retryAfterSeconds != null) {
      r.header("Retry-After", Long.toString(retryAfterSeconds));
    } else if (problem.status() == 503) {
      r.header("Retry-After", "5");
    }
    return r.build();
  }
}
