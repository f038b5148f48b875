package io.sentinel.query.monitors;

import io.sentinel.query.MonitorStatus;
import io.sentinel.query.sql.Rows;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.List;

/**
 * A monitor as the API shows it.
 *
 * @param id the monitor's numeric id
 * @param name the monitor name (the key of its Kafka records)
 * @param status up, trouble, critical, errors, down or maintenance
 * @param lastUpdated time of the latest data or event seen for it
 * @param firstSeen time of the first data or event seen for it
 * @param statusSince when the monitor entered its current status
 * @param openAnomalies anomalies open now
 * @param openOutages outages open now (0 or 1 in practice)
 * @param anomalyCount anomalies ever opened
 * @param outageCount outages ever opened
 * @param tags "key=value" identifying labels of the monitor's series
 *     (sentinel.query.monitor-tag-labels), sorted
 * @param inMaintenance whether a maintenance window covers it now
 * @param errorsSince when its data started being rejected (the open errors episode), else null
 * @param errorsMessage what ingest rejects, from the errors_started event, else null
 * @param stale true while detection is delayed or stopped (the status may be out of date; see
 *     {@code GET /api/system}), else absent
 */
public record MonitorView(
    long id,
    String name,
    MonitorStatus status,
    Instant lastUpdated,
    Instant firstSeen,
    Instant statusSince,
    int openAnomalies,
    int openOutages,
    long anomalyCount,
    long outageCount,
    List<String> tags,
    boolean inMaintenance,
    Instant errorsSince,
    String errorsMessage,
    Boolean stale) {

  /** The columns {@link #of(Row, boolean)} reads. */
  public static final String COLUMNS =
      "id, name, status, last_updated, first_seen, status_since, open_anomalies, open_outages,"
          + " anomaly_count, outage_count, tags, in_maintenance, errors_since, errors_message";

  /** The monitor of row {@code r}, marked {@code stale} (or not) by the self-watch. */
  public static MonitorView of(Row r, boolean stale) {
    return new MonitorView(
        r.getLong("id"),
        r.getString("name"),
        MonitorStatus.fromWire(r.getString("status")),
        Rows.instant(r, "last_updated"),
        Rows.instant(r, "first_seen"),
        Rows.instant(r, "status_since"),
        r.getInteger("open_anomalies"),
        r.getInteger("open_outages"),
        r.getLong("anomaly_count"),
        r.getLong("outage_count"),
        Rows.strings(r, "tags"),
        Rows.flag(r, "in_maintenance"),
        Rows.instant(r, "errors_since"),
        r.getString("errors_message"),
        stale ? Boolean.TRUE : null);
  }
}
