package io.sentinel.query.analyze;

import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.contract.problem.ProblemException;
import io.sentinel.query.api.Examples;
import io.sentinel.query.config.QueryConfig;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Batch analysis of a posted series with the detection engine. */
@Path("/api/analyze")
@io.sentinel.query.limits.AnalyzeLimited
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Analysis")
// both operations (JSON and CSV) answer the same (described in openapi.SuccessResponses)
@APIResponse(responseCode = "200")
@APIResponse(responseCode = "400", ref = "BadSeries")
@APIResponse(responseCode = "413", ref = "AnalysisTooLarge")
@APIResponse(responseCode = "429", ref = "AnalysisRateLimited")
@APIResponse(responseCode = "503", ref = "AnalysisBusy")
public class AnalyzeResource {
  /** Media type of the CSV body. */
  public static final String TEXT_CSV = "text/csv";

  @Inject AnalysisService analysis;
  @Inject QueryConfig config;

  private volatile Semaphore running;

  /**
   * The JSON body.
   *
   * @param points the series in time order
   */
  public record Request(List<PointIn> points) {}

  /**
   * One posted point.
   *
   * @param timestamp Unix time (seconds, milliseconds, microseconds or nanoseconds, told apart by
   *     magnitude) or an RFC 3339 date-time with offset
   * @param value a finite number
   */
  public record PointIn(Object timestamp, Double value) {}

  @POST
  @Blocking
  @Consumes(MediaType.APPLICATION_JSON)
  @RequestBody(
      required = true,
      content =
          @Content(
              schema = @Schema(implementation = Request.class),
              examples = @ExampleObject(name = "two points", value = Examples.ANALYZE_JSON)))
  public Analysis analyzeJson(Request body) {
    int max = config.analyze().maxPoints();
    return limited(() -> analyze(SeriesInput.fromJson(body, max)));
  }

  @POST
  @Blocking
  @Consumes({TEXT_CSV, MediaType.TEXT_PLAIN})
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = TEXT_CSV,
              schema = @Schema(implementation = String.class),
              examples = @ExampleObject(name = "two lines", value = Examples.ANALYZE_CSV)))
  public Analysis analyzeCsv(String body) {
    int max = config.analyze().maxPoints();
    return limited(() -> analyze(SeriesInput.fromCsv(body, max)));
  }

  private Analysis analyze(SeriesInput.Parsed input) {
    return analysis.analyze(input.points()).withTimestampFormat(input.format());
  }

  private Analysis limited(Supplier<Analysis> work) {
    Semaphore s = running;
    if (s == null) {
      synchronized (this) {
        if (running == null) {
          running = new Semaphore(Math.max(1, config.analyze().maxConcurrent()));
        }
        s = running;
      }
    }
    if (!s.tryAcquire()) {
      throw new ProblemException(
          ProblemDetail.of(
              "busy",
              "Service Unavailable",
              503,
              "too many analyses are running (sentinel.query.analyze.max-concurrent); retry shortly"));
    }
    try {
      return work.get();
    } finally {
      s.release();
    }
  }
}
