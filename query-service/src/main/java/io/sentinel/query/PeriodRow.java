package io.sentinel.query;

import io.sentinel.query.sql.Rows;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;

/**
 * The columns every {@link MonitorPeriod} row (an anomaly, an outage) has, as its view reads them.
 *
 * @param id the id of the event that opened it
 * @param monitorId the monitor's numeric id
 * @param monitor the monitor name
 * @param startedAt when it started
 * @param endedAt when it ended; null while it lasts
 */
public record PeriodRow(
    String id, long monitorId, String monitor, Instant startedAt, Instant endedAt) {

  /** The columns {@link #of(Row)} reads. */
  public static final String COLUMNS = "id, monitor_id, monitor, started_at, ended_at";

  public static PeriodRow of(Row r) {
    return new PeriodRow(
        r.getString("id"),
        r.getLong("monitor_id"),
        r.getString("monitor"),
        Rows.instant(r, "started_at"),
        Rows.instant(r, "ended_at"));
  }

  public boolean open() {
    return endedAt == null;
  }

  /** How long it lasted, or has lasted until {@code now}. */
  public long durationSeconds(Instant now) {
    if (startedAt == null) {
      return 0;
    }
    return Math.max(0, Duration.between(startedAt, endedAt != null ? endedAt : now).toSeconds());
  }
}
