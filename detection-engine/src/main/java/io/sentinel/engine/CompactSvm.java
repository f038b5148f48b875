package io.sentinel.engine;

/**
 * The parameters of a trained one-class SVM that scoring needs, and nothing else: support vectors
 * in standardised feature space, their coefficients, rho, the RBF gamma and the scaler that
 * standardises raw feature rows. Small enough to live in a series' state; evaluating it directly is
 * much faster than Tribuo's per-Example prediction.
 *
 * <p>Decision function (LibSVM, one-class): f(x) = sum_i alpha_i exp(-gamma |x - sv_i|^2) - rho,
 * negative outside the learned support. {@link #depth} returns log(rho / sum_i alpha_i K(x, sv_i))
 * computed in log space, so it stays finite and keeps growing far from the support (where the
 * kernel sum underflows).
 */
final class CompactSvm {
  final int dims;
  final int count;

  /** Support vectors, row-major, standardised. */
  final double[] supportVectors;

  final double[] coefficients;
  final double rho;
  final double gamma;
  final double[] scalerMean;
  final double[] scalerScale;

  /** A high quantile of the depth of the training rows: how deep normal rows go. */
  double edge;

  private final double[] logCoefficients;
  private final double logRho;

  /** Scratch for {@link #depth}; a model belongs to one series, which is updated by one thread. */
  private final double[] terms;

  CompactSvm(
      int dims,
      double[] supportVectors,
      double[] coefficients,
      double rho,
      double gamma,
      double[] scalerMean,
      double[] scalerScale) {
    this.dims = dims;
    this.count = coefficients.length;
    this.supportVectors = supportVectors;
    this.coefficients = coefficients;
    this.rho = rho;
    this.gamma = gamma;
    this.scalerMean = scalerMean;
    this.scalerScale = scalerScale;
    this.logCoefficients = new double[count];
    for (int i = 0; i < count; i++) {
      logCoefficients[i] =
          coefficients[i] > 0 ? StrictMath.log(coefficients[i]) : Double.NEGATIVE_INFINITY;
    }
    this.logRho = StrictMath.log(Math.max(rho, 1e-12));
    this.terms = new double[count];
  }

  /** Standardises a raw feature row into {@code out}. */
  void standardise(double[] raw, double[] out) {
    for (int j = 0; j < dims; j++) {
      out[j] = (raw[j] - scalerMean[j]) / scalerScale[j];
    }
  }

  /**
   * log(rho / sum alpha K): at most 0 inside the support, positive and growing with the squared
   * distance outside it.
   */
  double depth(double[] standardised) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < count; i++) {
      double d2 = 0;
      int base = i * dims;
      for (int j = 0; j < dims; j++) {
        double diff = standardised[j] - supportVectors[base + j];
        d2 += diff * diff;
      }
      double t = logCoefficients[i] - gamma * d2;
      terms[i] = t;
      if (t > max) {
        max = t;
      }
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return Double.MAX_VALUE;
    }
    double sum = 0;
    for (int i = 0; i < count; i++) {
      sum += StrictMath.exp(terms[i] - max);
    }
    double logKernelSum = max + StrictMath.log(sum);
    return logRho - logKernelSum;
  }
}
