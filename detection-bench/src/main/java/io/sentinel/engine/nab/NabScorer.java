package io.sentinel.engine.nab;

import java.util.Arrays;
import java.util.List;

/**
 * NAB's scoring, as the benchmark defines it (nab/sweeper.py and the normalisation in
 * nab/runner.py):
 *
 * <ul>
 *   <li>the first min(floor(0.15 n), 750) rows of a file are probationary and not scored;
 *   <li>a detection at row i inside a window [l, r] is worth tpWeight x scaledSigmoid(-(r - i + 1)
 *       / (r - l + 1)) / scaledSigmoid(-1); only the best (earliest) detection of a window counts,
 *       and a window without one costs -fnWeight;
 *   <li>a detection outside windows costs fpWeight x scaledSigmoid(|i - r'| / (w' - 1)) where r'
 *       and w' are the right edge and width of the previous window, and -fpWeight when there is
 *       none; scaledSigmoid(y) = 2 sigmoid(-5y) - 1, or -1 for y >= 3;
 *   <li>one threshold per detector and profile, over the whole corpus, chosen to maximise the
 *       summed score (a row is a detection when its score is at or above the threshold);
 *   <li>normalised = 100 (S - S_null) / (S_perfect - S_null), S_perfect = windows x tpWeight,
 *       S_null the best score of a detector that always says 0.5.
 * </ul>
 */
final class NabScorer {
  private static final double MAX_TP = scaledSigmoid(-1.0);
  private static final double START_THRESHOLD = 1.1;

  /** Best threshold, the raw and normalised corpus score there, and the confusion counts. */
  record Result(
      NabProfile profile,
      double threshold,
      double rawScore,
      double normalised,
      int tp,
      int fp,
      int fn,
      int windows) {}

  private NabScorer() {}

  static double scaledSigmoid(double relativePosition) {
    if (relativePosition >= 3.0) {
      return -1.0;
    }
    return 2 / (1 + Math.exp(5 * relativePosition)) - 1.0;
  }

  static int probationaryLength(int rows) {
    return (int) Math.min(Math.floor(0.15 * rows), 0.15 * 5000);
  }

  /** Scores a corpus of one detector under one profile. */
  static Result score(List<ScoredFile> files, NabProfile profile) {
    Sweep sweep = new Sweep(files, profile);
    Result best = sweep.best();
    double perfect = totalWindows(files) * profile.tpWeight();
    double nul = nullScore(files, profile);
    double normalised = 100 * (best.rawScore() - nul) / (perfect - nul);
    return new Result(
        profile,
        best.threshold(),
        best.rawScore(),
        normalised,
        best.tp(),
        best.fp(),
        best.fn(),
        best.windows());
  }

  /**
   * Scores a corpus of one detector under one profile at a given threshold (not optimised): what a
   * running detector alerting at that fixed threshold gets, or a held-out set scored at a threshold
   * chosen elsewhere. The normalised score is NaN when the corpus has no scorable window (a perfect
   * detector and the null detector then both score 0).
   */
  static Result scoreAt(List<ScoredFile> files, NabProfile profile, double threshold) {
    Result at = new Sweep(files, profile).at(threshold);
    double perfect = totalWindows(files) * profile.tpWeight();
    double nul = nullScore(files, profile);
    double normalised = perfect > nul ? 100 * (at.rawScore() - nul) / (perfect - nul) : Double.NaN;
    return new Result(
        profile, threshold, at.rawScore(), normalised, at.tp(), at.fp(), at.fn(), at.windows());
  }

  private static int totalWindows(List<ScoredFile> files) {
    int n = 0;
    for (ScoredFile f : files) {
      n += f.windows().size();
    }
    return n;
  }

  /** The score of NAB's null detector (constant 0.5) at its best threshold. */
  static double nullScore(List<ScoredFile> files, NabProfile profile) {
    List<ScoredFile> constant =
        files.stream()
            .map(
                f -> {
                  double[] half = new double[f.scores().length];
                  Arrays.fill(half, 0.5);
                  return new ScoredFile(f.key(), half, f.windows());
                })
            .toList();
    return new Sweep(constant, profile).best().rawScore();
  }

  /**
   * One file's part of a corpus score at a given threshold: per window the row offset of its first
   * detection from the window's start (-1 if missed) and its reward, and the false-positive rows
   * with their summed cost. For diagnostics; the corpus score is {@link #score}.
   */
  record FileDiagnosis(
      String key, double total, int[] firstOffset, double[] reward, int fpRows, double fpCost) {}

  static FileDiagnosis diagnose(ScoredFile f, NabProfile profile, double threshold) {
    double[] scores = f.scores();
    int rows = scores.length;
    int probation = probationaryLength(rows);
    List<int[]> windows = f.windows();
    int[] first = new int[windows.size()];
    double[] reward = new double[windows.size()];
    Arrays.fill(first, -1);
    int prevRight = -1;
    int prevWidth = 0;
    int fpRows = 0;
    double fpCost = 0;
    for (int i = 0; i < rows; i++) {
      int w = -1;
      for (int k = 0; k < windows.size(); k++) {
        if (i >= windows.get(k)[0] && i <= windows.get(k)[1]) {
          w = k;
        }
      }
      boolean detected = i >= probation && scores[i] >= threshold;
      if (w >= 0) {
        int[] win = windows.get(w);
        if (detected && first[w] < 0) {
          double width = win[1] - win[0] + 1;
          first[w] = i - win[0];
          reward[w] = scaledSigmoid(-(win[1] - i + 1) / width) * profile.tpWeight() / MAX_TP;
        }
        if (i == win[1]) {
          prevRight = i;
          prevWidth = win[1] - win[0] + 1;
        }
      } else if (detected) {
        double position = prevRight < 0 ? 3.0 : Math.abs(prevRight - i) / (double) (prevWidth - 1);
        fpRows++;
        fpCost += scaledSigmoid(position) * profile.fpWeight();
      }
    }
    double total = fpCost;
    for (int k = 0; k < windows.size(); k++) {
      if (windows.get(k)[1] < probation) {
        continue;
      }
      if (first[k] < 0) {
        reward[k] = -profile.fnWeight();
      }
      total += reward[k];
    }
    return new FileDiagnosis(f.key(), total, first, reward, fpRows, fpCost);
  }

