package io.sentinel.query.maintenance;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sentinel.query.sql.Rows;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

/**
 * A maintenance window as the API shows it.
 *
 * @param id the window id
 * @param title what the maintenance is
 * @param monitorIds the monitors it covers
 * @param startsAt start of the (first) occurrence
 * @param durationSeconds length of each occurrence
 * @param endsAt end of a one-off window; absent for a recurring one
 * @param rrule recurrence rule (FREQ=DAILY|WEEKLY, INTERVAL, BYDAY), if recurring by rule
 * @param cron 5-field cron expression, if recurring by cron
 * @param timeZone zone of the rule or cron
 * @param until no occurrence starts after it
 * @param createdBy who created it
 * @param comment why
 * @param createdAt when it was created
 * @param cancelledAt when it was cancelled, if it was
 * @param cancelledBy who cancelled it
 * @param cancelled whether it was cancelled
 * @param active whether it covers its monitors now
 * @param nextStart the next occurrence's start, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WindowView(
    long id,
    String title,
    List<Long> monitorIds,
    Instant startsAt,
    long durationSeconds,
    Instant endsAt,
    String rrule,
    String cron,
    String timeZone,
    Instant until,
    String createdBy,
    String comment,
    Instant createdAt,
    Instant cancelledAt,
    String cancelledBy,
    boolean cancelled,
    boolean active,
    Instant nextStart) {

  public static final String COLUMNS =
      "id, title, monitor_ids, starts_at, duration_seconds, rrule, cron, time_zone, until,"
          + " created_by, comment, created_at, cancelled_at, cancelled_by";

  /** The schedule of a window row. */
  public static MaintenanceSchedule schedule(Row r) {
    return new MaintenanceSchedule(
        Rows.instant(r, "starts_at"),
        Duration.ofSeconds(r.getLong("duration_seconds")),
        r.getString("rrule"),
        r.getString("cron"),
        ZoneId.of(r.getString("time_zone")),
        Rows.instant(r, "until"));
  }

  public static WindowView of(Row r, Instant now) {
    MaintenanceSchedule s = schedule(r);
    Instant cancelledAt = Rows.instant(r, "cancelled_at");
    boolean cancelled = cancelledAt != null;
    Instant start = Rows.instant(r, "starts_at");
    long seconds = r.getLong("duration_seconds");
    return new WindowView(
        r.getLong("id"),
        r.getString("title"),
        Arrays.asList(r.getArrayOfLongs("monitor_ids")),
        start,
        seconds,
        s.recurring() ? null : start.plusSeconds(seconds),
        r.getString("rrule"),
        r.getString("cron"),
        r.getString("time_zone"),
        Rows.instant(r, "until"),
        r.getString("created_by"),
        r.getString("comment"),
        Rows.instant(r, "created_at"),
        cancelledAt,
        r.getString("cancelled_by"),
        cancelled,
        !cancelled && s.activeAt(now).isPresent(),
        cancelled ? null : s.nextStartAfter(now).orElse(null));
  }
}
