package io.sentinel.query.outages;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sentinel.query.PeriodRow;
import io.vertx.mutiny.sqlclient.Row;
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
  public static final String COLUMNS = PeriodRow.COLUMNS + ", cause";

  public static OutageView of(Row r, Instant now) {
    PeriodRow p = PeriodRow.of(r);
    return new OutageView(
        p.id(),
        p.monitorId(),
        p.monitor(),
        p.startedAt(),
        p.endedAt(),
        p.open(),
        r.getString("cause"),
        p.durationSeconds(now));
  }
}
