package io.sentinel.query;

/**
 * What is known about one monitor at one moment, the input of {@link StatusRules}.
 *
 * @param inMaintenance an SRE maintenance window covers the monitor now
 * @param openOutages outages of the monitor not resolved yet
 * @param reportsErrors the agent reports errors or the monitor's data is being rejected
 * @param openCriticalAnomalies open anomalies of severity critical
 * @param openAnomalies all open anomalies, any severity
 * @param anomalousMetrics distinct metrics with at least one open anomaly
 */
public record StatusFacts(
    boolean inMaintenance,
    int openOutages,
    boolean reportsErrors,
    int openCriticalAnomalies,
    int openAnomalies,
    int anomalousMetrics) {

  /** A healthy monitor: nothing open, no window, no errors. */
  public static final StatusFacts HEALTHY = new StatusFacts(false, 0, false, 0, 0, 0);
}
