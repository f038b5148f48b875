package io.sentinel.detector.topology;

import java.util.Random;

/** A seeded, realistic-looking metric: a periodic pattern plus Gaussian noise. */
final class SyntheticSeries {
  private final Random random;

  SyntheticSeries(long seed) {
    this.random = new Random(seed);
  }

  double value(int i) {
    return 50 + 10 * Math.sin(2 * Math.PI * i / 60.0) + random.nextGaussian();
  }
}
