package io.sentinel.engine;

/**
 * The engineered features the one-class SVM sees, in the order of a feature row. The names are
 * shared by training (Tribuo feature names) and scoring (the compact model's columns).
 */
enum Feature {
  /** Deviation of the value from the mean of the long window, in its standard deviations. */
  LEVEL("level"),
  /**
   * Residual of the value against the fast exponentially weighted baseline, in typical residuals;
   * for a series whose previous season predicts it better, against the baseline plus the seasonal
   * offset observed one season earlier.
   */
  RESIDUAL("residual"),
  /**
   * One-step change of the value, in typical one-step changes; for a series whose previous season
   * predicts it better, the change minus the change one season earlier.
   */
  CHANGE("change"),
  /** Deviation of the short-window mean from the long-window mean, in its standard deviations. */
  SHIFT("shift"),
  /** Log ratio of the short-term to the long-term typical one-step change. */
  VOLATILITY("volatility");

  static final Feature[] ALL = values();
  static final int COUNT = ALL.length;

  final String tribuoName;

  Feature(String tribuoName) {
    this.tribuoName = tribuoName;
  }
}
