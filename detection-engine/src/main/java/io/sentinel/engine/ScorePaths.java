package io.sentinel.engine;

/**
 * The paths whose largest score is a sample's score: the SVM path's smoothing and likelihood
 * stages, the gross-departure path, the range path (with the range it learns) and the level-shift
 * path.
 */
final class ScorePaths {
  /** Smallest deviation of the smoothed raw score used by the likelihood stage. */
  private static final double LIKELIHOOD_FLOOR = 0.02;

  private final EngineSettings settings;

  ScorePaths(EngineSettings settings) {
    this.settings = settings;
  }

  /**
   * The mean of the last {@link EngineSettings#smoothingWindow()} raw scores, this one included.
   */
  static double smooth(SeriesState s, double raw) {
    int w = s.recentRaw.length;
    s.recentRaw[s.recentHead] = raw;
    s.recentHead = (s.recentHead + 1) % w;
    if (s.recentCount < w) {
      s.recentCount++;
    }
    double sum = 0;
    for (int i = 0; i < s.recentCount; i++) {
      sum += s.recentRaw[i];
    }
    return Math.min(1, Math.max(0, sum / s.recentCount));
  }

  /**
   * How unusual the smoothed raw score is against the distribution of its own past values: the
   * upper Gaussian tail probability p, reported as u/(u+5) with u = -log10(p): 0.5 is a
   * one-in-100,000 departure, and the score keeps rising (without reaching 1) for rarer ones, so a
   * single threshold can rank departures across series. A series that makes {@code
   * samplesPerRarity} samples in the time the rarity was chosen for has p multiplied by that
   * ({@link EngineSettings#rarityInterval()}), then u is divided by 1 + {@code pressure}.
   */
  static double likelihoodScore(
      SeriesState s, double smoothed, double samplesPerRarity, double pressure) {
    RollingWindow past = s.smoothed;
    int n = past.length;
    double mean = past.sum / n;
    double var = Math.max(0, past.sumSq / n - mean * mean);
    double sd = Math.sqrt(var + LIKELIHOOD_FLOOR * LIKELIHOOD_FLOOR);
    double tail = Gaussian.tail((smoothed - mean) / sd);
    double u = -StrictMath.log10(Math.max(tail, Double.MIN_NORMAL));
    if (samplesPerRarity > 1) {
      // k samples in the time the rarity was chosen for: k chances to reach it
      u = Math.max(0, u - StrictMath.log10(samplesPerRarity));
    }
    u /= 1 + pressure;
    return u / (u + 5);
  }

  /**
   * How many samples this series makes in {@link EngineSettings#rarityInterval()}: whole samples of
   * its usual interval, at least 1 (1 while the interval is not known yet, or with the setting at
   * 0).
   */
  double samplesPerRarity(SeriesState s) {
    return samplesPer(settings.rarityInterval(), s);
  }

  /**
   * Samples between two training rows of the series' {@code n}-th sample: {@link
   * EngineSettings#rowStride()} times f, f = min(k, n / (trainingSize x rowStride)) and at least 1,
   * k the samples the series makes in {@link EngineSettings#trainingInterval()}: a fast series'
   * training set spans its whole life until it spans the time it spans at that interval.
   */
  long rowStride(SeriesState s, long n) {
    long stride = settings.rowStride();
    long k = (long) samplesPer(settings.trainingInterval(), s);
    if (k <= 1) {
      return stride;
    }
    long f = Math.min(k, n / ((long) settings.trainingSize() * stride));
    return stride * Math.max(1, f);
  }

  /**
   * The factor the series' alert pressure decays by this sample: {@code perSample} (the decay of
   * {@link EngineSettings#pressureHalfLife()} samples) to the power 1/k, k the samples the series
   * makes in {@link EngineSettings#pressureInterval()}, so the half-life is the same in time.
   */
  double pressureDecay(SeriesState s, double perSample) {
    double k = samplesPer(settings.pressureInterval(), s);
    return k <= 1 ? perSample : StrictMath.pow(perSample, 1 / k);
  }

  /**
   * Whether the series' short window spans too little time for its calm alone to raise an SVM
   * alert: it makes more than one sample in {@link EngineSettings#calmInterval()} (false while the
   * interval is not known yet, or with the setting at 0).
   */
  boolean briefCalm(SeriesState s) {
    return samplesPer(settings.calmInterval(), s) > 1;
  }

  /** Whole samples of the series' usual interval in {@code seconds}, at least 1. */
  private static double samplesPer(double seconds, SeriesState s) {
    double per = seconds * 1000;
    return per > 0 && s.interval > 0 ? Math.max(1, Math.floor(per / s.interval)) : 1;
  }

  /**
   * The instantaneous path: a sample whose residual (distance from its expected value, seasonal
   * when that predicts better) is at least {@link EngineSettings#extremeCut()} typical residuals
   * scores at least the alert threshold on that very sample, without waiting for the smoothing and
   * likelihood stages (which dilute a one-sample spike over the smoothing window), and approaches 1
   * as the departure grows: 1 - (1 - alert) (cut / e)^2 with e the residual in typical residuals,
   * so 1.14 times the cut is already critical with the default thresholds. While the series is
   * younger than {@link EngineSettings#grossMaturity()} samples the cut is raised in proportion.
   */
  double grossScore(SeriesState s, double residual) {
    double e = Math.abs(residual);
    double cut = Math.max(settings.extremeCut(), settings.extremePeakFactor() * s.residualPeak);
    // a young series' typical residual and peak are not known yet: raise the cut until it matures
    cut *= Math.max(1.0, settings.grossMaturity() / (double) Math.max(1, s.count));
    return departureScore(e, cut);
  }

