/**
 * Streaming, causal, per-series anomaly detection.
 *
 * <p>{@link io.sentinel.engine.DetectionEngine} turns each sample of a series into a {@link
 * io.sentinel.engine.Detection}: a score in [0,1], a severity, the expected band of the value and a
 * one-sentence explanation. At its core is a Tribuo LibSVM one-class SVM (RBF kernel) trained on
 * the series' own recent history of engineered features (window statistics, residuals against a
 * learned baseline, rates of change), scaled before the kernel and retrained periodically on recent
 * normal history. All per-series memory lives in a {@link io.sentinel.engine.SeriesState}, which
 * serialises to a compact byte array for a changelog-backed Kafka Streams store.
 *
 * <p>Plain Java on purpose: no framework type appears here, so the detector-service, batch analysis
 * and the NAB benchmark all drive the same code.
 */
package io.sentinel.engine;
