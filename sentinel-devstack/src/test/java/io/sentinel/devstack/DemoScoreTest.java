package io.sentinel.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sentinel.devstack.DemoScore.Alert;
import io.sentinel.devstack.DemoScore.Incident;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoScoreTest {
  private static final long LIVE = 1_000_000;

  @Test
  void alertsMatchIncidentsByMonitorMetricKindAndTime() {
    List<Incident> incidents =
        List.of(
            new Incident("api", "LEVEL_SHIFT", "latency", LIVE + 10_000, LIVE + 69_000),
            new Incident("db", "MULTI_METRIC", "*", LIVE + 20_000, LIVE + 39_000),
            new Incident("worker", "OUTAGE", "*", LIVE + 30_000, LIVE + 74_000),
            new Incident("api", "LEVEL_SHIFT", "latency", LIVE + 160_000, LIVE + 219_000));
    List<Alert> alerts =
        List.of(
            new Alert("api", "latency", LIVE + 12_000, "true: the shift"),
            new Alert("api", "cpu", LIVE + 12_000, "false: other metric"),
            new Alert("db", "mem", LIVE + 21_000, "true: any metric of a multi-metric incident"),
            new Alert("worker", null, LIVE + 60_000, "true: the outage"),
            new Alert("worker", "cpu", LIVE + 80_000, "false: an anomaly is not an outage"),
            new Alert("api", "latency", LIVE + 69_000 + DemoScore.GRACE_MS + 1, "false: too late"),
            new Alert("web", "cpu", LIVE - 5_000, "backfill"));

    // the last incident ends too close to the end of the run to be scored
    DemoScore.Result r = DemoScore.score(incidents, alerts, LIVE, LIVE + 240_000, 4);

    assertThat(r.backfillAlerts()).isEqualTo(1);
    assertThat(r.liveAlerts()).isEqualTo(6);
    assertThat(r.trueAlerts()).isEqualTo(3);
    assertThat(r.falseAlerts())
        .extracting(Alert::explanation)
        .containsExactly(
            "false: other metric", "false: an anomaly is not an outage", "false: too late");
    assertThat(r.incidents()).isEqualTo(3);
    assertThat(r.detectedIncidents()).isEqualTo(3);
    assertThat(r.precision()).isCloseTo(0.5, within(1e-12));
    assertThat(r.recall()).isCloseTo(1.0, within(1e-12));
    // 4 monitors x 4 minutes = 16 monitor-minutes, 3 false alerts: 11.25 per monitor-hour
    assertThat(r.falsePerMonitorHour()).isCloseTo(11.25, within(1e-9));
  }

  @Test
  void anIncidentWithoutAnAlertIsMissed() {
    List<Incident> incidents =
        List.of(new Incident("api", "SPIKE", "latency", LIVE + 10_000, LIVE + 10_000));
    DemoScore.Result r =
        DemoScore.score(
            incidents,
            List.of(new Alert("api", "latency", LIVE + 9_000, "one second early")),
            LIVE,
            LIVE + 600_000,
            1);
    assertThat(r.recall()).isZero();
    assertThat(r.precision()).isZero();
  }
}
