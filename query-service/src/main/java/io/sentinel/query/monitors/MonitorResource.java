package io.sentinel.query.monitors;

import io.sentinel.contract.problem.ProblemException;
import io.sentinel.query.api.Buckets;
import io.sentinel.query.api.PageParams;
import io.sentinel.query.api.Params;
import io.sentinel.query.config.QueryConfig;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Monitors and their status. */
@Path("/api/monitors")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Monitors")
public class MonitorResource {
  @Inject MonitorReader monitors;
  @Inject SeriesReader seriesReader;
  @Inject QueryConfig config;

  @GET
  public Uni<RestResponse<List<MonitorView>>> list(
      @BeanParam MonitorQuery query, @BeanParam PageParams paging) {
    Params p = new Params();
    MonitorReader.Filter filter = query.filter(p);
    Params.Sorting sorting = query.sorting(p);
    return paging.respond(
        p,
        config.api(),
        w -> monitors.page(filter, sorting.key(), sorting.descending(), w.limit(), w.offset()));
  }

  @GET
  @Path("/summary")
  public Uni<MonitorSummary> summary(
      @Parameter(description = "keyword, as in the list") @QueryParam("q") String q,
      @Parameter(description = "exact tag, as in the list") @QueryParam("tag") String tag) {
    Params p = new Params();
    MonitorReader.Filter filter = MonitorQuery.summaryFilter(p, q, tag);
    p.check();
    return monitors.summary(filter);
  }

  @GET
  @Path("/{id}")
  public Uni<MonitorDetail> get(
      @Parameter(description = "the monitor's id, or its name", example = "1") @PathParam("id")
          String id) {
    Params p = new Params();
    String idOrName = p.text("path", "id", id, 1000);
    p.check();
    return resolved(idOrName, monitorId -> monitors.detail(monitorId, Instant.now()));
  }

  /**
   * {@code read} of the monitor a path names (id or name); fails with 404 when none matches or
   * {@code read} finds nothing.
   */
  private <T> Uni<T> resolved(String idOrName, java.util.function.Function<Long, Uni<T>> read) {
    if (idOrName == null) {
      return Uni.createFrom().failure(unknown(""));
    }
    return monitors.readFor(idOrName, read).onItem().ifNull().failWith(() -> unknown(idOrName));
  }

  private static ProblemException unknown(String idOrName) {
    return ProblemException.notFound("no monitor with id or name '" + idOrName + "'");
  }

  /** Steps chosen when a chart request names none: the finest giving at most 1,000 buckets. */
  private static final long[] AUTO_STEPS = {60, 300, 900, 1800, 3600, 10_800, 21_600, 86_400};

  @GET
  @Path("/{id}/series")
  public Uni<SeriesChart> series(
      @Parameter(description = "the monitor's id, or its name", example = "1") @PathParam("id")
          String id,
      @Parameter(description = "metric name; absent: every metric", example = "cpu_usage")
          @QueryParam("metric")
          String metric,
      @Parameter(description = "one series id", example = "Server A/cpu_usage")
          @QueryParam("series")
          String series,
      @Parameter(
              description = "ISO-8601 date-time, default `to` minus 24 h",
              example = "2025-08-22T00:00:00Z")
          @QueryParam("from")
          String from,
      @Parameter(
              description = "ISO-8601 date-time (exclusive), default now",
              example = "2025-09-21T00:00:00Z")
          @QueryParam("to")
          String to,
      @Parameter(
              description =
                  "bucket width, a whole number of minutes: seconds (300), with unit (5m, 1h, 1d)"
                      + " or ISO-8601 (PT1H)",
              example = "1h")
          @QueryParam("step")
          String step) {
    Params p = new Params();
    String idOrName = p.text("path", "id", id, 1000);
    String metricName = p.text("query", "metric", metric, 200);
    String seriesId = p.text("query", "series", series, 1000);
    Buckets range =
        Buckets.parse(
            p,
            from,
            to,
            step,
            new Buckets.Rules(
                Duration.ofHours(24),
                AUTO_STEPS,
                1000,
                config.api().maxSeriesPoints(),
                "sentinel.query.api.max-series-points (" + config.api().maxSeriesPoints() + ")"));
    p.check();
    if (idOrName == null) {
      return Uni.createFrom().failure(unknown(""));
    }
    // the chart's catalog statement checks the tenant itself: no round trip to resolve the id
    return monitors
        .readScopedFor(
            idOrName,
            monitorId ->
                seriesReader.chart(
                    monitorId, metricName, seriesId, range.from(), range.to(), range.stepSeconds()))
        .onItem()
        .ifNull()
        .failWith(() -> unknown(idOrName));
  }
}
