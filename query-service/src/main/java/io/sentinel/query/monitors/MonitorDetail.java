package io.sentinel.query.monitors;

import io.sentinel.query.MonitorStatus;
import io.sentinel.query.anomalies.AnomalyView;
import io.sentinel.query.outages.OutageView;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One monitor with what the detail page shows: every field of {@link MonitorView}, plus its series,
 * open anomalies and outages, and uptime.
 *
 * @param id the monitor's numeric id
 * @param name the monitor name
 * @param status up, trouble, critical, errors, down or maintenance
 * @param lastUpdated time of the latest data or event seen for it
 * @param firstSeen time of the first data or event seen for it
 * @param statusSince when the monitor entered its current status
 * @param openAnomalies anomalies open now (a count, as in the list)
 * @param openOutages outages open now (a count, as in the list)
 * @param anomalyCount anomalies ever opened
 * @param outageCount outages ever opened
 * @param tags "key=value" identifying labels of the monitor's series
 *     (sentinel.query.monitor-tag-labels)
 * @param inMaintenance whether a maintenance window covers it now
 * @param errorsSince when its data started being rejected (the open errors episode), else null
 * @param errorsMessage what ingest rejects, from the errors_started event, else null
 * @param stale true while detection is delayed or stopped (see {@code GET /api/system}), else
 *     absent
 * @param metrics the monitor's series with their latest values
 * @param activeAnomalies the open anomalies, newest first
 * @param activeOutages the open outages, newest first
 * @param uptime percentage of time not in outage over the last 24h, 7d and 30d (keys "24h", "7d",
 *     "30d"), counted from when the monitor was first seen; absent for a period not yet observed
 */
public record MonitorDetail(
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
    Boolean stale,
    List<SeriesInfo> metrics,
    List<AnomalyView> activeAnomalies,
    List<OutageView> activeOutages,
    Map<String, Double> uptime) {

  public static MonitorDetail of(
      MonitorView m,
      List<SeriesInfo> metrics,
      List<AnomalyView> anomalies,
      List<OutageView> outages,
      Map<String, Double> uptime) {
    return new MonitorDetail(
        m.id(),
        m.name(),
        m.status(),
        m.lastUpdated(),
        m.firstSeen(),
        m.statusSince(),
        m.openAnomalies(),
        m.openOutages(),
        m.anomalyCount(),
        m.outageCount(),
        m.tags(),
        m.inMaintenance(),
        m.errorsSince(),
        m.errorsMessage(),
        m.stale(),
        metrics,
        anomalies,
        outages,
        uptime);
  }
}
