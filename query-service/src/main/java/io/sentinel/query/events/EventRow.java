package io.sentinel.query.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One row of the event log as served by {@code GET /api/events} and pushed on {@code /api/stream}.
 *
 * @param seq position in the log, the SSE id; increasing but with gaps
 * @param id the event id (the contract id; {@code <cause id>/status} for a status change)
 * @param type anomaly, anomaly_resolved, outage_started, outage_resolved, monitor_discovered or
 *     status_changed, acknowledged, maintenance_started, maintenance_ended, maintenance_scheduled
 *     or maintenance_cancelled
 * @param monitor the monitor concerned
 * @param metric the metric concerned, if any
 * @param series the series concerned, if any
 * @param time when it happened
 * @param score anomaly score in [0,1], if any
 * @param severity minor, major or critical, if any
 * @param value the observed value, if any
 * @param expectedLow lower edge of the expected band, if known
 * @param expectedHigh upper edge of the expected band, if known
 * @param message a short sentence for a person
 * @param ref the id of the event this one closes or was caused by
 * @param status the new status (status_changed only)
 * @param previousStatus the status before (status_changed only)
 * @param receivedAt when the query-service stored it
 * @param suppressed true for an alert raised while its monitor was in maintenance; absent otherwise
 * @param tenant the tenant of the monitor concerned; absent on a stream notice for everyone
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventRow(
    long seq,
    String id,
    String type,
    String monitor,
    String metric,
    String series,
    Instant time,
    Double score,
    String severity,
    Double value,
    Double expectedLow,
    Double expectedHigh,
    String message,
    String ref,
    String status,
    String previousStatus,
    Instant receivedAt,
    Boolean suppressed,
    String tenant) {}
