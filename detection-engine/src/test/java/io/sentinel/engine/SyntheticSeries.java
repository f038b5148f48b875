package io.sentinel.engine;

import java.util.Random;

/** Seeded synthetic series for tests: a daily-like sinusoid plus Gaussian noise. */
final class SyntheticSeries {
  static final long START = 1_700_000_000_000L;
  static final long STEP_MS = 60_000L;

  private SyntheticSeries() {}

  static double[] sinusoidWithNoise(int n, long seed) {
    Random random = new Random(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = 50 + 10 * Math.sin(2 * Math.PI * i / 288.0) + random.nextGaussian();
    }
    return values;
  }

  static long time(int i) {
    return START + i * STEP_MS;
  }
}
