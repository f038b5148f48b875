package io.sentinel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LevelShiftTest {
  private static final double CUT = EngineSettings.defaults().shiftCut();

  private static SeriesState state() {
    return new SeriesState(EngineSettings.defaults());
  }

  @Test
  void aSustainedShiftOfThreeDeviationsReachesTheCutWithinThirtySamples() {
    Random random = new Random(3);
    SeriesState s = state();
    double peak = 0;
    for (int i = 0; i < 5_000; i++) {
      peak = Math.max(peak, LevelShift.step(s, 100 + random.nextGaussian()));
      s.changeVar = 2; // what the engine learns for unit noise: the change has twice its variance
      s.count++;
    }
    assertThat(peak).as("white noise alone").isLessThan(CUT);
    int reached = -1;
    for (int i = 0; i < 30 && reached < 0; i++) {
      if (LevelShift.step(s, 103 + random.nextGaussian()) >= CUT) {
        reached = i;
      }
    }
    assertThat(reached).as("samples after the shift").isBetween(0, 29);
  }

  @Test
  void anAutocorrelatedSeriesDoesNotAccumulateLikeAShift() {
    // AR(1) with phi 0.95: slow wanders of about 3 innovations around the level
    Random random = new Random(4);
    SeriesState s = state();
    double x = 0;
    double peak = 0;
    for (int i = 0; i < 20_000; i++) {
      x = 0.95 * x + random.nextGaussian();
      s.changeVar = 1.1;
      peak = Math.max(peak, LevelShift.step(s, 50 + x));
      s.count++;
    }
    assertThat(peak).isLessThan(CUT);
  }
}
