package io.sentinel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExplanationsTest {

  /**
   * A series sampled every minute, {@code samples} of them from {@link SyntheticSeries#time}(0).
   */
  private static SeriesState sampledEveryMinute(DetectionEngine engine, int samples) {
    SeriesState state = engine.newSeries();
    double[] values = SyntheticSeries.sinusoidWithNoise(samples, 3);
    for (int i = 0; i < samples; i++) {
      engine.update(state, SyntheticSeries.time(i), values[i]);
    }
    return state;
  }

  /** An alert whose dominant feature is the one-step change, for a sample at time {@code t}. */
  private static String changeAlert(DetectionEngine engine, SeriesState state, long t) {
    double[] standardised = new double[Feature.COUNT];
    standardised[Feature.CHANGE.ordinal()] = 9;
    double[] z = new double[Feature.COUNT];
    z[Feature.CHANGE.ordinal()] = -4.2;
    return new Explanations(engine.settings())
        .explain(
            state,
            t,
            state.previous - 30,
            z,
            new double[Feature.COUNT],
            standardised,
            state.previous,
            state.previous - 5,
            state.previous + 5);
  }

  @Test
  void aChangeAfterAGapIsNotCalledAChangeInOneStep() {
    DetectionEngine engine = new DetectionEngine(EngineSettings.builder().build());
    SeriesState state = sampledEveryMinute(engine, 500);
    // the next sample on time: one step
    assertThat(changeAlert(engine, state, SyntheticSeries.time(500)))
        .contains("fell by 30.00 in one step, 4.2 times the typical change");
    // the next sample 10 minutes late: the change spans the gap, and was judged over it
    assertThat(changeAlert(engine, state, SyntheticSeries.time(509)))
        .contains("fell by 30.00 since the previous sample, 10 usual sampling intervals earlier")
        .contains("4.2 times the typical change over that span")
        .doesNotContain("in one step");
  }

  @Test
  void withGapsNotTreatedEveryChangeIsOneStep() {
    DetectionEngine engine = new DetectionEngine(EngineSettings.builder().gapIntervals(0).build());
    SeriesState state = sampledEveryMinute(engine, 500);
    assertThat(changeAlert(engine, state, SyntheticSeries.time(509)))
        .contains("in one step, 4.2 times the typical change");
  }
}
