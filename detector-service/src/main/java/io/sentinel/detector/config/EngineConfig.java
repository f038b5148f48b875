package io.sentinel.detector.config;

import io.sentinel.engine.EngineSettings;
import io.sentinel.engine.EngineSettingsBuilder;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Overrides of the detection engine's settings under {@code sentinel.detector.engine}. Every key is
 * optional: an unset key keeps the engine's measured default ({@link EngineSettings#defaults()}),
 * so the engine stays the single source of its defaults. One configuration serves every series.
 */
public interface EngineConfig {

  /** Seed of the SVM trainer; detection is deterministic for a given seed. */
  OptionalLong seed();

  /** Samples a series must have seen before it is scored (its warm-up). */
  OptionalInt warmupSamples();

  /** Samples between two retrainings of a series' one-class SVM on its recent normal history. */
  OptionalInt retrainEvery();

  /** Score in [0,1] at or above which a sample is anomalous (minor severity). */
  OptionalDouble alertThreshold();

  /** Score at or above which an anomaly is major. */
  OptionalDouble majorThreshold();

  /** Score at or above which an anomaly is critical. */
  OptionalDouble criticalThreshold();

  /** After an anomaly, this many samples are not reported again, so one incident alerts once. */
  OptionalInt suppressSamples();

  /** Half-width of the expected band, in typical residuals around the baseline. */
  OptionalDouble bandSigmas();

  /** Normal feature rows the one-class SVM is trained on. */
  OptionalInt trainingSize();

  /** A training row is kept every this many samples (they span trainingSize x rowStride). */
  OptionalInt rowStride();

  /** One-class SVM nu: bound on the share of training rows left outside the learned support. */
  OptionalDouble nu();

  /** RBF kernel width on standardised features. */
  OptionalDouble gamma();

  /** Residual, in typical residuals, from which one sample alone is a gross departure. */
  OptionalDouble extremeCut();

  /** Fraction of the range seen so far by which a value must leave it to alert on its own. */
  OptionalDouble rangeTolerance();

  /** Per-sample contraction of that range towards the current level (0 keeps it for ever). */
  OptionalDouble rangeDecay();

  /** Samples before that range is trusted at its tolerance (wider tolerance until then). */
  OptionalInt rangeMaturity();

  /**
   * Samples during which a young series' gross and level-shift cuts are raised (by this many / n at
   * its n-th sample), so its first samples do not alert on a short history.
   */
  OptionalInt grossMaturity();

  /**
   * Cut of the level-shift path (a CUSUM of the series' AR(1) residuals, in typical residuals); 0
   * disables the path.
   */
  OptionalDouble shiftCut();

  /**
   * Steps of the series' resolution (smallest step between successive distinct values) added to the
   * range path's margin, so a count's new record by one does not alert; 0 disables.
   */
  OptionalDouble rangeQuantum();

  /**
   * Steps of the series' resolution below which the volatility feature does not measure a change,
   * so a series idling on its floor is not more anomalous the longer it idles; 0 disables.
   */
  OptionalDouble volatilityQuantum();

  /**
   * Steps of the series' resolution below which the typical residual and one-step change are not
   * taken, so a noise-free or quantised series does not read a rounding difference or one step as a
   * gross departure; 0 disables.
   */
  OptionalDouble residualQuantum();

  /**
   * Fraction of the alert threshold at which an SVM alert is scored when it is only the echo of one
   * spike among the last samples (the short mean's shift, without that spike, is not unusual); 0
   * disables.
   */
  OptionalDouble shiftEchoCap();

  /**
   * Usual sampling intervals after which a sample comes after a gap, its one-step change then
   * judged as a change over the intervals elapsed; 0 disables.
   */
  OptionalDouble gapIntervals();

  /**
   * Sampling interval (seconds) that {@code range-decay} is a share per: a faster-sampled series
   * contracts its range by the same share per unit of time; 0: per sample whatever the interval.
   */
  OptionalDouble rangeDecayInterval();

