package io.sentinel.engine;

/**
 * The series statistics behind the {@link Feature features}: computes a sample's feature row from
 * the history before it, and learns the sample into the windows, the exponentially weighted
 * baselines and the seasonal buffer afterwards.
 */
final class FeatureExtractor {
  /** Seasonal comparisons seen before the seasonal variants of residual and change may be used. */
  private static final int MIN_SEASONAL = 50;

  /**
   * Relative step by which the usual sampling interval moves towards each new time step: a
   * streaming median (it moves up after a longer step, down after a shorter one, by the same
   * share), so a gap moves it by 2 % at most and it follows a lasting change of rate within a few
   * dozen samples.
   */
  private static final double INTERVAL_STEP = 0.02;

  private final EngineSettings settings;
  private final double shortAlpha;

  FeatureExtractor(EngineSettings settings) {
    this.settings = settings;
    this.shortAlpha = 2.0 / (settings.shortWindow() + 1.0);
  }

  /**
   * Fills {@code z} (the features in standard units) and {@code row} (log-compressed, what the SVM
   * sees) for value {@code x} at the given time, and {@code expected} (value and typical residual
   * around it) with the seasonal prediction when that predicts better.
   */
  void features(
      SeriesState s, long timestampMs, double x, double[] z, double[] row, double[] expected) {
    RollingWindow h = s.history;
    int len = h.length;
    double mean = h.sum / len;
    double floor = floor(mean);
    double sd = deviation(h, mean);

    z[Feature.LEVEL.ordinal()] = (x - mean) / sd;
    double change = x - s.previous;
    double residual = x - s.baseline;
    double residualVar = s.residualVar;
    double changeDev = change;
    double changeVar = s.changeVar;
    int p = seasonIndex(s, timestampMs);
    if (p >= 0 && s.seasonalSeen >= MIN_SEASONAL) {
      int size0 = s.seasonValues.length;
      int before = (p - 1 + size0) % size0;
      if (s.seasonalResidualVar < residualVar) {
        double offset = s.seasonValues[p] - s.seasonBaselines[p];
        residual = x - s.baseline - offset;
        residualVar = s.seasonalResidualVar;
        expected[0] = s.baseline + offset;
      }
      if (s.seasonalChangeVar < changeVar) {
        changeDev = change - (s.seasonValues[p] - s.seasonValues[before]);
        changeVar = s.seasonalChangeVar;
      }
    }
    // a residual or change is measured in typical ones no smaller than a few steps of the series'
    // resolution: a noise-free or quantised series would otherwise read a rounding difference or
    // one step as a departure of many typical residuals
    double grain = floor;
    if (settings.residualQuantum() > 0 && s.resolution < Double.POSITIVE_INFINITY) {
      grain = Math.max(floor, settings.residualQuantum() * s.resolution);
    }
    double typical = Math.sqrt(residualVar + grain * grain);
    z[Feature.RESIDUAL.ordinal()] = residual / typical;
    // what the gross path judges: the residual, or a gross one's seasonal echo if that is smaller
    expected[2] = z[Feature.RESIDUAL.ordinal()];
    if (Math.abs(expected[2]) >= settings.extremeCut() && settings.seasonEchoWindow() > 0) {
      expected[2] =
          Math.min(Math.abs(expected[2]), seasonEcho(s, timestampMs, x, typical) / typical);
    }
    // the band is drawn in the same typical residuals, so a value inside it reads as inside
    expected[1] = Math.sqrt(residualVar + grain * grain);
    // after a gap the change spans k usual steps: judged against the typical change over k steps
    double steps = gapSteps(s, timestampMs);
    z[Feature.CHANGE.ordinal()] = changeDev / Math.sqrt(changeVar * steps + grain * grain);

    int k = Math.min(settings.shortWindow() - 1, len);
    double shortSum = x;
    for (int i = 1; i <= k; i++) {
      shortSum += h.back(i);
    }
    z[Feature.SHIFT.ordinal()] = (shortSum / (k + 1) - mean) / sd;

    double shortChange = (1 - shortAlpha) * s.shortChangeVar + shortAlpha * change * change / steps;
    // a change smaller than the series' resolution cannot be seen: floor the volatility there, so
    // a series sitting on its floor reads as equally quiet however long it has sat there
    double still = floor;
    if (settings.volatilityQuantum() > 0 && s.resolution < Double.POSITIVE_INFINITY) {
      still = Math.max(floor, settings.volatilityQuantum() * s.resolution);
    }
    double ratio = (shortChange + still * still) / (s.changeVar + still * still);
    z[Feature.VOLATILITY.ordinal()] = Math.sqrt(ratio);

    for (Feature f : Feature.ALL) {
      int j = f.ordinal();
      row[j] = f == Feature.VOLATILITY ? 0.5 * StrictMath.log(ratio) : compress(z[j]);
    }
  }

