package io.sentinel.query.maintenance;

import io.sentinel.query.api.Answers;
import io.sentinel.query.api.PageParams;
import io.sentinel.query.api.Params;
import io.sentinel.query.config.QueryConfig;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Maintenance windows. */
@Path("/api/maintenance")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Maintenance")
public class MaintenanceResource {
  /** Most monitors one window may cover. */
  static final int MAX_MONITORS = 10_000;

  @Inject MaintenanceRepository windows;
  @Inject MaintenanceJob job;
  @Inject QueryConfig config;
  @Inject io.sentinel.query.security.CurrentCaller caller;

  /**
   * A window to create.
   *
   * @param title what the maintenance is (required)
   * @param monitorIds the monitors it covers (required, existing ids)
   * @param startsAt start of the (first) occurrence, ISO-8601 with offset (required)
   * @param endsAt end of a one-off window (or give duration)
   * @param duration length of each occurrence, ISO-8601 (PT2H) or 90m, 2h, 1d (or give ends_at)
   * @param rrule recurrence: FREQ=DAILY or FREQ=WEEKLY, optional INTERVAL and BYDAY=MO,TU,...
   * @param cron recurrence as a 5-field cron expression (instead of rrule)
   * @param timeZone zone of the recurrence, e.g. Europe/Paris (default UTC)
   * @param until no occurrence starts after it
   * @param comment why
   */
  public record NewWindow(
      String title,
      List<Long> monitorIds,
      String startsAt,
      String endsAt,
      String duration,
      String rrule,
      String cron,
      String timeZone,
      String until,
      String comment) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<RestResponse<WindowView>> create(NewWindow body, @Context UriInfo uri) {
    MaintenanceRepository.NewWindow w = validate(body, caller.name());
    return windows
        .existing(w.monitorIds())
        .chain(
            found -> {
              List<Long> unknown = new ArrayList<>(w.monitorIds());
              unknown.removeAll(found);
              if (!unknown.isEmpty()) {
                Params.reject("body", "monitor_ids", "no monitor has id " + unknown);
              }
              return windows.create(w);
            })
        .call(created -> job.reconcile())
        .chain(created -> windows.byId(created.id()))
        .map(
            view ->
                RestResponse.ResponseBuilder.<WindowView>created(
                        uri.getAbsolutePathBuilder().path(Long.toString(view.id())).build())
                    .entity(view)
                    .build());
  }

  @GET
  public Uni<RestResponse<List<WindowView>>> list(
      @BeanParam WindowQuery query, @BeanParam PageParams paging) {
    Params p = new Params();
    Long monitorId = query.monitorId(p);
    boolean all = query.includeCancelled(p);
    return paging.respond(
        p, config.api(), w -> windows.page(monitorId, all, w.limit(), w.offset()));
  }

  @GET
  @Path("/{id}")
  public Uni<WindowView> get(@Parameter(description = "the window id") @PathParam("id") String id) {
    return Answers.byPathId(id, "maintenance window", windows::byId);
  }

  @DELETE
  @Path("/{id}")
  public Uni<WindowView> cancel(
      @Parameter(description = "the window id") @PathParam("id") String id) {
    String who = caller.name();
    return Answers.byPathId(id, "maintenance window", windowId -> windows.cancel(windowId, who))
        .call(w -> job.reconcile())
        .chain(w -> windows.byId(w.id()));
  }

  private static MaintenanceRepository.NewWindow validate(NewWindow b, String createdBy) {
    Params.body(b);
    Params p = new Params("body");
    String title = p.required("body", "title", b.title(), 200);
    List<Long> ids =
        b.monitorIds() == null ? List.of() : b.monitorIds().stream().distinct().toList();
    if (ids.isEmpty() || ids.contains(null)) {
      p.invalid("body", "monitor_ids", "is required: a non-empty list of monitor ids");
    } else if (ids.size() > MAX_MONITORS) {
      p.invalid("body", "monitor_ids", "at most " + MAX_MONITORS + " monitors per window");
    }
    Instant start = instant(p, "starts_at", b.startsAt());
    if (start == null && b.startsAt() == null) {
      p.invalid("body", "starts_at", "is required: ISO-8601 date-time with offset");
    }
    Instant end = instant(p, "ends_at", b.endsAt());
    Duration duration = p.duration("duration", b.duration());
    boolean hasEnd = b.endsAt() != null && !b.endsAt().isBlank();
    boolean hasDuration = b.duration() != null && !b.duration().isBlank();
    if (hasEnd == hasDuration) {
      p.invalid("body", "duration", "give exactly one of ends_at and duration");
    }
    if (end != null && start != null) {
      duration = Duration.between(start, end);
    }
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      p.invalid("body", b.endsAt() != null ? "ends_at" : "duration", "must be after starts_at");
    } else if (duration != null && duration.compareTo(MaintenanceSchedule.MAX_DURATION) > 0) {
      p.invalid("body", "duration", "at most 31 days per occurrence");
    }
    boolean hasRule = b.rrule() != null && !b.rrule().isBlank();
    boolean hasCron = b.cron() != null && !b.cron().isBlank();
    if (hasRule && hasCron) {
      p.invalid("body", "cron", "give rrule or cron, not both");
    }
    if (end != null && (hasRule || hasCron)) {
      p.invalid("body", "ends_at", "a recurring window takes duration, not ends_at");
    }
    ZoneId zone = ZoneId.of("UTC");
    if (b.timeZone() != null && !b.timeZone().isBlank()) {
      try {
        zone = ZoneId.of(b.timeZone().trim());
      } catch (DateTimeException e) {
        p.invalid("body", "time_zone", "unknown time zone '" + b.timeZone() + "'");
      }
    }
    Instant until = instant(p, "until", b.until());
    if (until != null && start != null && until.isBefore(start)) {
      p.invalid("body", "until", "must not be before starts_at");
    }
    String comment = p.text("body", "comment", b.comment(), 2000);
    p.check();
    try {
      new MaintenanceSchedule(start, duration, b.rrule(), b.cron(), zone, until);
    } catch (IllegalArgumentException e) {
      p.invalid("body", hasCron ? "cron" : "rrule", e.getMessage());
      p.check();
    }
    return new MaintenanceRepository.NewWindow(
        title,
        ids,
        start,
        duration.toSeconds(),
        hasRule ? b.rrule().trim() : null,
        hasCron ? b.cron().trim() : null,
        zone.getId(),
        until,
        createdBy,
        comment);
  }

  private static Instant instant(Params p, String name, String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    Instant t = p.instant(name, raw);
    return t;
  }
}
