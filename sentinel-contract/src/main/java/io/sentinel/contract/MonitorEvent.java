package io.sentinel.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A monitor event as it travels on {@link Topics#EVENTS}, keyed by {@link #key()}.
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
 * @param tenant the tenant of the monitor; {@link Tenants#DEFAULT} when the record names none
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
    String ref,
    String tenant) {

  public MonitorEvent {
    tenant = Tenants.orDefault(tenant);
  }

  /** This event as one of {@code tenant}. */
  public MonitorEvent inTenant(String tenant) {
    return new MonitorEvent(
        id,
        type,
        monitor,
        metric,
        series,
        time,
        score,
        severity,
        value,
        expectedLow,
        expectedHigh,
        message,
        ref,
        tenant);
  }

  /** The Kafka key of this event: its monitor within its tenant ({@link Tenants#key}). */
  @JsonIgnore
  public String key() {
    return Tenants.key(tenant, monitor);
  }

  /** A monitor's first accepted sample. */
  public static MonitorEvent monitorDiscovered(
      String id, String monitor, long time, String message) {
    return ofMonitor(id, EventType.MONITOR_DISCOVERED, monitor, time, null, message, null);
  }

  /** A monitor went silent, or its check or scrape reported it down. */
  public static MonitorEvent outageStarted(String id, String monitor, long time, String message) {
    return ofMonitor(id, EventType.OUTAGE_STARTED, monitor, time, null, message, null);
  }

  /** A monitor's samples resumed; {@code ref} is the outage_started event it closes. */
  public static MonitorEvent outageResolved(
      String id, String monitor, long time, String message, String ref) {
    return ofMonitor(id, EventType.OUTAGE_RESOLVED, monitor, time, null, message, ref);
  }

  /**
   * A monitor's data keeps being rejected, or its check reported an error.
   *
   * @param rejectedSamples samples rejected in the streak, null for an error reported by a check
   */
  public static MonitorEvent errorsStarted(
      String id, String monitor, long time, Double rejectedSamples, String message) {
    return ofMonitor(id, EventType.ERRORS_STARTED, monitor, time, rejectedSamples, message, null);
  }

  /** An errors episode ends; {@code ref} is the errors_started event it closes. */
  public static MonitorEvent errorsResolved(
      String id, String monitor, long time, Double rejectedSamples, String message, String ref) {
    return ofMonitor(id, EventType.ERRORS_RESOLVED, monitor, time, rejectedSamples, message, ref);
  }

  /**
   * A monitor-level event: no metric, series, score, severity or band; {@code value} may be set.
   */
  private static MonitorEvent ofMonitor(
      String id,
      EventType type,
      String monitor,
      long time,
      Double value,
      String message,
      String ref) {
    return new MonitorEvent(
        id, type, monitor, null, null, time, null, null, value, null, null, message, ref, null);
  }

  /** A series left its learned behaviour at the sample of {@code time}. */
  public static MonitorEvent anomaly(
      String id,
      String monitor,
      String metric,
      String series,
      long time,
      double score,
      Severity severity,
      double value,
      Double expectedLow,
      Double expectedHigh,
      String message) {
    return new MonitorEvent(
        id,
        EventType.ANOMALY,
        monitor,
        metric,
        series,
        time,
        score,
        severity,
        value,
        expectedLow,
        expectedHigh,
        message,
        null,
        null);
  }

  /** A series is back within its learned behaviour; {@code ref} is the anomaly it closes. */
  public static MonitorEvent anomalyResolved(
      String id,
      String monitor,
      String metric,
      String series,
      long time,
      double score,
      double value,
      Double expectedLow,
      Double expectedHigh,
      String message,
      String ref) {
    return new MonitorEvent(
        id,
        EventType.ANOMALY_RESOLVED,
        monitor,
        metric,
        series,
        time,
        score,
        null,
        value,
        expectedLow,
        expectedHigh,
        message,
        ref,
        null);
  }
}
