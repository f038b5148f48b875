package io.sentinel.query.outages;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sentinel.query.sql.Rows;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;

/**
 * An outage as the API shows it.
 *
 * @param id the id of the outage_started event
 * @param monitorId the monitor's numeric id
 * @param monitor the monitor name
 * @param startedAt when the monitor went down
 * @param endedAt when it came back; absent while down
 * @param open whether the outage lasts
 * @param cause why the detector declared it
 * @param durationSeconds how long it lasted, or has lasted so far
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutageView(
    String id,
    long monitorId,
    String monitor,
    Instant startedAt,
    Instant endedAt,
    boolean open,
    String cause,
    long durationSeconds) {

  /** The columns {@link #of(Row, Instant)} reads. */
  public static final String COLUMNS = "id, monitor_id, monitor, started_at, ended_at, cause";

  public static OutageView of(Row r, Instant now) {
    Instant started = Rows.instant(r, "started_at");
    Instant ended = Rows.instant(r, "ended_at");
    return new OutageView(
        r.getString("id"),
        r.getLong("monitor_id"),
        r.getString("monitor"),
        started,
        ended,
        ended == null,
        r.getString("cause"),
        seconds(started, ended, now));
  }

  public static long seconds(Instant started, Instant ended, Instant now) {
    if (started == null) {
      return 0;
    }
    return Math.max(0, Duration.between(started, ended != null ? ended : now).toSeconds());
  }
}
