package io.sentinel.detector.config;

import io.sentinel.engine.EngineSettings;
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

  /** The engine settings: the defaults with the keys set here applied. */
  default EngineSettings toSettings() {
    EngineSettings.Builder b = EngineSettings.defaults().toBuilder();
    seed().ifPresent(b::seed);
    warmupSamples().ifPresent(b::warmupSamples);
    retrainEvery().ifPresent(b::retrainEvery);
    alertThreshold().ifPresent(b::alertThreshold);
    majorThreshold().ifPresent(b::majorThreshold);
    criticalThreshold().ifPresent(b::criticalThreshold);
    suppressSamples().ifPresent(b::suppressSamples);
    bandSigmas().ifPresent(b::bandSigmas);
    return b.build();
  }

}
