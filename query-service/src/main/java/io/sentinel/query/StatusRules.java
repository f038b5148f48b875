package io.sentinel.query;

/**
 * The status of a monitor from the facts about it, as docs/architecture.md describes. Precedence
 * when several hold: Maintenance, Down, Errors, Critical, Trouble, Up. Pure: later features
 * (maintenance windows, agent errors) only supply more facts.
 */
public final class StatusRules {
  /** Open anomalies on this many distinct metrics at once make a monitor critical. */
  public static final int CRITICAL_METRIC_COUNT = 2;

  private StatusRules() {}

  public static MonitorStatus statusOf(StatusFacts facts) {
    if (facts.inMaintenance()) {
      return MonitorStatus.MAINTENANCE;
    }
    if (facts.openOutages() > 0) {
      return MonitorStatus.DOWN;
    }
    if (facts.reportsErrors()) {
      return MonitorStatus.ERRORS;
    }
    if (facts.openCriticalAnomalies() > 0 || facts.anomalousMetrics() >= CRITICAL_METRIC_COUNT) {
      return MonitorStatus.CRITICAL;
    }
    if (facts.openAnomalies() > 0) {
      return MonitorStatus.TROUBLE;
    }
    return MonitorStatus.UP;
  }
}
