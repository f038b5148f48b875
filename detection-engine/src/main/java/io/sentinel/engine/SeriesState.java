package io.sentinel.engine;

/**
 * Everything the engine remembers about one series: a ring buffer of recent values with running
 * sums, exponentially weighted baselines, a ring buffer of recent normal feature rows (the SVM's
 * training set), the compact trained model, recent raw scores with the running statistics of their
 * moving average, and counters.
 *
 * <p>Mutable and not thread-safe: one series is updated by one thread at a time. Create it with
 * {@link DetectionEngine#newSeries()}, persist it with {@link DetectionEngine#toBytes}.
 */
public final class SeriesState {
  long count;
  long lastTimestamp;

  /** Usual time between two samples in milliseconds (robust decayed estimate), 0 while unknown. */
  double interval;

  /** Recent values, whose mean and deviation are the long-term level. */
  final RollingWindow history;

  double previous;
  double baseline;
  double residualVar;
  double changeVar;
  double shortChangeVar;

  final float[] seasonValues;
  final float[] seasonBaselines;
  final int[] seasonSeconds;
  int seasonHead;
  int seasonCount;
  long secondsBase;
  double seasonalResidualVar;
  double seasonalChangeVar;
  long seasonalSeen;

  final float[] rows;
  int rowHead;
  int rowCount;
  int sinceTraining;
  CompactSvm model;

  final double[] recentRaw;
  int recentHead;
  int recentCount;

  /** Recent smoothed raw scores, against whose distribution the likelihood stage scores. */
  final RollingWindow smoothed;

  int suppressLeft;

  /** Gross-departure score of the alert that opened the current suppression period (0 if none). */
  double suppressScore;

  /**
   * Range of the values seen so far (empty while infinite), slowly contracting towards the current
   * level so that an old excursion does not widen it for ever.
   */
  double rangeLow = Double.POSITIVE_INFINITY;

  double rangeHigh = Double.NEGATIVE_INFINITY;

  /** Decayed peak of the residuals (in typical residuals, capped at the gross cut) seen so far. */
  double residualPeak;

  /** Decayed count of recent alerts of the SVM path (raises that path's bar on noisy series). */
  double pressure;

  /** The level-shift path ({@link LevelShift}): samples seen, slow level, previous value. */
  long shiftSeen;

  double shiftLevel;
  double shiftPrevious;

  /** Variance and lag-1 covariance around the slow level, and the typical AR(1) residual. */
  double shiftVar;

  double shiftCov;
  double shiftScale;

  /** The two one-sided CUSUM statistics. */
  double shiftUp;

  double shiftDown;

  /** Smallest step between two successive distinct values (the series' resolution). */
  double resolution = Double.POSITIVE_INFINITY;

  SeriesState(EngineSettings settings) {
    history = new RollingWindow(settings.historySize());
    seasonValues = new float[settings.seasonBuffer()];
    seasonBaselines = new float[settings.seasonBuffer()];
    seasonSeconds = new int[settings.seasonBuffer()];
    rows = new float[settings.trainingSize() * Feature.COUNT];
    recentRaw = new double[settings.smoothingWindow()];
    smoothed = new RollingWindow(settings.likelihoodWindow());
  }

  /** Samples seen so far. */
  public long samplesSeen() {
    return count;
  }

  /** Whether a model has been trained. */
  public boolean trained() {
    return model != null;
  }

  /** Number of support vectors of the current model, 0 before the first training. */
  public int supportVectors() {
    return model == null ? 0 : model.count;
  }
}