  /** At least the alert threshold from the cut on, rising towards 1 as (cut / e)^2 falls. */
  private double departureScore(double e, double cut) {
    if (!(e >= cut) || !(cut > 0)) {
      return 0;
    }
    double r = cut / e;
    return 1 - (1 - settings.alertThreshold()) * r * r;
  }

  /**
   * The range path: a value beyond the range of the values seen so far by more than {@link
   * EngineSettings#rangeTolerance()} of that range (more while the series is younger than {@link
   * EngineSettings#rangeMaturity()} samples, or than that many {@link
   * EngineSettings#rangeMaturityInterval()} in time) plus {@link EngineSettings#rangeQuantum()}
   * times the series' resolution scores the alert threshold there, rising towards 1 with the
   * distance, as {@link #departureScore}.
   */
  double rangeScore(SeriesState s, long timestampMs, double x) {
    double width = s.rangeHigh - s.rangeLow;
    if (!(width > 0)) {
      return 0;
    }
    double beyond = Math.max(x - s.rangeHigh, s.rangeLow - x);
    // a young range is narrower than the series' true one: widen the tolerance until it matures,
    // in samples and, on a series sampled faster than the maturity was chosen at, in time
    double youth = Math.max(1.0, settings.rangeMaturity() / (double) Math.max(1, s.count));
    if (settings.rangeMaturityInterval() > 0) {
      // young in time widens no more than a series is widened in samples when its scoring starts
      double age = Math.max(1, timestampMs / 1000 - s.secondsBase);
      double inTime = settings.rangeMaturity() * settings.rangeMaturityInterval() / age;
      double widest = settings.rangeMaturity() / (double) settings.samplesBeforeScoring();
      youth = Math.max(youth, Math.min(inTime, widest));
    }
    double margin = settings.rangeTolerance() * youth * width;
    if (settings.rangeQuantum() > 0 && s.resolution < Double.POSITIVE_INFINITY) {
      margin += settings.rangeQuantum() * s.resolution;
    }
    return departureScore(beyond, margin);
  }

  /**
   * The level-shift path: the sample joins the series' {@link LevelShift} CUSUM, which scores the
   * alert threshold at {@link EngineSettings#shiftCut()}, rising towards 1 as {@link
   * #departureScore}; the cut is raised while the series is young, as the gross cut is.
   */
  double shiftScore(SeriesState s, double x) {
    double stat = LevelShift.step(s, x);
    double cut = settings.shiftCut();
    cut *= Math.max(1.0, settings.grossMaturity() / (double) Math.max(1, s.count));
    return departureScore(stat, cut);
  }

  /**
   * Learns the series' resolution from the step since the previous value, widens the range to the
   * value, then contracts it slightly towards the current level.
   */
  void learnRange(SeriesState s, double x) {
    if (s.count > 0) {
      s.resolution = Math.min(s.resolution, step(s.previous, x));
    }
    s.rangeLow = Math.min(s.rangeLow, x);
    s.rangeHigh = Math.max(s.rangeHigh, x);
    if (s.history.length > 0) {
      double level = s.history.sum / s.history.length;
      double keep = 1 - settings.rangeDecay() * decayShare(s);
      if (s.rangeHigh > level) {
        s.rangeHigh = Math.max(x, level + (s.rangeHigh - level) * keep);
      }
      if (s.rangeLow < level) {
        s.rangeLow = Math.min(x, level - (level - s.rangeLow) * keep);
      }
    }
  }

  /**
   * The share of {@link EngineSettings#rangeDecay()} a sample of this series contracts the range
   * by: its usual interval over {@link EngineSettings#rangeDecayInterval()}, at most 1 (1 while the
   * interval is not known yet, or with the setting at 0).
   */
  private double decayShare(SeriesState s) {
    double per = settings.rangeDecayInterval() * 1000;
    return per > 0 && s.interval > 0 ? Math.min(1, s.interval / per) : 1;
  }

  /**
   * The step between two successive values, or infinity when they are equal (to within rounding):
   * the smallest such step seen is the series' resolution.
   */
  private static double step(double previous, double x) {
    double step = Math.abs(x - previous);
    return step > 1e-9 * Math.max(Math.abs(x), Math.abs(previous))
        ? step
        : Double.POSITIVE_INFINITY;
  }

  /** The resolution of the values in a window (oldest first), for states written without it. */
  static double resolution(RollingWindow w) {
    int size = w.values.length;
    int oldest = w.length < size ? 0 : w.head;
    double r = Double.POSITIVE_INFINITY;
    for (int i = 1; i < w.length; i++) {
      r = Math.min(r, step(w.values[(oldest + i - 1) % size], w.values[(oldest + i) % size]));
    }
    return r;
  }
}