  /**
   * Standard deviation of the long window around its {@code mean}, floored just above zero
   * (relative to the mean's size) so that a flat series divides by a tiny number, not by zero.
   */
  private static double deviation(RollingWindow h, double mean) {
    double var = Math.max(0, h.sumSq / h.length - mean * mean);
    double floor = floor(mean);
    return Math.sqrt(var + floor * floor);
  }

  /** The smallest deviation a series with this mean is measured in: just above zero. */
  private static double floor(double mean) {
    return 1e-9 * Math.max(1.0, Math.abs(mean)) + 1e-12;
  }

  /**
   * The shift feature's row entry (log-compressed standard units) recomputed with the most extreme
   * of the short window's earlier samples left out: what the shift would read if the one spike
   * among the last samples had not happened. The current sample is always kept.
   */
  static double shiftWithoutSpike(SeriesState s, double x, int shortWindow) {
    RollingWindow h = s.history;
    int len = h.length;
    double mean = h.sum / len;
    double sd = deviation(h, mean);
    int k = Math.min(shortWindow - 1, len);
    if (k == 0) {
      return compress((x - mean) / sd);
    }
    double sum = x;
    double worst = -1;
    double worstValue = 0;
    for (int i = 1; i <= k; i++) {
      double v = h.back(i);
      sum += v;
      if (Math.abs(v - mean) > worst) {
        worst = Math.abs(v - mean);
        worstValue = v;
      }
    }
    return compress(((sum - worstValue) / k - mean) / sd);
  }

  /**
   * The smallest seasonal residual of {@code x} against the departures stored within {@link
   * EngineSettings#seasonEchoWindow()} of one season before {@code timestampMs}: |x - baseline -
   * (value - baseline then)| over the samples whose own departure from their baseline then was at
   * least half {@link EngineSettings#extremeCut()} in today's typical residuals, or infinity when
   * there is none (no such departure at about this time a season ago, a young series, or one
   * sampled so fast that the buffer does not reach a season back).
   */
  private double seasonEcho(SeriesState s, long timestampMs, double x, double typical) {
    int count = s.seasonCount;
    int size = s.seasonSeconds.length;
    long target = timestampMs / 1000 - s.secondsBase - settings.seasonMs() / 1000;
    long window = (long) settings.seasonEchoWindow();
    int oldest = count < size ? 0 : s.seasonHead;
    double best = Double.POSITIVE_INFINITY;
    for (int c = firstAtOrAfter(s, target - window); c < count; c++) {
      int q = (oldest + c) % size;
      if (s.seasonSeconds[q] > target + window) {
        break;
      }
      double then = s.seasonValues[q] - s.seasonBaselines[q];
      // only a departure of at least half the cut then: an ordinary sample of the cycle is no echo
      if (Math.abs(then) >= 0.5 * settings.extremeCut() * typical) {
        best = Math.min(best, Math.abs(x - s.baseline - then));
      }
    }
    return best;
  }

  /**
   * Ring position of the stored sample one season before the given time (the closest, within 1/48
   * of a season, and not the oldest stored sample so that its predecessor is known too), or -1 if
   * the buffer does not reach that far back.
   */
  private int seasonIndex(SeriesState s, long timestampMs) {
    int count = s.seasonCount;
    if (count < 2) {
      return -1;
    }
    long seasonSeconds = settings.seasonMs() / 1000;
    long target = timestampMs / 1000 - s.secondsBase - seasonSeconds;
    long tolerance = Math.max(1, seasonSeconds / 48);
    int size = s.seasonSeconds.length;
    int oldest = count < size ? 0 : s.seasonHead;
    int lo = firstAtOrAfter(s, target);
    int best = -1;
    long bestGap = Long.MAX_VALUE;
    for (int c = lo - 1; c <= lo; c++) {
      if (c >= 1 && c < count) {
        long gap = Math.abs(s.seasonSeconds[(oldest + c) % size] - target);
        if (gap < bestGap) {
          bestGap = gap;
          best = c;
        }
      }
    }
    if (best < 0 || bestGap > tolerance) {
      return -1;
    }
    return (oldest + best) % size;
  }

