package io.sentinel.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A monitor event as it travels on {@link Topics#EVENTS}, keyed by monitor id.
 *
 * @param id unique id; consumers are idempotent by it
 * @param type what happened
 * @param monitor the monitor concerned
 * @param metric the metric concerned, null for monitor-level events (outages, discovery)
 * @param series the series id, null for monitor-level events
 * @param time epoch milliseconds of the sample (or, for outages, the moment) that caused it
 * @param score anomaly score in [0,1], null where it does not apply
 * @param severity anomaly severity, null where it does not apply
 * @param value the observed value, null where it does not apply
 * @param expectedLow lower edge of the expected band of the value, null where unknown
 * @param expectedHigh upper edge of the expected band of the value, null where unknown
 * @param message a short sentence for a person
 * @param ref the id of the event this one closes (anomaly or outage), else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MonitorEvent(
    String id,
    EventType type,
    String monitor,
    String metric,
    String series,
    long time,
    Double score,
    Severity severity,
    Double value,
    Double expectedLow,
    Double expectedHigh,
    String message,
    String ref) {}
