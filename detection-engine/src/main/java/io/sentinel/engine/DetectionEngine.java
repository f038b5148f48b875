package io.sentinel.engine;

import io.sentinel.contract.Sample;
import io.sentinel.contract.Severity;
import java.util.Locale;
import java.util.Objects;

/**
 * Streaming, causal anomaly detection for one series at a time, around a Tribuo LibSVM one-class
 * SVM.
 *
 * <p>For every sample:
 *
 * <ol>
 *   <li>a row of engineered {@link Feature features} is computed from the series' history
 *       <em>before</em> the sample (level, residual and one-step change, seasonal when the previous
 *       day predicts the series better, level shift, volatility), log-compressed;
 *   <li>the one-class SVM, trained with Tribuo on recent normal rows (standardised) after warm-up
 *       and retrained every {@link EngineSettings#retrainEvery()} samples, gives the row's depth
 *       outside its support; the raw score is how far that depth goes beyond what the training rows
 *       themselves reach;
 *   <li>the raw score is smoothed over a few samples and turned into a tail probability against its
 *       own recent distribution, reported as a score in [0,1) that means the same rarity on every
 *       series; a series whose SVM path keeps alerting needs rarer departures to alert again
 *       ({@link EngineSettings#pressureWeight()});
 *   <li>in parallel, two instantaneous paths: a sample whose residual is at least {@link
 *       EngineSettings#extremeCut()} typical residuals (or twice the series' own residual peak, if
 *       larger; more while the series is young), and a value beyond the range seen so far by more
 *       than {@link EngineSettings#rangeTolerance()} of it, score at least the alert threshold on
 *       that very sample, rising towards 1 with the size of the departure (so gross departures are
 *       critical at once instead of being diluted by smoothing); the score is the largest of the
 *       three;
 *   <li>after an alert, further alerts are suppressed for a while so one incident raises one,
 *       unless a gross departure goes beyond any gross departure that opened the suppression: that
 *       escalation is reported.
 * </ol>
 *
 * <p>Severity follows the score's thresholds ({@link EngineSettings#majorThreshold()}, {@link
 * EngineSettings#criticalThreshold()}), except for an alert of the range path, graded by how many
 * tolerances beyond the range the value lies (minor, major from {@value #RANGE_MAJOR_DISTANCE},
 * critical from {@value #RANGE_CRITICAL_DISTANCE}): a young series' new record just past the range
 * is not a page. The explanation names the departure and says how rare it is in the series' recent
 * normal history.
 *
 * <p>The first {@link EngineSettings#samplesBeforeScoring()} samples of a series are warm-up: no
 * score, no band, no alert.
 *
 * <p>The score of a sample depends only on samples at or before it. The engine is stateless apart
 * from its settings and may be shared by threads; each {@link SeriesState} must be updated by one
 * thread at a time.
 */
public final class DetectionEngine {
  /** Rows are collected from this many samples on, once window statistics mean something. */
  private static final int FIRST_ROW_AT = 32;

  private static final int MIN_TRAINING_ROWS = 16;

  /** Seasonal comparisons seen before the seasonal variants of residual and change may be used. */
  private static final int MIN_SEASONAL = 50;

  /** Smallest deviation of the smoothed raw score used by the likelihood stage. */
  private static final double LIKELIHOOD_FLOOR = 0.02;

  /** Distance beyond the range tolerance, in tolerances, at which a range alert is major. */
  static final double RANGE_MAJOR_DISTANCE = 1.5;

  /** Distance beyond the range tolerance, in tolerances, at which a range alert is critical. */
  static final double RANGE_CRITICAL_DISTANCE = 3.0;

  private final EngineSettings settings;
  private final double shortAlpha;
  private final double pressureDecay;

  public DetectionEngine(EngineSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.shortAlpha = 2.0 / (settings.shortWindow() + 1.0);
    this.pressureDecay = StrictMath.pow(0.5, 1.0 / settings.pressureHalfLife());
  }

  public EngineSettings settings() {
    return settings;
  }

  /** An empty state for a series the engine has never seen. */
  public SeriesState newSeries() {
    return new SeriesState(settings);
  }

