package io.sentinel.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoAgentScheduleTest {
  /** Live ticks at which the monitor's incidents begin, over the first {@code ticks} ticks. */
  private static List<Integer> starts(String monitor, int ticks) {
    List<Integer> starts = new ArrayList<>();
    for (int t = 0; t < ticks; t++) {
      if (DemoData.incidentPhase(monitor, t) == 0) {
        starts.add(t);
      }
    }
    return starts;
  }

  @Test
  void incidentsComeAtIrregularIntervalsOfTenToTwentyMinutes() {
    List<Integer> starts = starts("web-frontend-2", 4 * 3600);
    assertThat(starts.get(0)).isBetween(20, 59);
    assertThat(starts).hasSizeGreaterThan(10);
    HashSet<Integer> gaps = new HashSet<>();
    for (int i = 1; i < starts.size(); i++) {
      int gap = starts.get(i) - starts.get(i - 1);
      assertThat(gap).isBetween(DemoData.MIN_INCIDENT_GAP, DemoData.MAX_INCIDENT_GAP);
      gaps.add(gap);
    }
    // not a fixed period: (almost) every interval differs
    assertThat(gaps).hasSizeGreaterThan(starts.size() / 2);
  }

  @Test
  void phaseCountsTicksSinceTheLatestStartAndIsTheSameEveryRun() {
    assertThat(DemoData.incidentPhase("payments-api", 0)).isEqualTo(-1);
    List<Integer> starts = starts("payments-api", 3600);
    int s = starts.get(1);
    assertThat(DemoData.incidentPhase("payments-api", s + 7)).isEqualTo(7);
    assertThat(DemoData.incidentPhase("payments-api", s - 1)).isEqualTo(s - 1 - starts.get(0));
    assertThat(starts("payments-api", 3600)).isEqualTo(starts);
    assertThat(starts("checkout-api", 3600)).isNotEqualTo(starts);
  }
}
