package io.sentinel.engine.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sentinel.engine.Gaussian;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowedGaussianDetectorTest {
  private final WindowedGaussianDetector detector = new WindowedGaussianDetector();

  @Test
  void firstValueScoresZeroAndAFarValueScoresNearOne() {
    WindowedGaussianDetector.State state = detector.newSeries();
    Random random = new Random(1);
    assertThat(detector.update(state, 0, 10)).isZero();
    double maxNormal = 0;
    for (int i = 1; i < 500; i++) {
      double s = detector.update(state, i, 10 + random.nextGaussian());
      if (i > 100) {
        maxNormal = Math.max(maxNormal, s);
      }
    }
    assertThat(detector.update(state, 500, 30)).isGreaterThan(0.999999);
    assertThat(maxNormal).isLessThan(0.9999);
  }

  @Test
  void scoreIsOneMinusTwoSidedTailUnderWindowStatistics() {
    WindowedGaussianDetector.State state = detector.newSeries();
    detector.update(state, 0, 0);
    detector.update(state, 1, 2); // window {0, 2}: mean 1, population sd 1
    assertThat(detector.update(state, 2, 3)).isCloseTo(1 - Gaussian.tail(2), within(1e-15));
  }

  @Test
  void gaussianTailMatchesKnownValues() {
    assertThat(Gaussian.tail(0)).isCloseTo(0.5, within(1e-15));
    assertThat(Gaussian.tail(1)).isCloseTo(0.15865525393145707, within(1e-14));
    assertThat(Gaussian.tail(3)).isCloseTo(0.0013498980316301035, within(1e-15));
    assertThat(Gaussian.tail(5)).isCloseTo(2.866515718791939e-7, within(1e-19));
    assertThat(Gaussian.erfc(-1)).isCloseTo(1.8427007929497148, within(1e-14));
    assertThat(Gaussian.erfc(3)).isCloseTo(2.209049699858544e-5, within(1e-18));
  }
}
