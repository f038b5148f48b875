package io.sentinel.query.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sentinel.query.Outage;
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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutageView(
    String id,
    long monitorId,
    String monitor,
    Instant startedAt,
    Instant endedAt,
    boolean open,
    String cause) {

  public static OutageView of(Outage o) {
    return new OutageView(
        o.id,
        o.monitorId,
        o.monitor,
        o.startedAt == null ? null : o.startedAt.toInstant(),
        o.endedAt == null ? null : o.endedAt.toInstant(),
        o.endedAt == null,
        o.cause);
  }
}
