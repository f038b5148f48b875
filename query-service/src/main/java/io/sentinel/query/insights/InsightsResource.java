package io.sentinel.query.insights;

import io.sentinel.query.api.Buckets;
import io.sentinel.query.api.Params;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Anomaly insights: the most anomalous monitors and metrics, anomaly rate, severities. */
@Path("/api/insights")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Insights")
public class InsightsResource {
  /**
   * A week by default; without a step, the finest of 5m to 1d giving at most 200 buckets; at most
   * 1,000 buckets.
   */
  private static final Buckets.Rules RULES =
      new Buckets.Rules(
          Duration.ofDays(7),
          new long[] {300, 900, 3600, 10_800, 21_600, 86_400},
          200,
          1000,
          "1000");

  public static final String EXAMPLE =
      """
      {"from":"2025-09-14T00:00:00Z","to":"2025-09-21T00:00:00Z","step_seconds":3600,"total":42,"open":3,\
      "top_monitors":[{"monitor_id":7,"monitor":"db-1","anomalies":17,"critical":2,"max_score":0.99,\
      "last_at":"2025-09-20T22:14:00Z"}],\
      "top_metrics":[{"monitor_id":7,"monitor":"db-1","metric":"latency_ms","anomalies":12,"critical":2,\
      "max_score":0.99,"last_at":"2025-09-20T22:14:00Z"}],\
      "rate":[{"time":"2025-09-14T00:00:00Z","anomalies":0,"minor":0,"major":0,"critical":0}],\
      "severity":{"minor":30,"major":10,"critical":2}}""";

  @Inject InsightsReader reader;

  @GET
  public Uni<Insights> insights(
      @Parameter(
              description = "ISO-8601 date-time, default `to` minus 7 days",
              example = "2025-09-14T00:00:00Z")
          @QueryParam("from")
          String from,
      @Parameter(
              description = "ISO-8601 date-time (exclusive), default now",
              example = "2025-09-21T00:00:00Z")
          @QueryParam("to")
          String to,
      @Parameter(
              description =
                  "bucket width of the rate, a whole number of minutes (300, 5m, 1h, PT1H)",
              example = "1h")
          @QueryParam("step")
          String step,
      @Parameter(description = "entries in each ranking, 1 to 100 (default 10)")
          @QueryParam("limit")
          String limit) {
    Params p = new Params();
    Buckets range = Buckets.parse(p, from, to, step, RULES);
    int top = p.integer("query", "limit", limit, 1, 100, 10);
    p.check();
    return reader.insights(range.from(), range.to(), range.stepSeconds(), top);
  }
}
