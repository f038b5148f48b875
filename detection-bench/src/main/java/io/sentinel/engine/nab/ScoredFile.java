package io.sentinel.engine.nab;

import java.util.List;

/**
 * A detector's scores for one file, as the scorer needs them.
 *
 * @param key the label key, {@code category/file.csv}
 * @param scores anomaly score of every row
 * @param windows labelled windows as inclusive row-index ranges
 */
record ScoredFile(String key, double[] scores, List<int[]> windows) {}
