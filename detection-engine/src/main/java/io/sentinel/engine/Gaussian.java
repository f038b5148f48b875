package io.sentinel.engine;

/** Gaussian tail probabilities, accurate to about 1e-14 (no dependency on a maths library). */
public final class Gaussian {
  private static final double SQRT_PI = Math.sqrt(Math.PI);

  private Gaussian() {}

  /** Complementary error function. */
  public static double erfc(double x) {
    if (x < 0) {
      return 2 - erfc(-x);
    }
    if (x < 2.5) {
      return 1 - erfSeries(x);
    }
    return erfcContinuedFraction(x);
  }

  /** Q-function: probability that a standard normal variable exceeds z. */
  public static double tail(double z) {
    return 0.5 * erfc(z / Math.sqrt(2));
  }

  private static double erfSeries(double x) {
    // erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n 2^n x^(2n+1) / (1*3*...*(2n+1)); all terms positive
    double term = x;
    double sum = x;
    double x2 = x * x;
    for (int n = 1; n < 200; n++) {
      term *= 2 * x2 / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum) {
        break;
      }
    }
    return 2 / SQRT_PI * StrictMath.exp(-x2) * sum;
  }

  private static double erfcContinuedFraction(double x) {
    // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))),
    // evaluated with the modified Lentz method
    double tiny = 1e-300;
    double f = x;
    double c = x;
    double d = 0;
    for (int n = 1; n < 500; n++) {
      double a = n / 2.0;
      d = x + a * d;
      d = d == 0 ? tiny : d;
      c = x + a / c;
      c = c == 0 ? tiny : c;
      d = 1 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return StrictMath.exp(-x * x) / SQRT_PI / f;
  }
}
