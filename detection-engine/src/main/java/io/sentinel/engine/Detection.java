package io.sentinel.engine;

import io.sentinel.contract.Severity;

/**
 * What the engine says about one sample.
 *
 * @param timestamp the sample's time, epoch milliseconds.
 * @param value the observed value.
 * @param score anomaly score in [0,1]; 0 during warm-up.
 * @param warmingUp true while the series has not seen enough samples to be scored.
 * @param anomalous score at or above {@link EngineSettings#alertThreshold()}, outside warm-up and
 *     outside the suppression period that follows an anomaly.
 * @param severity minor, major or critical by the settings' cut-offs; null unless anomalous.
 * @param expectedLow lower edge of the expected band of the value; NaN during warm-up.
 * @param expectedHigh upper edge of the expected band of the value; NaN during warm-up.
 * @param explanation one human sentence: which feature departed and by how much; null unless
 *     anomalous.
 * @param undampedScore the score before the damping of the suppression period that follows an
 *     alert: how abnormal the sample looks whether or not it may alert. Equal to {@code score}
 *     outside suppression. An open anomaly is still going on while this stays high.
 */
public record Detection(
    long timestamp,
    double value,
    double score,
    boolean warmingUp,
    boolean anomalous,
    Severity severity,
    double expectedLow,
    double expectedHigh,
    String explanation,
    double undampedScore) {}
