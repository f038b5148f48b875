package io.sentinel.engine;

/**
 * Every knob of the detection engine. One configuration serves every series: nothing here is tuned
 * per series or per category. {@link #defaults()} is the configuration measured on NAB (see {@code
 * detection-engine/NAB_NOTES.md}); build variants with {@link #builder()} or {@link #toBuilder()}
 * so that code keeps compiling when knobs are added.
 *
 * @param seed seed of the SVM trainer; the engine is deterministic for a given seed.
 * @param warmupSamples samples a series must have seen before the SVM is first trained; until the
 *     first training and for {@code likelihoodWarmup} samples after it {@link
 *     Detection#warmingUp()} is true, the score is 0 and the band is NaN. The whole warm-up is
 *     therefore {@link #samplesBeforeScoring()} = {@code warmupSamples + likelihoodWarmup} samples
 *     (250 with the defaults), not {@code warmupSamples}.
 * @param historySize length of the window (in samples) of recent values whose mean and standard
 *     deviation give the long-term level of the series.
 * @param shortWindow length of the short window (in samples) used for level-shift and volatility
 *     features; must be smaller than {@code historySize}.
 * @param trainingSize number of most recent normal feature rows the one-class SVM is trained on.
 * @param rowStride a feature row is added to the training set every this many samples, so the
 *     training set spans {@code trainingSize * rowStride} samples at the training cost of {@code
 *     trainingSize} rows.
 * @param retrainEvery samples between two trainings of the SVM (the first one happens at the end of
 *     warm-up).
 * @param seasonMs length of the season (default a day) whose previous cycle the value is compared
 *     with; the seasonal feature needs the value one season ago, within 1/48 of a season.
 * @param seasonBuffer samples kept to look one season back (a day of 1-minute samples); when a
 *     season holds more samples the seasonal feature falls back to the residual.
 * @param nu one-class SVM nu: upper bound on the fraction of training rows left outside the learned
 *     support, lower bound on the fraction of support vectors.
 * @param gamma RBF kernel width on standardised features: K(x,y) = exp(-gamma |x-y|^2).
 * @param fastAlpha smoothing factor of the fast exponentially weighted baseline whose residual is a
 *     feature (larger = follows the value more closely).
 * @param slowAlpha smoothing factor of the slow exponentially weighted statistics (typical residual
 *     and typical change) that normalise residuals and changes.
 * @param scoreScale how fast the SVM depth outside the support becomes a raw score in [0,1): raw =
 *     m / (m + scoreScale) with m = depth - edge beyond the edge, with depth = log(rho / sum(alpha
 *     K)) and edge the 99th percentile of the training rows' depths.
 * @param smoothingWindow number of recent raw scores averaged before the tail-probability stage; 1
 *     disables smoothing.
 * @param likelihoodWindow number of past raw scores whose mean and deviation define how unusual the
 *     smoothed raw score is (the tail-probability or likelihood stage).
 * @param likelihoodWarmup raw scores collected after the first training before samples are scored.
 * @param alertThreshold score at or above which a sample is anomalous (outside warm-up and
 *     suppression); also the minor-severity cut-off. The score is the larger of u/(u+5), with u =
 *     -log10 of the tail probability of the smoothed SVM raw score (so 0.5 means a one-in-100,000
 *     departure), and the gross-departure score (see {@code extremeCut}).
 * @param majorThreshold score at or above which an anomaly is of major severity (0.565: a one-
 *     in-3-million departure).
 * @param criticalThreshold score at or above which an anomaly is of critical severity (0.615: a
 *     one-in-100-million departure).
 * @param suppressSamples after an anomaly, the following samples are not reported as anomalous, and
 *     their score is multiplied by {@code suppressDamping}, for this many samples, so one incident
 *     raises one alert.
 * @param suppressDamping factor applied to the score of samples inside the suppression period.
 * @param bandSigmas half-width of the expected band, in typical residuals around the baseline.
 * @param extremeCut residual, in typical residuals, from which a sample is a gross departure scored
 *     on that very sample without smoothing: its score is at least 1 - (1 - alertThreshold) (cut /
 *     e)^2 for a residual of e typical residuals, so the alert threshold at the cut, critical (with
 *     the default thresholds) from 1.14 times the cut and over 0.95 from 3.2 times it. Such a
 *     departure also breaks through suppression unless a larger one opened it. 14 by default: a
 *     40-sigma spike on Gaussian noise is 30 to 38 typical residuals, score about 0.9. The cut in
 *     force is the larger of this and {@code extremePeakFactor} times the series' residual peak.
 * @param extremePeakFactor the gross-departure cut in force is at least this many times the series'
 *     own residual peak (see {@code extremePeakDecay}): a heavy-tailed series that often shows
 *     residuals of 10 typical residuals must go further before a residual alone alerts. 0 disables;
 *     2 by default (Gaussian noise has a peak of 3 to 4, so the cut stays at {@code extremeCut}
 *     there).
 * @param extremePeakDecay per-sample factor by which the residual peak decays (0.9999: a half-life
 *     of about 7,000 samples); a gross departure (a residual past {@code extremeCut}) does not
 *     enter it, so it does not raise the bar for the next one (with {@code seasonEchoWindow} 0 it
 *     enters capped at the cut, as before).
 * @param rangeTolerance the range path: a value beyond the range of the values seen so far by more
 *     than this fraction of that range scores the alert threshold, rising towards 1 as 1 - (1 -
 *     alertThreshold) (tolerance x range / distance)^2 (the "spatial anomaly" of Numenta's NAB
 *     detector). It catches a new extreme on its first sample whatever the series' noise.
 * @param rangeDecay per-sample fraction by which the range contracts towards the current level (the
 *     mean of the {@code historySize} window), so that an old excursion does not widen it for ever:
 *     2e-5 by default, a half-life of about 35,000 samples (121 days of 5-minute samples); a series
 *     sampled faster decays by the same share per unit of time ({@code rangeDecayInterval}).
 * @param rangeMaturity while a series has seen fewer than this many samples n, the range tolerance
 *     is widened by rangeMaturity / n: a young range is narrower than the series' true one, and on
 *     Gaussian noise its new extremes would otherwise alert (1,000 by default: four times the
 *     tolerance when scoring starts at 250 samples).
 * @param grossMaturity while a series has seen fewer than this many samples n, the gross cut is
 *     raised by grossMaturity / n, as the range tolerance is by {@code rangeMaturity}: a young
 *     series' typical residual and residual peak are measured on too few samples, and on series
 *     sitting on a hard floor (zeros, a quantised idle level) its first ordinary burst reads as
 *     dozens of typical residuals (on NAB, 5 of the 8 false gross alerts of realAWSCloudwatch came
 *     before sample 750; 2,000 by default, 1,000 scored a little less).
 * @param pressureWeight the SVM path's alert pressure: every alert of the SVM path (not of the
 *     gross or range paths) adds 1 to the series' pressure P, which decays with {@code
 *     pressureHalfLife}, and divides that path's u = -log10(tail probability) by 1 + weight x P. A
 *     series that keeps raising SVM alerts therefore needs rarer departures to raise more (0
 *     disables).
 * @param pressureHalfLife half-life of the alert pressure, in samples.
 * @param shiftCut the level-shift path: a two-sided CUSUM of the series' AR(1) residuals (in
 *     typical residuals, winsorised at 4, drift 1; see {@code LevelShift}) scores the alert
 *     threshold when it reaches this cut, rising towards 1 as the gross path does, the cut raised
 *     by {@code grossMaturity} / n while young; it catches a shift that no single sample makes
 *     gross. 20 by default; 0 disables.
 * @param rangeQuantum the range path's margin also includes this many times the series' resolution
 *     (the smallest step seen between two successive distinct values): on a quantised series
 *     (counts, whole seconds or miles per hour, CPU in steps of a few hundredths) a new record by
 *     one step is the smallest move the series can make, not evidence of a departure. On continuous
 *     series the resolution is tiny and the margin unchanged. 1 by default (on NAB it changes no
 *     alert; on synthetic Poisson counts it removes about a third of the range path's false
 *     alerts); 0 disables.
 * @param volatilityQuantum the volatility feature (recent against usual one-step change) measures
 *     changes no smaller than this many times the series' resolution: a series sitting on its floor
 *     (zeros between bursts, an idle CPU) has no recent change at all, and without a floor the
 *     feature's logarithm falls without bound the longer it sits there, so each long quiet stretch
 *     is a new extreme for the SVM. With the floor a quiet stretch reads as "no change bigger than
 *     the series can show", the same however long it lasts. On continuous series the resolution is
 *     tiny and the feature unchanged. 2 by default (issue 13, session 8: CV phase mean 78.33
 *     against 77.98 without, 0.5 and 1 also above); 0 disables.
 * @param residualQuantum the residual and one-step change features (and so the gross path) are
 *     measured in typical residuals (changes) of at least this many times the series' resolution:
 *     sqrt(variance + (q r)^2). A noise-free series (a perfect daily curve) has a typical residual
 *     of almost 0, so a rounding difference reads as a departure of many typical residuals, and a
 *     quantised series that rarely moves reads its one-step move likewise. The expected band is
 *     drawn in the same floored typical residuals. On continuous noisy series the resolution is
 *     tiny and the features unchanged. 2 by default (issue 13, session 9: CV phase mean 78.46
 *     against 78.33 without; 0.5, 1 and 4 also above); 0 disables.
 * @param shiftEchoCap an SVM alert that is the echo of one spike is scored at this fraction of the
 *     alert threshold instead: its dominant feature is the shift of the short mean, and with the
 *     most extreme of the short window's earlier samples left out of that mean the row lies inside
 *     the model. A spike that the other paths accept (a daily job's burst) lifts the short mean for
 *     the next samples, rows the training set rarely holds, which otherwise alert one to seven
 *     samples after it. Decided at alert time only, from the state already kept (no feature and no
 *     training row changes). 0.9 by default (issue 13, session 10: CV phase mean 78.53 against
 *     78.46 without); 0 disables.
 * @param gapIntervals a sample that arrives more than this many usual sampling intervals after the
 *     previous one (a failed scrape, an exporter that was down, a sparse series) comes after a gap:
 *     its one-step change is a change over k usual intervals, judged against the typical change
 *     over k steps (k times the one-step variance, as for a random walk, but no more than twice the
 *     variance of the value window, what a stationary series' changes over long lags reach) and
 *     learnt into the typical and recent change at its one-step equivalent (its square divided by
 *     the same factor), so neither the change nor the volatility feature reads a gap as a jump. The
 *     usual interval is learnt per series (a streaming median, persisted). The level, the residual
 *     and the short mean are left as they are: a gap does not move a level (widening the residual
 *     too scored lower). 1.5 by default, the usual definition of a gap (issue 13, session 11: CV
 *     phase mean 78.78 against 78.53 without, 21 fewer false-positive rows over the five phases); 0
 *     disables (every sample is the next step, as before).
 * @param rangeDecayInterval the sampling interval, in seconds, that {@code rangeDecay} is a share
 *     per: a series sampled faster (its usual interval learnt as for {@code gapIntervals})
 *     contracts its range by rangeDecay x its interval / this per sample, the same share per unit
 *     of time, so that a series scraped every 10 seconds does not forget its extremes 30 times
 *     sooner than one sampled every 5 minutes (where the decay was chosen) and read its own noise
 *     as new records; a series sampled more slowly keeps rangeDecay per sample. 0: per sample
 *     whatever the interval.
 * @param rangeMaturityInterval the sampling interval, in seconds, at which {@code rangeMaturity}
 *     was chosen: a series is young for the range path while it has seen fewer than rangeMaturity
 *     samples or less time than rangeMaturity x this (3.5 days at 300 s), whichever is longer. The
 *     tolerance is widened by the larger shortfall: rangeMaturity / n, or rangeMaturity x this /
 *     the seconds since the series' first sample, the latter no more than a series is widened at
 *     its first scored sample (rangeMaturity / {@link #samplesBeforeScoring()}, 4 with the
 *     defaults), so a gross spike on a young fast series is still graded by the range. A series
 *     scraped every 10 seconds has seen 1,000 samples in under 3 hours, not yet its daily trough
 *     and peak nor the tails of its noise there, whose first returns would read as records ("below
 *     everything seen so far"). On a series sampled at this interval or more slowly the samples
 *     decide, as before (on NAB every figure is identical). 300 by default (issue 13, session 12:
 *     the demo's 8 range-record false alerts go, recall kept); 0: samples only.
 * @param rarityInterval the sampling interval, in seconds, at which the SVM path's rarity (the tail
 *     probability p behind {@code alertThreshold}, one in 100,000) was chosen: a series sampled
 *     faster makes k = floor(this / its usual interval) samples in that time, and its p is
 *     multiplied by k (u = -log10 p reduced by log10 k, at least 0, before the alert pressure), so
 *     that the noise of a series scraped every 10 s raises about as many SVM alerts per hour as
 *     that of one sampled every 5 minutes, not 30 times as many. Whole samples: a series sampled
 *     every 300 s or more slowly (k = 1) is scored as before, also when its learnt interval sits a
 *     little under 300 s after a gap (on NAB every figure is identical). 300 by default (issue 13,
 *     session 12); 0: per sample whatever the interval.
 * @param seasonEchoWindow the gross-departure path's memory of the series' own daily pattern, in
 *     seconds: a residual past {@code extremeCut} is measured again against each sample stored
 *     within this much of the same time one season earlier that was itself a departure of at least
 *     half the cut (its seasonal residual: the value minus the baseline, against that sample's own
 *     departure from its baseline then), and the smallest is what the gross path judges, so a
 *     departure the series also showed at about this time a season ago (a nightly job's spike,
 *     whose start drifts by half an hour from day to day) is its pattern, not gross; the ordinary
 *     samples of a cycle are no echo. With it on, gross departures no longer enter the residual
 *     peak at all (capped at the cut, one of them doubled the cut for the next for weeks, contrary
 *     to {@code extremePeakDecay}'s intent), so a repeated dropout or spike that is no daily
 *     pattern alerts every time. 3,600 by default (issue 13, session 12: CV 78.78 -> 78.79, no
 *     category lower; the demo's repeated incidents found); 0: no seasonal echo, and gross
 *     departures enter the peak capped at the cut, as before.
 * @param trainingInterval the sampling interval, in seconds, at which {@code trainingSize} and
 *     {@code rowStride} were chosen (352 rows, one every 3 samples: 3.7 days at 5 minutes). A
 *     series sampled faster, k = floor(this / its usual interval) samples in that time, adds a row
 *     every {@code rowStride} x f samples with f = min(k, samples seen / ({@code trainingSize} x
 *     {@code rowStride})), at least 1: its training set spans its whole life until it spans as much
 *     time as at this interval, so its "recent normal history" is days, not the last 18 minutes (at
 *     1 s), and its noise's rarer corners are learnt as normal. Whole samples: a series sampled
 *     every 300 s or more slowly adds rows as before (on NAB every figure is identical). 300 by
 *     default (issue 13, session 13: demo precision 0.809 -> 0.885, recall 0.985 kept); 0: every
 *     {@code rowStride} samples whatever the interval.
 * @param pressureInterval the sampling interval, in seconds, at which {@code pressureHalfLife} was
 *     chosen (1,400 samples: 4.9 days at 5 minutes): a series sampled faster, k = floor(this / its
 *     usual interval) samples in that time, decays its pressure by the k-th root of the per-sample
 *     factor each sample, so the pressure's half-life is the same 4.9 days, not 23 minutes (at 1
 *     s). Whole samples: a series sampled every 300 s or more slowly decays as before (on NAB every
 *     figure is identical). 300 by default (issue 13, session 13); 0: per sample whatever the
 *     interval.
 * @param calmInterval the sampling interval, in seconds, below which a calm short window is not
 *     evidence on its own: the volatility feature compares the change over the last {@code
 *     shortWindow} samples with the usual one, so at 5 minutes a calm window is 40 quiet minutes,
 *     but at 1 s it is 8 quiet seconds, which independent noise gives about once in 3.5 hours per
 *     series (once in 42 days at 5 minutes), many times an hour over a few dozen series. A series
 *     that makes more than one sample in this time (k = floor(this / its usual interval) at least
 *     2) has an SVM alert scored as a spike's echo is ({@code shiftEchoCap} of the threshold) when
 *     the alert is raised only by its calm: its volatility is below the usual, and with the usual
 *     volatility the same row lies inside the model. A window of one repeated value (a stuck
 *     metric) still alerts. Whole samples: a series sampled every 300 s or more slowly alerts as
 *     before (on NAB every figure is identical). 300 by default (issue 13, session 14: the demo's
 *     "volatility 0.3 times its usual level" alerts); 0: a calm window alerts whatever the
 *     interval.
 */
