package io.sentinel.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sentinel.devstack.DemoScore.Alert;
import io.sentinel.devstack.DemoScore.Incident;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoScoreTest {
  private static final long LIVE = 1_000_000;

  /** Live, after the settling minute. */
  private static final long T = LIVE + DemoScore.SETTLE_MS;

  @Test
  void alertsMatchIncidentsByMonitorMetricKindAndTime() {
    List<Incident> incidents =
        List.of(
            new Incident("api", "LEVEL_SHIFT", "latency", T + 10_000, T + 69_000),
            new Incident("db", "MULTI_METRIC", "*", T + 20_000, T + 39_000),
            new Incident("worker", "OUTAGE", "*", T + 30_000, T + 74_000),
            new Incident("api", "LEVEL_SHIFT", "latency", T + 160_000, T + 219_000));
    List<Alert> alerts =
        List.of(
            new Alert("api", "latency", T + 12_000, "true: the shift"),
            new Alert("api", "cpu", T + 12_000, "false: other metric"),
            new Alert("db", "mem", T + 21_000, "true: any metric of a multi-metric incident"),
            new Alert("worker", null, T + 60_000, "true: the outage"),
            new Alert("worker", "cpu", T + 80_000, "false: an anomaly is not an outage"),
            new Alert("api", "latency", T + 69_000 + DemoScore.GRACE_MS + 1, "false: too late"),
            new Alert("web", "cpu", LIVE - 5_000, "backfill"),
            new Alert("web", null, LIVE + 30_000, "handoff"));

    // the last incident ends too close to the end of the run to be scored
    DemoScore.Result r = DemoScore.score(incidents, alerts, LIVE, T + 240_000, 4);

    assertThat(r.backfillAlerts()).isEqualTo(1);
    assertThat(r.settlingAlerts()).isEqualTo(1);
    assertThat(r.liveAlerts()).isEqualTo(6);
    assertThat(r.trueAlerts()).isEqualTo(3);
    assertThat(r.falseAlerts())
        .extracting(Alert::explanation)
        .containsExactly(
            "false: other metric", "false: an anomaly is not an outage", "false: too late");
    assertThat(r.incidents()).isEqualTo(3);
    assertThat(r.detectedIncidents()).isEqualTo(3);
    assertThat(r.missed()).isEmpty();
    assertThat(r.precision()).isCloseTo(0.5, within(1e-12));
    assertThat(r.recall()).isCloseTo(1.0, within(1e-12));
    // 4 monitors x 4 minutes = 16 monitor-minutes, 3 false alerts: 11.25 per monitor-hour
    assertThat(r.falsePerMonitorHour()).isCloseTo(11.25, within(1e-9));
  }

  @Test
  void anIncidentWithoutAnAlertIsMissed() {
    List<Incident> incidents =
        List.of(new Incident("api", "SPIKE", "latency", T + 10_000, T + 10_000));
    DemoScore.Result r =
        DemoScore.score(
            incidents,
            List.of(new Alert("api", "latency", T + 9_000, "one second early")),
            LIVE,
            T + 600_000,
            1);
    assertThat(r.recall()).isZero();
    assertThat(r.precision()).isZero();
    assertThat(r.missed()).isEqualTo(incidents);
  }
}
