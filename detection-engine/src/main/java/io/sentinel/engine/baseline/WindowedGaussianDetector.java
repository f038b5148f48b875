package io.sentinel.engine.baseline;

import io.sentinel.engine.Gaussian;
import java.nio.ByteBuffer;

/**
 * NAB's windowedGaussian baseline, ported: the score of a value is 1 minus the two-sided Gaussian
 * tail probability of that value under the mean and standard deviation of a window of up to 6400
 * past values, which slides forward in steps of 100 once full. Causal, like the engine.
 */
public final class WindowedGaussianDetector {
  public static final int WINDOW_SIZE = 6400;
  public static final int STEP_SIZE = 100;

  /** Per-series state: the window, the step buffer and the current mean and deviation. */
  public static final class State {
    private final double[] window = new double[WINDOW_SIZE];
    private int windowStart;
    private int windowLength;
    private final double[] step = new double[STEP_SIZE];
    private int stepLength;
    private double mean;
    private double std = 1;
  }

  public State newSeries() {
    return new State();
  }

  /** Scores a value against the window so far, then learns it; returns the score in [0,1]. */
  public double update(State s, long timestampMs, double value) {
    double score = 0;
    if (s.windowLength > 0) {
      double x = value < s.mean ? 2 * s.mean - value : value;
      score = 1 - Gaussian.tail((x - s.mean) / s.std);
    }
    if (s.windowLength < WINDOW_SIZE) {
      s.window[(s.windowStart + s.windowLength) % WINDOW_SIZE] = value;
      s.windowLength++;
      refresh(s);
    } else {
      s.step[s.stepLength++] = value;
      if (s.stepLength == STEP_SIZE) {
        for (int i = 0; i < STEP_SIZE; i++) {
          s.window[(s.windowStart + i) % WINDOW_SIZE] = s.step[i];
        }
        s.windowStart = (s.windowStart + STEP_SIZE) % WINDOW_SIZE;
        s.stepLength = 0;
        refresh(s);
      }
    }
    return score;
  }

  /** Serialized size of a state: the filled window and step buffer plus a few scalars. */
  public byte[] toBytes(State s) {
    ByteBuffer b = ByteBuffer.allocate(32 + 8 * (s.windowLength + s.stepLength));
    b.putInt(s.windowStart).putInt(s.windowLength).putInt(s.stepLength);
    b.putDouble(s.mean).putDouble(s.std);
    for (int i = 0; i < s.windowLength; i++) {
      b.putDouble(s.window[(s.windowStart + i) % WINDOW_SIZE]);
    }
    for (int i = 0; i < s.stepLength; i++) {
      b.putDouble(s.step[i]);
    }
    return b.array();
  }

  private static void refresh(State s) {
    int n = s.windowLength;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += s.window[(s.windowStart + i) % WINDOW_SIZE];
    }
    double mean = sum / n;
    double sq = 0;
    for (int i = 0; i < n; i++) {
      double d = s.window[(s.windowStart + i) % WINDOW_SIZE] - mean;
      sq += d * d;
    }
    s.mean = mean;
    s.std = Math.sqrt(sq / n);
    if (s.std == 0.0) {
      s.std = 0.000001;
    }
  }
}