public record EngineSettings(
    long seed,
    int warmupSamples,
    int historySize,
    int shortWindow,
    int trainingSize,
    int rowStride,
    int retrainEvery,
    long seasonMs,
    int seasonBuffer,
    double nu,
    double gamma,
    double fastAlpha,
    double slowAlpha,
    double scoreScale,
    int smoothingWindow,
    int likelihoodWindow,
    int likelihoodWarmup,
    double alertThreshold,
    double majorThreshold,
    double criticalThreshold,
    int suppressSamples,
    double suppressDamping,
    double bandSigmas,
    double extremeCut,
    double extremePeakFactor,
    double extremePeakDecay,
    double rangeTolerance,
    double rangeDecay,
    int rangeMaturity,
    int grossMaturity,
    double pressureWeight,
    int pressureHalfLife,
    double shiftCut,
    double rangeQuantum,
    double volatilityQuantum,
    double residualQuantum,
    double shiftEchoCap,
    double gapIntervals,
    double rangeDecayInterval,
    double rangeMaturityInterval,
    double rarityInterval,
    double seasonEchoWindow,
    double trainingInterval,
    double pressureInterval,
    double calmInterval) {

  public EngineSettings {
    require(warmupSamples >= 16, "warmupSamples >= 16");
    require(historySize >= 16 && historySize <= 8192, "historySize >= 16 and historySize <= 8192");
    require(
        shortWindow >= 2 && shortWindow < historySize,
        "shortWindow >= 2 and shortWindow < historySize");
    require(
        trainingSize >= 16 && trainingSize <= 4096, "trainingSize >= 16 and trainingSize <= 4096");
    require(rowStride >= 1 && rowStride <= 64, "rowStride >= 1 and rowStride <= 64");
    require(retrainEvery >= 1, "retrainEvery >= 1");
    require(seasonMs >= 1000, "seasonMs >= 1000");
    require(
        seasonBuffer >= 16 && seasonBuffer <= 8192, "seasonBuffer >= 16 and seasonBuffer <= 8192");
    require(nu > 0 && nu < 1, "nu > 0 and nu < 1");
    require(gamma > 0, "gamma > 0");
    require(fastAlpha > 0 && fastAlpha <= 1, "fastAlpha > 0 and fastAlpha <= 1");
    require(slowAlpha > 0 && slowAlpha <= 1, "slowAlpha > 0 and slowAlpha <= 1");
    require(scoreScale > 0, "scoreScale > 0");
    require(
        smoothingWindow >= 1 && smoothingWindow <= 64,
        "smoothingWindow >= 1 and smoothingWindow <= 64");
    require(
        likelihoodWindow >= 16 && likelihoodWindow <= 8192,
        "likelihoodWindow >= 16 and likelihoodWindow <= 8192");
    require(
        likelihoodWarmup >= 1 && likelihoodWarmup <= likelihoodWindow,
        "likelihoodWarmup >= 1 and likelihoodWarmup <= likelihoodWindow");
    require(suppressSamples >= 0, "suppressSamples >= 0");
    require(
        suppressDamping >= 0 && suppressDamping <= 1,
        "suppressDamping >= 0 and suppressDamping <= 1");
    require(bandSigmas > 0, "bandSigmas > 0");
    require(extremeCut > 0, "extremeCut > 0");
    require(extremePeakFactor >= 0, "extremePeakFactor >= 0");
    require(
        extremePeakDecay >= 0 && extremePeakDecay <= 1,
        "extremePeakDecay >= 0 and extremePeakDecay <= 1");
    require(rangeTolerance > 0, "rangeTolerance > 0");
    require(rangeDecay >= 0 && rangeDecay < 1, "rangeDecay >= 0 and rangeDecay < 1");
    require(rangeMaturity >= 0, "rangeMaturity >= 0");
    require(grossMaturity >= 0, "grossMaturity >= 0");
    require(pressureWeight >= 0, "pressureWeight >= 0");
    require(pressureHalfLife >= 1, "pressureHalfLife >= 1");
    require(shiftCut >= 0, "shiftCut >= 0");
    require(rangeQuantum >= 0, "rangeQuantum >= 0");
    require(volatilityQuantum >= 0, "volatilityQuantum >= 0");
    require(residualQuantum >= 0, "residualQuantum >= 0");
    require(shiftEchoCap >= 0 && shiftEchoCap < 1, "shiftEchoCap >= 0 and shiftEchoCap < 1");
    require(gapIntervals == 0 || gapIntervals >= 1, "gapIntervals == 0 or gapIntervals >= 1");
    require(seasonEchoWindow >= 0, "seasonEchoWindow >= 0");
    // the sampling intervals (seconds) at which per-sample settings were chosen; 0 turns one off
    double[] intervals = {
      rangeDecayInterval,
      rangeMaturityInterval,
      rarityInterval,
      trainingInterval,
      pressureInterval,
      calmInterval
    };
    String[] intervalNames = {
      "rangeDecayInterval",
      "rangeMaturityInterval",
      "rarityInterval",
      "trainingInterval",
      "pressureInterval",
      "calmInterval"
    };
    for (int i = 0; i < intervals.length; i++) {
      require(intervals[i] >= 0, intervalNames[i] + " >= 0");
    }
    require(
        alertThreshold > 0
            && alertThreshold <= majorThreshold
            && majorThreshold <= criticalThreshold
            && criticalThreshold <= 1,
        "thresholds must satisfy 0 < alert <= major <= critical <= 1");
  }

  /**
   * Samples a series must have seen before its samples are scored: {@code warmupSamples +
   * likelihoodWarmup} (250 with the defaults). The sample at this 0-based index is the first one
   * with {@link Detection#warmingUp()} false, provided enough training rows were collected by then,
   * which the defaults guarantee.
   */
  public int samplesBeforeScoring() {
    return warmupSamples + likelihoodWarmup;
  }

  /** The one configuration used for every series (and measured on NAB). */
  public static EngineSettings defaults() {
    return new EngineSettingsBuilder().build();
  }

  /** A builder starting from the defaults. */
  public static EngineSettingsBuilder builder() {
    return new EngineSettingsBuilder();
  }

  /** A builder starting from these settings. */
  public EngineSettingsBuilder toBuilder() {
    return new EngineSettingsBuilder(this);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