  /**
   * Scores one sample and learns from it. Samples of a series must arrive in time order.
   *
   * @throws IllegalArgumentException if the value is not finite
   */
  public Detection update(SeriesState state, long timestampMs, double value) {
    if (!Double.isFinite(value) || Math.abs(value) > Sample.MAX_MAGNITUDE) {
      throw new IllegalArgumentException(
          "value must be finite and at most 1e36 in magnitude, was " + value);
    }
    long n = state.count;
    double[] z = new double[Feature.COUNT];
    double[] row = new double[Feature.COUNT];
    // expected value and typical residual around it, seasonal when that predicts better
    double[] expected = {state.baseline, Math.sqrt(state.residualVar)};
    double gross = 0;
    double outside = 0;
    if (n > 0) {
      features(state, timestampMs, value, z, row, expected);
      gross = grossScore(state, z);
      outside = rangeScore(state, value);
    }
    // the instantaneous paths: a gross residual, or a value beyond the range seen so far
    double extreme = Math.max(gross, outside);

    if (n >= settings.warmupSamples()
        && state.rowCount >= MIN_TRAINING_ROWS
        && (state.model == null || state.sinceTraining >= settings.retrainEvery())) {
      train(state);
    }

    boolean warmingUp = true;
    double score = 0;
    double svmScore = 0;
    double[] standardised = null;
    if (state.model != null) {
      standardised = new double[Feature.COUNT];
      state.model.standardise(row, standardised);
      double depth = state.model.depth(standardised);
      // depth beyond what the model's own training rows reach, so that models trained on
      // differently spread histories give comparable raw scores
      double margin = depth - state.model.edge;
      double raw = margin > 0 ? margin / (margin + settings.scoreScale()) : 0;
      double smoothed = smooth(state, raw);
      if (state.smoothedCount >= settings.likelihoodWarmup()) {
        warmingUp = false;
        svmScore = likelihoodScore(state, smoothed, settings.pressureWeight() * state.pressure);
        score = Math.max(svmScore, extreme);
      }
      remember(state, smoothed);
    }

    boolean alarm = !warmingUp && score >= settings.alertThreshold();
    // a gross departure escalates unless the suppression period was opened by a larger one
    boolean escalation =
        alarm
            && state.suppressLeft > 0
            && gross >= settings.alertThreshold()
            && gross > state.suppressScore;
    boolean anomalous = alarm && (state.suppressLeft == 0 || escalation);
    double undamped = score;
    if (state.suppressLeft > 0 && !escalation) {
      state.suppressLeft--;
      score *= settings.suppressDamping();
    }
    state.pressure *= pressureDecay;
    if (anomalous && extreme < settings.alertThreshold()) {
      state.pressure += 1;
    }
    if (anomalous) {
      state.suppressLeft = settings.suppressSamples();
      state.suppressScore = gross;
    }

    double low = Double.NaN;
    double high = Double.NaN;
    if (!warmingUp) {
      double halfWidth = settings.bandSigmas() * expected[1];
      low = expected[0] - halfWidth;
      high = expected[0] + halfWidth;
    }
    Severity severity = null;
    String explanation = null;
    if (anomalous) {
      boolean rangePath = outside >= settings.alertThreshold() && outside >= gross;
      severity = rangePath ? rangeSeverity(outside, svmScore) : severity(score);
      explanation =
          rangePath
              ? explainRange(state, value, low, high)
              : explain(state, value, z, row, standardised, expected[0], low, high);
    }
    if (n >= FIRST_ROW_AT) {
      // residual peak of ordinary samples: gross departures are capped at the cut so that one of
      // them cannot raise the bar for the next
      state.residualPeak =
          Math.max(
              state.residualPeak * settings.extremePeakDecay(),
              Math.min(Math.abs(z[Feature.RESIDUAL.ordinal()]), settings.extremeCut()));
    }
    learnRange(state, value);

    if (n >= Math.min(FIRST_ROW_AT, settings.warmupSamples() / 2)
        && n % settings.rowStride() == 0
        && !anomalous) {
      addRow(state, row);
    }
    learn(state, timestampMs, value);
    state.lastTimestamp = timestampMs;
    state.count = n + 1;
    if (state.model != null) {
      state.sinceTraining++;
    }
    return new Detection(
        timestampMs,
        value,
        score,
        warmingUp,
        anomalous,
        severity,
        low,
        high,
        explanation,
        undamped);
  }