  /** The per-row weighted scores and window memberships of a corpus, swept over thresholds. */
  private static final class Sweep {
    private final NabProfile profile;
    private double[] anomalyScore;
    private double[] sweepScore;

    /** Global window id of a row, -1 outside windows. Probationary rows are left out. */
    private int[] window;

    private int size;
    private int windowCount;

    Sweep(List<ScoredFile> files, NabProfile profile) {
      this.profile = profile;
      int total = 0;
      for (ScoredFile f : files) {
        total += f.scores().length;
      }
      anomalyScore = new double[total];
      sweepScore = new double[total];
      window = new int[total];
      for (ScoredFile f : files) {
        add(f);
      }
    }

    private void add(ScoredFile f) {
      double[] scores = f.scores();
      int rows = scores.length;
      int probation = probationaryLength(rows);
      List<int[]> windows = f.windows();
      int next = 0;
      int[] current = null;
      int currentId = -1;
      int prevRight = -1;
      int prevWidth = 0;
      for (int i = 0; i < rows; i++) {
        if (current == null && next < windows.size() && windows.get(next)[0] == i) {
          current = windows.get(next++);
          currentId = windowCount++;
        }
        double weighted;
        if (current != null) {
          double width = current[1] - current[0] + 1;
          double position = -(current[1] - i + 1) / width;
          weighted = scaledSigmoid(position) * profile.tpWeight() / MAX_TP;
        } else {
          double position =
              prevRight < 0 ? 3.0 : Math.abs(prevRight - i) / (double) (prevWidth - 1);
          weighted = scaledSigmoid(position) * profile.fpWeight();
        }
        if (i >= probation) {
          anomalyScore[size] = scores[i];
          sweepScore[size] = weighted;
          window[size] = current != null ? currentId : -1;
          size++;
        }
        if (current != null && i == current[1]) {
          prevRight = i;
          prevWidth = current[1] - current[0] + 1;
          current = null;
        }
      }
    }

    /** The total at one threshold: a row is a detection when its score is at or above it. */
    Result at(double threshold) {
      Tally t = new Tally();
      for (int i = 0; i < size; i++) {
        if (anomalyScore[i] >= threshold) {
          t.detect(i);
        }
      }
      return t.result(threshold);
    }

    /** The threshold with the highest total; among equals the highest threshold, as NAB's max(). */
    Result best() {
      Integer[] order = new Integer[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Double.compare(anomalyScore[b], anomalyScore[a]));

      Tally t = new Tally();
      double threshold = START_THRESHOLD;
      // nothing detected: every window missed
      Result best =
          new Result(profile, threshold, t.windowSum, Double.NaN, 0, 0, t.windows, t.windows);
      for (int k = 0; k < size; k++) {
        int i = order[k];
        if (anomalyScore[i] != threshold) {
          best = t.better(best, threshold);
          threshold = anomalyScore[i];
        }
        t.detect(i);
      }
      return t.better(best, threshold);
    }

    /**
     * The running total as rows become detections: each window counts its best detection (a window
     * with at least one scorable row starts as missed), each row outside windows its false-positive
     * cost.
     */
    private final class Tally {
      final double[] windowPart = new double[windowCount];
      int windows;
      double windowSum;
      double fpSum;
      int detectedWindows;
      int fpRows;

      Tally() {
        boolean[] scorable = new boolean[windowCount];
        for (int i = 0; i < size; i++) {
          if (window[i] >= 0 && !scorable[window[i]]) {
            scorable[window[i]] = true;
            windowPart[window[i]] = -profile.fnWeight();
            windows++;
          }
        }
        windowSum = -profile.fnWeight() * windows;
      }

      /** Counts row i as a detection. */
      void detect(int i) {
        int w = window[i];
        if (w < 0) {
          fpSum += sweepScore[i];
          fpRows++;
        } else if (sweepScore[i] > windowPart[w]) {
          if (windowPart[w] == -profile.fnWeight()) {
            detectedWindows++;
          }
          windowSum += sweepScore[i] - windowPart[w];
          windowPart[w] = sweepScore[i];
        }
      }

      /** The total so far as the result at this threshold. */
      Result result(double threshold) {
        return new Result(
            profile,
            threshold,
            windowSum + fpSum,
            Double.NaN,
            detectedWindows,
            fpRows,
            windows - detectedWindows,
            windows);
      }

      /** The total so far at this threshold if it beats the best so far, else the best. */
      Result better(Result best, double threshold) {
        return windowSum + fpSum > best.rawScore() ? result(threshold) : best;
      }
    }
  }
}
