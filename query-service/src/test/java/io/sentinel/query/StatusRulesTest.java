package io.sentinel.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusRulesTest {
  private static StatusFacts facts(
      boolean maintenance, int outages, boolean errors, int critical, int open, int metrics) {
    return new StatusFacts(maintenance, outages, errors, critical, open, metrics);
  }

  @Test
  void healthyMonitorIsUp() {
    assertThat(StatusRules.statusOf(StatusFacts.HEALTHY)).isEqualTo(MonitorStatus.UP);
  }

  @Test
  void openMinorOrMajorAnomalyIsTrouble() {
    assertThat(StatusRules.statusOf(facts(false, 0, false, 0, 1, 1)))
        .isEqualTo(MonitorStatus.TROUBLE);
    assertThat(StatusRules.statusOf(facts(false, 0, false, 0, 3, 1)))
        .isEqualTo(MonitorStatus.TROUBLE);
  }

  @Test
  void openCriticalAnomalyIsCritical() {
    assertThat(StatusRules.statusOf(facts(false, 0, false, 1, 1, 1)))
        .isEqualTo(MonitorStatus.CRITICAL);
  }

  @Test
  void anomaliesOnTwoMetricsAtOnceAreCritical() {
    assertThat(StatusRules.statusOf(facts(false, 0, false, 0, 2, 2)))
        .isEqualTo(MonitorStatus.CRITICAL);
  }

  @Test
  void errorsOutrankCriticalAndTrouble() {
    assertThat(StatusRules.statusOf(facts(false, 0, true, 1, 2, 2)))
        .isEqualTo(MonitorStatus.ERRORS);
    assertThat(StatusRules.statusOf(facts(false, 0, true, 0, 0, 0)))
        .isEqualTo(MonitorStatus.ERRORS);
  }

  @Test
  void openOutageIsDownAndOutranksErrorsAndAnomalies() {
    assertThat(StatusRules.statusOf(facts(false, 1, true, 1, 2, 2))).isEqualTo(MonitorStatus.DOWN);
    assertThat(StatusRules.statusOf(facts(false, 1, false, 0, 0, 0))).isEqualTo(MonitorStatus.DOWN);
  }

  @Test
  void maintenanceOutranksEverything() {
    assertThat(StatusRules.statusOf(facts(true, 1, true, 1, 2, 2)))
        .isEqualTo(MonitorStatus.MAINTENANCE);
    assertThat(StatusRules.statusOf(facts(true, 0, false, 0, 0, 0)))
        .isEqualTo(MonitorStatus.MAINTENANCE);
  }
}