  /** Compact binary form of a state, for a changelog-backed key-value store. */
  public byte[] toBytes(SeriesState state) {
    return StateCodec.encode(state, settings);
  }

  /**
   * Restores a state written by {@link #toBytes}; continuing from it yields exactly the scores the
   * original state would have.
   *
   * @throws IllegalArgumentException if the bytes are not a state of an engine with compatible
   *     settings
   */
  public SeriesState fromBytes(byte[] bytes) {
    return StateCodec.decode(bytes, settings);
  }

  private void features(
      SeriesState s, long timestampMs, double x, double[] z, double[] row, double[] expected) {
    int len = s.historyLength;
    double mean = s.historySum / len;
    double var = Math.max(0, s.historySumSq / len - mean * mean);
    double floor = 1e-9 * Math.max(1.0, Math.abs(mean)) + 1e-12;
    double sd = Math.sqrt(var + floor * floor);

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
        expected[1] = Math.sqrt(residualVar);
      }
      if (s.seasonalChangeVar < changeVar) {
        changeDev = change - (s.seasonValues[p] - s.seasonValues[before]);
        changeVar = s.seasonalChangeVar;
      }
    }
    z[Feature.RESIDUAL.ordinal()] = residual / Math.sqrt(residualVar + floor * floor);
    z[Feature.CHANGE.ordinal()] = changeDev / Math.sqrt(changeVar + floor * floor);

    int k = Math.min(settings.shortWindow() - 1, len);
    double shortSum = x;
    int size = s.history.length;
    for (int i = 1; i <= k; i++) {
      shortSum += s.history[(s.historyHead - i + size) % size];
    }
    z[Feature.SHIFT.ordinal()] = (shortSum / (k + 1) - mean) / sd;

    double shortChange = (1 - shortAlpha) * s.shortChangeVar + shortAlpha * change * change;
    double ratio = (shortChange + floor * floor) / (s.changeVar + floor * floor);
    z[Feature.VOLATILITY.ordinal()] = Math.sqrt(ratio);

    for (Feature f : Feature.ALL) {
      int j = f.ordinal();
      row[j] = f == Feature.VOLATILITY ? 0.5 * StrictMath.log(ratio) : compress(z[j]);
    }
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
    // binary search over the ring, oldest to newest, for the first sample at or after target
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

  /** Signed log compression: keeps order and sign, tames heavy tails before the RBF kernel. */
  private static double compress(double v) {
    return Math.copySign(StrictMath.log1p(Math.abs(v)), v);
  }

  private void learn(SeriesState s, long timestampMs, double x) {
    int size = s.history.length;
    long n = s.count;
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
      s.residualVar = (1 - slow) * s.residualVar + slow * residual * residual;
      s.changeVar = (1 - slow) * s.changeVar + slow * change * change;
      double shortA = Math.max(shortAlpha, 1.0 / (n + 1));
      s.shortChangeVar = (1 - shortA) * s.shortChangeVar + shortA * change * change;
      s.baseline += settings.fastAlpha() * residual;
      s.previous = x;
    }
    if (s.historyLength == size) {
      double old = s.history[s.historyHead];
      s.historySum -= old;
      s.historySumSq -= old * old;
    } else {
      s.historyLength++;
    }
    s.history[s.historyHead] = x;
    s.historySum += x;
    s.historySumSq += x * x;
    s.historyHead = (s.historyHead + 1) % size;
    if (s.historyHead == 0) {
      // re-sum exactly once per lap so rounding errors of the running sums cannot accumulate
      double sum = 0;
      double sumSq = 0;
      for (double v : s.history) {
        sum += v;
        sumSq += v * v;
      }
      s.historySum = sum;
      s.historySumSq = sumSq;
    }
  }

  private void addRow(SeriesState s, double[] row) {
    int d = Feature.COUNT;
    int capacity = settings.trainingSize();
    int base = s.rowHead * d;
    for (int j = 0; j < d; j++) {
      s.rows[base + j] = (float) row[j];
    }
    s.rowHead = (s.rowHead + 1) % capacity;
    if (s.rowCount < capacity) {
      s.rowCount++;
    }
  }

  private void train(SeriesState s) {
    int d = Feature.COUNT;
    int capacity = settings.trainingSize();
    float[] ordered = new float[s.rowCount * d];
    // oldest first, so the training set (and thus the model) does not depend on the ring offset
    int start = s.rowCount < capacity ? 0 : s.rowHead;
    for (int i = 0; i < s.rowCount; i++) {
      System.arraycopy(s.rows, ((start + i) % capacity) * d, ordered, i * d, d);
    }
    s.model = SvmTrainer.train(ordered, s.rowCount, settings);
    s.sinceTraining = 0;
  }

  private double smooth(SeriesState s, double raw) {
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
   * single threshold can rank departures across series.
   */
  private static double likelihoodScore(SeriesState s, double smoothed, double pressure) {
    int n = s.smoothedCount;
    double mean = s.smoothedSum / n;
    double var = Math.max(0, s.smoothedSumSq / n - mean * mean);
    double sd = Math.sqrt(var + LIKELIHOOD_FLOOR * LIKELIHOOD_FLOOR);
    double tail = Gaussian.tail((smoothed - mean) / sd);
    double u = -StrictMath.log10(Math.max(tail, Double.MIN_NORMAL)) / (1 + pressure);
    return u / (u + 5);
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
  private double grossScore(SeriesState s, double[] z) {
    double e = Math.abs(z[Feature.RESIDUAL.ordinal()]);
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
   * EngineSettings#rangeMaturity()} samples) scores the alert threshold there, rising towards 1
   * with the distance, as {@link #departureScore}.
   */
  private double rangeScore(SeriesState s, double x) {
    double width = s.rangeHigh - s.rangeLow;
    if (!(width > 0)) {
      return 0;
    }
    double beyond = Math.max(x - s.rangeHigh, s.rangeLow - x);
    // a young range is narrower than the series' true one: widen the tolerance until it matures
    double youth = Math.max(1.0, settings.rangeMaturity() / (double) Math.max(1, s.count));
    double margin = settings.rangeTolerance() * youth * width;
    return departureScore(beyond, margin);
  }

  /** Widens the range to the value, then contracts it slightly towards the current level. */
  private void learnRange(SeriesState s, double x) {
    s.rangeLow = Math.min(s.rangeLow, x);
    s.rangeHigh = Math.max(s.rangeHigh, x);
    if (s.historyLength > 0) {
      double level = s.historySum / s.historyLength;
      double keep = 1 - settings.rangeDecay();
      if (s.rangeHigh > level) {
        s.rangeHigh = Math.max(x, level + (s.rangeHigh - level) * keep);
      }
      if (s.rangeLow < level) {
        s.rangeLow = Math.min(x, level - (level - s.rangeLow) * keep);
      }
    }
  }

  private String explainRange(SeriesState s, double value, double low, double high) {
    double width = s.rangeHigh - s.rangeLow;
    boolean above = value > s.rangeHigh;
    double beyond = above ? value - s.rangeHigh : s.rangeLow - value;
    return String.format(
        Locale.ROOT,
        "value %s is %s everything seen so far (%s to %s) by %.0f%% of that range"
            + " (expected %s to %s)",
        num(value),
        above ? "above" : "below",
        num(s.rangeLow),
        num(s.rangeHigh),
        100 * beyond / width,
        num(low),
        num(high));
  }

  private static void remember(SeriesState s, double smoothed) {
    int size = s.smoothedHistory.length;
    if (s.smoothedCount == size) {
      double old = s.smoothedHistory[s.smoothedHead];
      s.smoothedSum -= old;
      s.smoothedSumSq -= old * old;
    } else {
      s.smoothedCount++;
    }
    s.smoothedHistory[s.smoothedHead] = smoothed;
    s.smoothedSum += smoothed;
    s.smoothedSumSq += smoothed * smoothed;
    s.smoothedHead = (s.smoothedHead + 1) % size;
    if (s.smoothedHead == 0) {
      double sum = 0;
      double sumSq = 0;
      for (double v : s.smoothedHistory) {
        sum += v;
        sumSq += v * v;
      }
      s.smoothedSum = sum;
      s.smoothedSumSq = sumSq;
    }
  }

  /**
   * Severity of an alert of the range path, by how far beyond the tolerance the value lies: a new
   * extreme just past it is minor, {@value #RANGE_MAJOR_DISTANCE} times as far major, {@value
   * #RANGE_CRITICAL_DISTANCE} times critical (its score reaches the critical threshold already at
   * 1.2 times, which made every young series' new record critical); never below what the SVM path
   * says of the same sample.
   */
  private Severity rangeSeverity(double outside, double svmScore) {
    // departureScore: 1 - (1 - threshold) / distance^2, with distance in tolerances
    double distance = Math.sqrt((1 - settings.alertThreshold()) / Math.max(1e-12, 1 - outside));
    Severity byDistance =
        distance >= RANGE_CRITICAL_DISTANCE
            ? Severity.CRITICAL
            : distance >= RANGE_MAJOR_DISTANCE ? Severity.MAJOR : Severity.MINOR;
    if (svmScore >= settings.alertThreshold()) {
      Severity bySvm = severity(svmScore);
      return bySvm.compareTo(byDistance) > 0 ? bySvm : byDistance;
    }
    return byDistance;
  }

  private Severity severity(double score) {
    if (score >= settings.criticalThreshold()) {
      return Severity.CRITICAL;
    }
    if (score >= settings.majorThreshold()) {
      return Severity.MAJOR;
    }
    return Severity.MINOR;
  }

  private String explain(
      SeriesState s,
      double value,
      double[] z,
      double[] row,
      double[] standardised,
      double expectedValue,
      double low,
      double high) {
    Feature top = Feature.LEVEL;
    double best = -1;
    for (Feature f : Feature.ALL) {
      // volatility reacts to any departure; name it only when it clearly dominates
      double weight = f == Feature.VOLATILITY ? 0.3 : 1.0;
      double a = weight * Math.abs(standardised[f.ordinal()]);
      if (a > best) {
        best = a;
        top = f;
      }
    }
    double v = z[top.ordinal()];
    String dir = v >= 0 ? "above" : "below";
    String sentence =
        switch (top) {
          case LEVEL ->
              String.format(
                  Locale.ROOT,
                  "value %s is %.1f standard deviations %s its level over the last %d samples",
                  num(value),
                  Math.abs(v),
                  dir,
                  s.historyLength);
          case RESIDUAL ->
              String.format(
                  Locale.ROOT,
                  "value %s is %.1f typical deviations %s the expected %s",
                  num(value),
                  Math.abs(v),
                  dir,
                  num(expectedValue));
          case CHANGE ->
              String.format(
                  Locale.ROOT,
                  "value %s %s by %s in one step, %.1f times the typical change",
                  num(value),
                  v >= 0 ? "rose" : "fell",
                  num(Math.abs(value - s.previous)),
                  Math.abs(v));
          case SHIFT ->
              String.format(
                  Locale.ROOT,
                  "the mean of the last %d samples shifted %.1f standard deviations %s the usual"
                      + " level",
                  settings.shortWindow(),
                  Math.abs(v),
                  dir);
          case VOLATILITY ->
              String.format(
                  Locale.ROOT,
                  "volatility over the last %d samples is %.1f times its usual level",
                  settings.shortWindow(),
                  v);
        };
    return sentence
        + rarity(s, top, row[top.ordinal()])
        + String.format(Locale.ROOT, " (expected %s to %s)", num(low), num(high));
  }

  /**
   * How rare the named feature's value is in the series' recent normal history (the SVM's training
   * rows): a small departure in standard deviations can still be one the series never makes, and a
   * common one is unusual only together with the other features.
   */
  private static String rarity(SeriesState s, Feature top, double current) {
    if (s.rowCount == 0) {
      return "";
    }
    int j = top.ordinal();
    int asFar = 0;
    for (int i = 0; i < s.rowCount; i++) {
      double r = s.rows[i * Feature.COUNT + j];
      if (current >= 0 ? r >= current : r <= current) {
        asFar++;
      }
    }
    double share = asFar / (double) s.rowCount;
    if (asFar == 0) {
      return ", further than anywhere in its recent normal history";
    }
    if (share <= 0.05) {
      return String.format(
          Locale.ROOT,
          ", further than in %d%% of its recent normal history",
          (int) Math.floor(100 * (1 - share)));
    }
    return ", not rare on its own but unusual together with the series' other recent behaviour";
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
