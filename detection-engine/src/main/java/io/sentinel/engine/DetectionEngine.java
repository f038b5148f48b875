package io.sentinel.engine;

import io.sentinel.contract.Sample;
import io.sentinel.contract.Severity;
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
 *       than {@link EngineSettings#rangeTolerance()} of it (and by more than one step of the
 *       series' resolution, {@link EngineSettings#rangeQuantum()}), score at least the alert
 *       threshold on that very sample, rising towards 1 with the size of the departure (so gross
 *       departures are critical at once instead of being diluted by smoothing); likewise a level
 *       shift that no single sample makes gross, once a CUSUM of the series' AR(1) residuals
 *       reaches {@link EngineSettings#shiftCut()} ({@link LevelShift}); the score is the largest of
 *       the four;
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

  /** Distance beyond the range tolerance, in tolerances, at which a range alert is major. */
  static final double RANGE_MAJOR_DISTANCE = 1.5;

  /** Distance beyond the range tolerance, in tolerances, at which a range alert is critical. */
  static final double RANGE_CRITICAL_DISTANCE = 3.0;

  private final EngineSettings settings;
  private final double pressureDecay;
  private final FeatureExtractor features;
  private final ScorePaths paths;
  private final Explanations explanations;

  public DetectionEngine(EngineSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.pressureDecay = StrictMath.pow(0.5, 1.0 / settings.pressureHalfLife());
    this.features = new FeatureExtractor(settings);
    this.paths = new ScorePaths(settings);
    this.explanations = new Explanations(settings);
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
    // expected value and typical residual around it, seasonal when that predicts better; the
    // residual the gross path judges (a gross one's seasonal echo, when smaller)
    double[] expected = {state.baseline, Math.sqrt(state.residualVar), 0};
    double gross = 0;
    double outside = 0;
    if (n > 0) {
      features.features(state, timestampMs, value, z, row, expected);
      gross = paths.grossScore(state, expected[2]);
      outside = paths.rangeScore(state, timestampMs, value);
    }
    double shift = settings.shiftCut() > 0 ? paths.shiftScore(state, value) : 0;
    // the instantaneous paths: a gross residual, a value beyond the range seen so far, a shift
    double extreme = Math.max(Math.max(gross, outside), shift);

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
      double smoothed = ScorePaths.smooth(state, raw);
      if (state.smoothed.length >= settings.likelihoodWarmup()) {
        warmingUp = false;
        svmScore =
            ScorePaths.likelihoodScore(
                state,
                smoothed,
                paths.samplesPerRarity(state),
                settings.pressureWeight() * state.pressure);
        // an SVM alert that is one spike's echo, or only a fast series' brief calm, is capped
        if (svmScore >= settings.alertThreshold()
            && svmScore >= extreme
            && (spikeEcho(state, value, row, standardised)
                || (paths.briefCalm(state) && onlyCalm(state, value, row)))) {
          svmScore = Math.min(svmScore, settings.shiftEchoCap() * settings.alertThreshold());
        }
        score = Math.max(svmScore, extreme);
      }
      state.smoothed.add(smoothed);
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
    state.pressure *= paths.pressureDecay(state, pressureDecay);
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
      boolean shiftPath =
          !rangePath && shift >= settings.alertThreshold() && shift >= gross && shift >= svmScore;
      severity =
          rangePath ? explanations.rangeSeverity(outside, svmScore) : explanations.severity(score);
      explanation =
          rangePath
              ? explanations.explainRange(state, value, low, high)
              : shiftPath
                  ? explanations.explainShift(state, value, low, high)
                  : explanations.explain(
                      state, timestampMs, value, z, row, standardised, expected[0], low, high);
      LevelShift.reset(state);
    }
    if (n >= FIRST_ROW_AT) {
      // residual peak of ordinary samples: a gross departure must not raise the bar for the next,
      // so it is left out (with the seasonal echo off: capped at the cut, as before)
      double e = Math.abs(z[Feature.RESIDUAL.ordinal()]);
      double entry =
          settings.seasonEchoWindow() > 0
              ? (e < settings.extremeCut() ? e : 0)
              : Math.min(e, settings.extremeCut());
      state.residualPeak = Math.max(state.residualPeak * settings.extremePeakDecay(), entry);
    }
    paths.learnRange(state, value);

    if (n >= Math.min(FIRST_ROW_AT, settings.warmupSamples() / 2)
        && n % paths.rowStride(state, n) == 0
        && !anomalous) {
      addRow(state, row);
    }
    features.learn(state, timestampMs, value);
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

  /**
   * Whether an SVM alert is the echo of one spike among the last samples: the shift of the short
   * mean is its dominant feature, and with the most extreme of the earlier samples left out of that
   * mean the row lies inside the model (no margin at all). A spike the other paths accepted lifts
   * the short mean for the next samples, rows the training set rarely holds.
   */
  private boolean spikeEcho(SeriesState s, double value, double[] row, double[] standardised) {
    if (settings.shiftEchoCap() <= 0 || Explanations.dominant(standardised) != Feature.SHIFT) {
      return false;
    }
    double[] without = row.clone();
    without[Feature.SHIFT.ordinal()] =
        FeatureExtractor.shiftWithoutSpike(s, value, settings.shortWindow());
    return inside(s, without);
  }

  /**
   * Whether an SVM alert is raised only by a calm short window: the volatility feature reads below
   * the usual level, the window is not one repeated value (a stuck metric), and with the usual
   * volatility (log ratio 0) the same row lies inside the model (no margin at all).
   */
  private boolean onlyCalm(SeriesState s, double value, double[] row) {
    int v = Feature.VOLATILITY.ordinal();
    if (row[v] >= 0 || stuck(s, value)) {
      return false;
    }
    double[] usual = row.clone();
    usual[v] = 0;
    return inside(s, usual);
  }

  /**
   * Whether {@code row} lies inside the series' model: no margin beyond its training rows' edge.
   */
  private static boolean inside(SeriesState s, double[] row) {
    double[] st = new double[Feature.COUNT];
    s.model.standardise(row, st);
    return s.model.depth(st) - s.model.edge <= 0;
  }

  /** Whether {@code value} and the short window's earlier samples are all one value. */
  private boolean stuck(SeriesState s, double value) {
    int k = Math.min(settings.shortWindow() - 1, s.history.length);
    for (int i = 1; i <= k; i++) {
      if (s.history.back(i) != value) {
        return false;
      }
    }
    return true;
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
}
