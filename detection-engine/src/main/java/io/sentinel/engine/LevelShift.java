package io.sentinel.engine;

/**
 * The level-shift path: a two-sided CUSUM on the residuals of an AR(1) model of the series. The
 * residual e = (x - m) - phi (x' - m), with m a slow level, x' the previous value and phi the lag-1
 * autocorrelation around m, is what the previous value does not predict, so slow wanders and runs
 * of an autocorrelated series do not accumulate as a shift does; e is scaled by its own typical
 * size and winsorised at {@value #WINSOR}, then S+ = max(0, S+ + y - {@value #DRIFT}) and S-
 * likewise. The statistics learn from every sample (winsorised, so one spike does not inflate
 * them); S+ and S- restart after every alert.
 */
final class LevelShift {
  /** Drift, in scaled residuals, subtracted every sample: only runs beyond it accumulate. */
  static final double DRIFT = 1.0;

  /** Scaled residuals are capped at this many typical residuals. */
  static final double WINSOR = 4;

  /** Smoothing factor of the level, the AR(1) statistics and the residual scale. */
  private static final double ALPHA = 0.005;

  /** Samples seen before the statistic accumulates. */
  private static final int MIN_SAMPLES = 32;

  /** Mean absolute deviation to standard deviation, for Gaussian residuals. */
  private static final double MAD_TO_SD = 1.25;

  /**
   * The residual scale in force is at least this fraction of the typical one-step change: on a
   * noise-free series (a square wave, a flat line with rare steps) the residual scale falls to
   * almost 0 between steps, and the slow level catching up after a step would read as a shift.
   */
  private static final double FLOOR = 0.5;

  private LevelShift() {}

  /**
   * Adds the sample to the CUSUM (its residual judged against the statistics before it), learns it,
   * and returns the larger of S+ and S-.
   */
  static double step(SeriesState s, double x) {
    long seen = s.shiftSeen++;
    if (seen == 0) {
      s.shiftLevel = x;
      s.shiftPrevious = x;
      return 0;
    }
    double a = Math.max(ALPHA, 1.0 / (seen + 1));
    double phi = s.shiftVar > 0 ? Math.max(0, Math.min(0.99, s.shiftCov / s.shiftVar)) : 0;
    double d = x - s.shiftLevel;
    double dPrevious = s.shiftPrevious - s.shiftLevel;
    double e = d - phi * dPrevious;
    double stat = 0;
    double scale = Math.max(s.shiftScale, FLOOR * Math.sqrt(s.changeVar));
    if (scale > 0 && seen >= MIN_SAMPLES) {
      double y = Math.max(-WINSOR, Math.min(WINSOR, e / (MAD_TO_SD * scale)));
      s.shiftUp = Math.max(0, s.shiftUp + y - DRIFT);
      s.shiftDown = Math.max(0, s.shiftDown - y - DRIFT);
      stat = Math.max(s.shiftUp, s.shiftDown);
    }
    double cap = s.shiftScale > 0 ? WINSOR * MAD_TO_SD * s.shiftScale : Double.POSITIVE_INFINITY;
    double ew = Math.max(-cap, Math.min(cap, e));
    s.shiftScale = s.shiftScale == 0 ? Math.abs(ew) : (1 - a) * s.shiftScale + a * Math.abs(ew);
    double dw = Math.max(-cap * 4, Math.min(cap * 4, d));
    s.shiftVar = (1 - a) * s.shiftVar + a * dw * dw;
    s.shiftCov = (1 - a) * s.shiftCov + a * dw * Math.max(-cap * 4, Math.min(cap * 4, dPrevious));
    s.shiftLevel += a * dw;
    s.shiftPrevious = x;
    return stat;
  }

  /** Restarts the accumulation (after an alert). */
  static void reset(SeriesState s) {
    s.shiftUp = 0;
    s.shiftDown = 0;
  }
}