  /**
   * Sampling interval (seconds) at which {@code range-maturity} was chosen: a series is young for
   * the range path until it has seen that many samples and that many such intervals of time; 0:
   * samples only.
   */
  OptionalDouble rangeMaturityInterval();

  /**
   * Sampling interval (seconds) at which the SVM path's rarity was chosen: a series sampled faster
   * has its tail probability multiplied by the whole samples it makes in that time, so it raises
   * about as many SVM alerts per hour; 0: per sample.
   */
  OptionalDouble rarityInterval();

  /**
   * Seconds around the same time one season earlier within which a departure the series showed then
   * makes today's no gross departure (a nightly job's spike); with it on, gross departures do not
   * raise the cut for the next; 0: off, as before.
   */
  OptionalDouble seasonEchoWindow();

  /**
   * Sampling interval (seconds) at which the SVM's training set (352 rows, one every 3 samples) was
   * chosen: a series sampled faster adds rows more sparsely as it ages, so its training set spans
   * its life up to the same 3.7 days; 0: every 3 samples.
   */
  OptionalDouble trainingInterval();

  /**
   * Sampling interval (seconds) at which the alert pressure's half-life (1,400 samples) was chosen:
   * a series sampled faster keeps its pressure as long in time (4.9 days); 0: per sample.
   */
  OptionalDouble pressureInterval();

  /**
   * Sampling interval (seconds) below which a calm short window (8 samples) is no evidence on its
   * own: a series sampled faster has an SVM alert that only its calm raises scored below the
   * threshold, a stuck metric (one repeated value) still alerts; 0: a calm window alerts at any
   * interval.
   */
  OptionalDouble calmInterval();

  /** How much each recent SVM alert of a series raises the bar for its next one (0 disables). */
  OptionalDouble pressureWeight();

  /** Half-life, in samples, of that alert pressure. */
  OptionalInt pressureHalfLife();

  /** The engine settings: the defaults with the keys set here applied. */
  default EngineSettings toSettings() {
    EngineSettingsBuilder b = EngineSettings.defaults().toBuilder();
    seed().ifPresent(b::seed);
    warmupSamples().ifPresent(b::warmupSamples);
    retrainEvery().ifPresent(b::retrainEvery);
    alertThreshold().ifPresent(b::alertThreshold);
    majorThreshold().ifPresent(b::majorThreshold);
    criticalThreshold().ifPresent(b::criticalThreshold);
    suppressSamples().ifPresent(b::suppressSamples);
    bandSigmas().ifPresent(b::bandSigmas);
    trainingSize().ifPresent(b::trainingSize);
    rowStride().ifPresent(b::rowStride);
    nu().ifPresent(b::nu);
    gamma().ifPresent(b::gamma);
    extremeCut().ifPresent(b::extremeCut);
    rangeTolerance().ifPresent(b::rangeTolerance);
    rangeDecay().ifPresent(b::rangeDecay);
    rangeMaturity().ifPresent(b::rangeMaturity);
    grossMaturity().ifPresent(b::grossMaturity);
    shiftCut().ifPresent(b::shiftCut);
    rangeQuantum().ifPresent(b::rangeQuantum);
    volatilityQuantum().ifPresent(b::volatilityQuantum);
    residualQuantum().ifPresent(b::residualQuantum);
    shiftEchoCap().ifPresent(b::shiftEchoCap);
    gapIntervals().ifPresent(b::gapIntervals);
    rangeDecayInterval().ifPresent(b::rangeDecayInterval);
    rangeMaturityInterval().ifPresent(b::rangeMaturityInterval);
    rarityInterval().ifPresent(b::rarityInterval);
    seasonEchoWindow().ifPresent(b::seasonEchoWindow);
    trainingInterval().ifPresent(b::trainingInterval);
    pressureInterval().ifPresent(b::pressureInterval);
    calmInterval().ifPresent(b::calmInterval);
    pressureWeight().ifPresent(b::pressureWeight);
    pressureHalfLife().ifPresent(b::pressureHalfLife);
    return b.build();
  }
}