  /**
   * Place (0 = oldest stored) of the first sample in the season buffer at or after {@code target}
   * (seconds since the series' base), or the count of stored samples if none is: a binary search
   * over the ring, oldest to newest.
   */
  private static int firstAtOrAfter(SeriesState s, long target) {
    int count = s.seasonCount;
    int size = s.seasonSeconds.length;
    int oldest = count < size ? 0 : s.seasonHead;
    int lo = 0;
    int hi = count;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (s.seasonSeconds[(oldest + mid) % size] < target) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * The usual sampling intervals since the previous sample when a sample at this time comes across
   * a gap (more than {@link EngineSettings#gapIntervals()} of them; gaps treated), else 1.
   */
  static double intervalsAcrossGap(SeriesState s, long timestampMs, EngineSettings settings) {
    if (settings.gapIntervals() <= 0 || s.interval <= 0) {
      return 1;
    }
    double k = (timestampMs - s.lastTimestamp) / s.interval;
    return k > settings.gapIntervals() ? k : 1;
  }

  /**
   * How many one-step changes the change into a sample at this time is worth: 1 unless gaps are
   * treated ({@link EngineSettings#gapIntervals()}) and the sample comes more than that many usual
   * intervals after the previous one; then k, the intervals elapsed, but no more than twice the
   * variance of the value window over the typical one-step change variance: a random walk's change
   * over k steps has k times the one-step variance, a stationary series' changes over long lags no
   * more than twice its variance.
   */
  private double gapSteps(SeriesState s, long timestampMs) {
    double k = intervalsAcrossGap(s, timestampMs, settings);
    if (k <= 1) {
      return 1;
    }
    RollingWindow h = s.history;
    double sd = deviation(h, h.sum / h.length);
    return Math.max(1, Math.min(k, 2 * sd * sd / s.changeVar));
  }

  /** Signed log compression: keeps order and sign, tames heavy tails before the RBF kernel. */
  private static double compress(double v) {
    return Math.copySign(StrictMath.log1p(Math.abs(v)), v);
  }

  /** Learns the sample: seasonal statistics and buffer, baselines, value window. */
  void learn(SeriesState s, long timestampMs, double x) {
    long n = s.count;
    // the gap factor is taken before anything is learnt, as in features()
    double steps = 1;
    if (n > 0) {
      steps = gapSteps(s, timestampMs);
      learnInterval(s, timestampMs - s.lastTimestamp);
    }
    int p = n > 0 ? seasonIndex(s, timestampMs) : -1;
    if (p >= 0) {
      int before = (p - 1 + s.seasonValues.length) % s.seasonValues.length;
      double a = Math.max(settings.slowAlpha(), 1.0 / (s.seasonalSeen + 1));
      double residual = x - s.baseline - (s.seasonValues[p] - s.seasonBaselines[p]);
      double change = x - s.previous - (s.seasonValues[p] - s.seasonValues[before]);
      s.seasonalResidualVar = (1 - a) * s.seasonalResidualVar + a * residual * residual;
      s.seasonalChangeVar = (1 - a) * s.seasonalChangeVar + a * change * change;
      s.seasonalSeen++;
    }
    if (n == 0) {
      s.secondsBase = timestampMs / 1000;
    }
    int seasonSize = s.seasonValues.length;
    s.seasonValues[s.seasonHead] = (float) x;
    s.seasonBaselines[s.seasonHead] = (float) s.baseline;
    s.seasonSeconds[s.seasonHead] = (int) (timestampMs / 1000 - s.secondsBase);
    s.seasonHead = (s.seasonHead + 1) % seasonSize;
    if (s.seasonCount < seasonSize) {
      s.seasonCount++;
    }
    if (n == 0) {
      s.baseline = x;
      s.previous = x;
    } else {
      double slow = Math.max(settings.slowAlpha(), 1.0 / (n + 1));
      double residual = x - s.baseline;
      double change = x - s.previous;
      // a change across a gap is learnt at its one-step equivalent
      double change2 = change * change / steps;
      s.residualVar = (1 - slow) * s.residualVar + slow * residual * residual;
      s.changeVar = (1 - slow) * s.changeVar + slow * change2;
      double shortA = Math.max(shortAlpha, 1.0 / (n + 1));
      s.shortChangeVar = (1 - shortA) * s.shortChangeVar + shortA * change2;
      s.baseline += settings.fastAlpha() * residual;
      s.previous = x;
    }
    s.history.add(x);
  }

  /**
   * Learns the time {@code dt} (ms) since the previous sample into the usual interval: the first
   * step sets it, each later one moves it by {@value #INTERVAL_STEP} of itself towards that step.
   */
  private static void learnInterval(SeriesState s, long dt) {
    if (dt <= 0) {
      return;
    }
    if (s.interval <= 0) {
      s.interval = dt;
    } else if (dt > s.interval) {
      s.interval *= 1 + INTERVAL_STEP;
    } else if (dt < s.interval) {
      s.interval *= 1 - INTERVAL_STEP;
    }
  }
}
