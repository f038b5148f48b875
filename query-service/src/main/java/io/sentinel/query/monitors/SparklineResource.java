package io.sentinel.query.monitors;

import io.sentinel.query.api.Params;
import io.sentinel.query.config.QueryConfig;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Sparklines of many monitors in one request, for the monitor list. */
@Path("/api/sparklines")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Monitors")
public class SparklineResource {
  public static final String EXAMPLE =
      """
      {"from":"2025-09-21T23:00:00Z","to":"2025-09-22T00:00:00Z","step_seconds":120,\
      "items":[{"monitor_id":1,"series":"Server A/cpu_usage","metric":"cpu_usage",\
      "values":[0.41,0.43,null,0.47],"max_scores":[0.1,0.2,null,0.9]}]}""";

  @Inject SparklineReader reader;
  @Inject QueryConfig config;

  @GET
  public Uni<Sparklines> sparklines(
      @Parameter(
              description = "comma-separated monitor ids (at most sentinel.query.api.max-limit)",
              example = "1,2,3")
          @QueryParam("monitors")
          String monitors,
      @Parameter(
              description = "metric to draw; absent: each monitor's first metric by name",
              example = "cpu_usage")
          @QueryParam("metric")
          String metric,
      @Parameter(
              description = "bucket width, a whole number of minutes (default 2m)",
              example = "2m")
          @QueryParam("step")
          String step,
      @Parameter(description = "number of buckets, 2 to 240 (default 30)") @QueryParam("points")
          String points,
      @Parameter(
              description = "ISO-8601 end (exclusive), default now",
              example = "2025-09-22T00:00:00Z")
          @QueryParam("to")
          String to,
      @Parameter(
              description = "monitors per page, 1 to sentinel.query.api.max-limit (default: max)")
          @QueryParam("limit")
          String limit,
      @Parameter(
              description =
                  "monitors to skip (default 0), at most sentinel.query.api.max-offset (10000)")
          @QueryParam("offset")
          String offset) {
    Params p = new Params();
    Long[] ids = ids(p, monitors, config.api().maxLimit());
    String metricName = p.text("query", "metric", metric, 200);
    Duration width = p.duration("step", step);
    int n = p.integer("query", "points", points, 2, 240, 30);
    Instant end = p.instant("to", to);
    int size =
        p.integer("query", "limit", limit, 1, config.api().maxLimit(), config.api().maxLimit());
    int skip = p.offset(offset, config.api().maxOffset());
    long stepSeconds = width == null ? 120 : width.toSeconds();
    if (width != null && (stepSeconds < 60 || stepSeconds % 60 != 0 || stepSeconds > 86_400)) {
      p.invalid("query", "step", "must be a whole number of minutes up to 1d, got '" + step + "'");
      stepSeconds = 120;
    }
    p.check();
    long endSeconds = (end == null ? Instant.now() : end).getEpochSecond();
    long to0 = -Math.floorDiv(-endSeconds, stepSeconds) * stepSeconds;
    long from0 = to0 - n * stepSeconds;
    return reader.sparklines(
        ids,
        metricName,
        Instant.ofEpochSecond(from0),
        Instant.ofEpochSecond(to0),
        stepSeconds,
        n,
        size,
        skip);
  }

  private static Long[] ids(Params p, String raw, int max) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    List<Long> out = new ArrayList<>();
    for (String part : raw.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      Long id = p.seq("query", "monitors", part);
      if (id != null) {
        out.add(id);
      }
    }
    if (out.size() > max) {
      p.invalid("query", "monitors", "must list at most " + max + " ids, got " + out.size());
    }
    return out.toArray(Long[]::new);
  }
}
