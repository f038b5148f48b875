package io.sentinel.query.events;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.sentinel.query.MonitorStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;

/** Writes to the event log ({@code events}) inside the current transaction. */
@ApplicationScoped
public class EventLogRepository {
  /** Type of the rows this service derives itself when a monitor's status changes. */
  public static final String STATUS_CHANGED = "status_changed";

  /** Type of the row logged when a person acknowledges an anomaly. */
  public static final String ACKNOWLEDGED = "acknowledged";

  /** Type of the row logged when a monitor enters a maintenance window. */
  public static final String MAINTENANCE_STARTED = "maintenance_started";

  /** Type of the row logged when a monitor leaves its last maintenance window. */
  public static final String MAINTENANCE_ENDED = "maintenance_ended";

  private static final String INSERT =
      """
      INSERT INTO events (event_id, type, monitor, metric, series, time, score, severity, value,
                          expected_low, expected_high, message, ref, status, previous_status,
                          tenant)
      VALUES (:eventId, :type, :monitor, CAST(:metric AS text), CAST(:series AS text),
              CAST(:time AS timestamptz), CAST(:score AS double precision),
              CAST(:severity AS text), CAST(:value AS double precision),
              CAST(:expectedLow AS double precision), CAST(:expectedHigh AS double precision),
              CAST(:message AS text), CAST(:ref AS text), CAST(:status AS text),
              CAST(:previousStatus AS text),
              -- the tenant of the monitor the row is about
              COALESCE((SELECT tenant FROM monitors WHERE id = CAST(:monitorId AS bigint)),
                       'default'))
      ON CONFLICT (event_id) DO NOTHING
      RETURNING seq
      """;

  /** Appends a maintenance transition of one monitor; emits null if this id was logged already. */
  public Uni<Long> appendMaintenance(
      long monitorId,
      String eventId,
      String type,
      String monitor,
      OffsetDateTime time,
      String message,
      String ref) {
    return insert(
        monitorId, eventId, type, monitor, null, null, time, null, null, null, null, null, message,
        ref, null, null);
  }

  /**
   * Appends the acknowledgement of the anomaly {@code anomalyId}, with an id derived from the
   * anomaly's so it is logged once.
   */
  public Uni<Long> appendAcknowledgement(
      long monitorId,
      String anomalyId,
      String monitor,
      String metric,
      String series,
      OffsetDateTime at,
      String severity,
      String message) {
    return insert(
        monitorId,
        anomalyId + "/ack",
        ACKNOWLEDGED,
        monitor,
        metric,
        series,
        at,
        null,
        severity,
        null,
        null,
        null,
        message,
        anomalyId,
        null,
        null);
  }

  /** Appends the status change of {@code monitor} caused by the event {@code causeId}. */
  public Uni<Long> appendStatusChange(
      long monitorId,
      String causeId,
      String monitor,
      OffsetDateTime time,
      MonitorStatus previous,
      MonitorStatus current,
      String message) {
    // derived from the cause id: a replay of the cause can never log the change twice
    return insert(
        monitorId,
        causeId + "/status",
        STATUS_CHANGED,
        monitor,
        null,
        null,
        time,
        null,
        null,
        null,
        null,
        null,
        message,
        causeId,
        current.wire(),
        previous.wire());
  }

  private Uni<Long> insert(
      long monitorId,
      String eventId,
      String type,
      String monitor,
      String metric,
      String series,
      OffsetDateTime time,
      Double score,
      String severity,
      Double value,
      Double expectedLow,
      Double expectedHigh,
      String message,
      String ref,
      String status,
      String previousStatus) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(INSERT, Long.class)
                    .setParameter("monitorId", monitorId)
                    .setParameter("eventId", eventId)
                    .setParameter("type", type)
                    .setParameter("monitor", monitor)
                    .setParameter("metric", metric)
                    .setParameter("series", series)
                    .setParameter("time", time)
                    .setParameter("score", score)
                    .setParameter("severity", severity)
                    .setParameter("value", value)
                    .setParameter("expectedLow", expectedLow)
                    .setParameter("expectedHigh", expectedHigh)
                    .setParameter("message", message)
                    .setParameter("ref", ref)
                    .setParameter("status", status)
                    .setParameter("previousStatus", previousStatus)
                    .getSingleResultOrNull());
  }
}
