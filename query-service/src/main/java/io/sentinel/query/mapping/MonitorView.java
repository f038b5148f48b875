package io.sentinel.query.mapping;

import io.sentinel.query.Monitor;
import io.sentinel.query.MonitorStatus;
import java.time.Instant;

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
    long outageCount) {

  public static MonitorView of(Monitor m) {
    return new MonitorView(
        m.id,
        m.name,
        m.status,
        m.lastUpdated == null ? null : m.lastUpdated.toInstant(),
        m.firstSeen == null ? null : m.firstSeen.toInstant(),
        m.statusSince == null ? null : m.statusSince.toInstant(),
        m.openAnomalies,
        m.openOutages,
        m.anomalyCount,
        m.outageCount);
  }
}
