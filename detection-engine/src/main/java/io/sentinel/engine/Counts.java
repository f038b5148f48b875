package io.sentinel.engine;

/**
 * Anscombe's variance-stabilising transform for count data: 2 sqrt(x + 3/8) is close to unit
 * variance for Poisson counts of any mean, so a count series is scored on a scale where its noise
 * does not grow with its level. Shifted so that 0 maps to 0 and extended oddly to negative values,
 * so it is continuous and increasing on the whole line.
 */
final class Counts {
  private static final double ROOT = Math.sqrt(0.375);

  private Counts() {}

  static double forward(double x) {
    return x >= 0 ? 2 * (Math.sqrt(x + 0.375) - ROOT) : -forward(-x);
  }

  static double inverse(double y) {
    if (y < 0) {
      return -inverse(-y);
    }
    double r = y / 2 + ROOT;
    return r * r - 0.375;
  }
}
