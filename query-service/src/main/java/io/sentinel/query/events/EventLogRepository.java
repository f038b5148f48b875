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
      INSERT INTO events (event_id, type, monitor, metric, series, time, severity, message, ref,
                          status, previous_status, tenant)
      VALUES (:eventId, :type, :monitor, CAST(:metric AS text), CAST(:series AS text),
              CAST(:time AS timestamptz), CAST(:severity AS text), CAST(:message AS text),
              CAST(:ref AS text), CAST(:status AS text), CAST(:previousStatus AS text),
              -- the tenant of the monitor the row is about
              COALESCE((SELECT tenant FROM monitors WHERE id = CAST(:monitorId AS bigint)),
                       'default'))
      ON CONFLICT (event_id) DO NOTHING
      RETURNING seq
      """;

  /**
   * What a derived row says besides what every row says (its id, type, monitor, time, message and
   * ref); null where it does not apply. The measurements of an anomaly (score, value, band) are
   * never derived here: only the detector's events carry them.
   */
  private record Subject(
      String metric, String series, String severity, String status, String previousStatus) {
    static final Subject MONITOR = new Subject(null, null, null, null, null);

    static Subject anomaly(String metric, String series, String severity) {
      return new Subject(metric, series, severity, null, null);
    }

    static Subject statusChange(MonitorStatus previous, MonitorStatus current) {
      return new Subject(null, null, null, current.wire(), previous.wire());
    }
  }

  /**
   * Appends a maintenance transition of one monitor ({@value #MAINTENANCE_STARTED} when {@code on},
   * else {@value #MAINTENANCE_ENDED}); emits null if this id was logged already.
   */
  public Uni<Long> appendMaintenance(
      long monitorId, String eventId, boolean on, String monitor, OffsetDateTime time, String msg) {
    String type = on ? MAINTENANCE_STARTED : MAINTENANCE_ENDED;
    return insert(monitorId, eventId, type, monitor, time, msg, null, Subject.MONITOR);
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
        at,
        message,
        anomalyId,
        Subject.anomaly(metric, series, severity));
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
        time,
        message,
        causeId,
        Subject.statusChange(previous, current));
  }

  private Uni<Long> insert(
      long monitorId,
      String eventId,
      String type,
      String monitor,
      OffsetDateTime time,
      String message,
      String ref,
      Subject subject) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(INSERT, Long.class)
                    .setParameter("monitorId", monitorId)
                    .setParameter("eventId", eventId)
                    .setParameter("type", type)
                    .setParameter("monitor", monitor)
                    .setParameter("metric", subject.metric())
                    .setParameter("series", subject.series())
                    .setParameter("time", time)
                    .setParameter("severity", subject.severity())
                    .setParameter("message", message)
                    .setParameter("ref", ref)
                    .setParameter("status", subject.status())
                    .setParameter("previousStatus", subject.previousStatus())
                    .getSingleResultOrNull());
  }
}
