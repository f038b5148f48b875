package io.sentinel.ingest.protocol.push;

import io.sentinel.contract.FactSamples;

/**
 * The samples a heartbeat push becomes, and the header that carries its message. The detector and
 * query-service read them (see the README, "Heartbeat push"):
 *
 * <ul>
 *   <li>{@value #UP}: 1 when the check reports up, 0 when down; label {@code source=}{@value
 *       #SOURCE}
 *   <li>{@value #PING}: the check's round trip in milliseconds, when it reported one
 * </ul>
 */
public final class Heartbeats {
  /** Metric of the reported state: 1 up, 0 down. */
  public static final String UP = FactSamples.HEARTBEAT_UP;

  /** Metric of a reported error ({@code status=error}): 1. */
  public static final String ERROR = FactSamples.HEARTBEAT_ERROR;

  /** Metric of the reported round-trip time, milliseconds. */
  public static final String PING = "heartbeat_ping_ms";

  /** Value of the {@code source} label of heartbeat samples. */
  public static final String SOURCE = FactSamples.HEARTBEAT_SOURCE;

  /** Kafka record header with the check's message ({@code msg}), UTF-8. */
  public static final String MESSAGE_HEADER = FactSamples.HEARTBEAT_MESSAGE_HEADER;

  /** Kafka record header with the reported status, {@code up}, {@code down} or {@code error}. */
  public static final String STATUS_HEADER = "sentinel-heartbeat-status";

  private Heartbeats() {}
}
