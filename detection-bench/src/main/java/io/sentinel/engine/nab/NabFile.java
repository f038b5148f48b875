package io.sentinel.engine.nab;

import java.util.List;

/**
 * One data file of a NAB corpus with its labelled windows.
 *
 * @param key the label key, {@code category/file.csv}
 * @param timestampText timestamps as written in the file
 * @param windows labelled anomaly windows as inclusive row-index ranges
 */
record NabFile(
    String key,
    String category,
    String fileName,
    String[] timestampText,
    long[] timestamps,
    double[] values,
    List<int[]> windows) {

  int rows() {
    return values.length;
  }

  /** 1 if the row is inside a labelled window, as NAB's results files say. */
  int label(int row) {
    for (int[] w : windows) {
      if (row >= w[0] && row <= w[1]) {
        return 1;
      }
    }
    return 0;
  }
}
