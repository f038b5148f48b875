package io.sentinel.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentinel.contract.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The demo's samples and incidents as both the live agent and the offline replay take them from
 * {@link DemoData}: the same in every run, and every incident listed is in the samples, from its
 * first to its last tick.
 */
class DemoDataTest {
  private static final int LIVE = 2400;
  private static final long FIRST = 1_700_000_000_000L;

  /** The samples, rejected samples and incidents of the backfill and {@link #LIVE} live ticks. */
  private record Run(List<Sample> accepted, List<Sample> rejected, List<DemoScore.Incident> all) {}

  private static Run run() {
    DemoData data = new DemoData();
    List<Sample> accepted = new ArrayList<>();
    List<Sample> rejected = new ArrayList<>();
    List<DemoScore.Incident> incidents = new ArrayList<>();
    for (int t = 0; t < DemoData.BACKFILL; t++) {
      data.backfill(t, ts(t), accepted);
    }
    for (int live = 0; live < LIVE; live++) {
      data.live(live, ts(DemoData.BACKFILL + live), accepted, rejected, incidents);
    }
    return new Run(accepted, rejected, incidents);
  }

  private static long ts(int tick) {
    return FIRST + tick * DemoData.TICK_MS;
  }

  private static long liveFrom() {
    return ts(DemoData.BACKFILL);
  }

  @Test
  void theSameTicksGiveTheSameSamplesAndIncidents() {
    Run a = run();
    Run b = run();
    assertThat(a.accepted()).isEqualTo(b.accepted());
    assertThat(a.rejected()).isEqualTo(b.rejected());
    assertThat(a.all()).isEqualTo(b.all());
    assertThat(a.all()).hasSizeGreaterThan(10);
  }

  @Test
  void everyIncidentIsInTheSamplesFromItsFirstToItsLastTick() {
    Run r = run();
    for (DemoScore.Incident i : r.all()) {
      assertThat(i.startMs()).isGreaterThanOrEqualTo(liveFrom());
      Predicate<Sample> series =
          s ->
              s.monitor().equals(i.monitor())
                  && (i.metric().equals("*") || s.metric().equals(i.metric()));
      List<Sample> during =
          r.accepted().stream()
              .filter(series)
              .filter(s -> s.timestamp() >= i.startMs() && s.timestamp() <= i.endMs())
              .toList();
      long afterEnd = i.endMs() + DemoData.TICK_MS;
      List<Sample> after =
          r.accepted().stream().filter(series).filter(s -> s.timestamp() == afterEnd).toList();
      List<Sample> before =
          r.accepted().stream()
              .filter(series)
              .filter(s -> s.timestamp() == i.startMs() - DemoData.TICK_MS)
              .toList();
      switch (i.kind()) {
        case "OUTAGE" -> {
          assertThat(during).as("%s silent", i).isEmpty();
          assertThat(after).as("%s over", i).isNotEmpty();
        }
        case "DROPOUT" -> {
          assertThat(during).as("%s at zero", i).isNotEmpty().allMatch(s -> s.value() == 0);
          assertThat(after).as("%s over", i).isNotEmpty().allMatch(s -> s.value() > 0);
          assertThat(before).as("%s not yet", i).isNotEmpty().allMatch(s -> s.value() > 0);
        }
        case "SPIKE", "LEVEL_SHIFT", "MULTI_METRIC" -> {
          // the demo's incidents are far above the metric's daily range, which the series
          // around them stay in
          assertThat(during).as("%s", i).isNotEmpty();
          for (String metric : during.stream().map(Sample::metric).distinct().toList()) {
            double lowestDuring =
                during.stream()
                    .filter(s -> s.metric().equals(metric))
                    .mapToDouble(Sample::value)
                    .min()
                    .orElseThrow();
            double highestAround =
                Stream.concat(before.stream(), after.stream())
                    .filter(s -> s.metric().equals(metric))
                    .mapToDouble(Sample::value)
                    .max()
                    .orElseThrow();
            assertThat(lowestDuring)
                .as("%s: %s above the samples around it", i, metric)
                .isGreaterThan(highestAround);
          }
        }
        default -> throw new AssertionError("unexpected incident " + i);
      }
    }
    assertThat(r.all().stream().map(DemoScore.Incident::kind).distinct())
        .containsExactlyInAnyOrder("OUTAGE", "DROPOUT", "SPIKE", "LEVEL_SHIFT", "MULTI_METRIC");
  }

  @Test
  void theMisconfiguredExporterIsStampedInSecondsInItsBadMinuteOnly() {
    Run r = run();
    assertThat(r.rejected()).isNotEmpty();
    for (Sample s : r.rejected()) {
      int live = (int) ((s.timestamp() * 1000 - liveFrom()) / DemoData.TICK_MS);
      assertThat(DemoData.misconfiguredAt(live)).as("%s", s).isTrue();
      assertThat(s.monitor()).isEqualTo("legacy-exporter");
    }
    // its samples are missing from what is delivered exactly while they are rejected
    List<Sample> delivered =
        r.accepted().stream()
            .filter(s -> s.monitor().equals("legacy-exporter"))
            .filter(s -> s.metric().equals(r.rejected().get(0).metric()))
            .filter(s -> s.timestamp() >= liveFrom())
            .toList();
    assertThat(delivered.size() + r.rejected().size()).isEqualTo(LIVE);
  }
}
