package io.sentinel.engine;

import io.sentinel.contract.Severity;
import java.util.Locale;

/** Severity and the sentence of an alert: which departure, how large, how rare for the series. */
final class Explanations {
  private final EngineSettings settings;

  Explanations(EngineSettings settings) {
    this.settings = settings;
  }

  /**
   * Severity of an alert of the range path, by how far beyond the tolerance the value lies: a new
   * extreme just past it is minor, {@value DetectionEngine#RANGE_MAJOR_DISTANCE} times as far
   * major, {@value DetectionEngine#RANGE_CRITICAL_DISTANCE} times critical (its score reaches the
   * critical threshold already at 1.2 times, which made every young series' new record critical);
   * never below what the SVM path says of the same sample.
   */
  Severity rangeSeverity(double outside, double svmScore) {
    // departureScore: 1 - (1 - threshold) / distance^2, with distance in tolerances
    double distance = Math.sqrt((1 - settings.alertThreshold()) / Math.max(1e-12, 1 - outside));
    Severity byDistance =
        distance >= DetectionEngine.RANGE_CRITICAL_DISTANCE
            ? Severity.CRITICAL
            : distance >= DetectionEngine.RANGE_MAJOR_DISTANCE ? Severity.MAJOR : Severity.MINOR;
    if (svmScore >= settings.alertThreshold()) {
      Severity bySvm = severity(svmScore);
      return bySvm.compareTo(byDistance) > 0 ? bySvm : byDistance;
    }
    return byDistance;
  }

  Severity severity(double score) {
    if (score >= settings.criticalThreshold()) {
      return Severity.CRITICAL;
    }
    if (score >= settings.majorThreshold()) {
      return Severity.MAJOR;
    }
    return Severity.MINOR;
  }

  String explainShift(SeriesState s, double value, double low, double high) {
    boolean up = s.shiftUp >= s.shiftDown;
    return String.format(
        Locale.ROOT,
        "value %s: the series has stayed %s its usual level for a while (its departures"
            + " accumulate to %.0f typical deviations beyond what its own persistence explains)"
            + " (expected %s to %s)",
        num(value),
        up ? "above" : "below",
        Math.max(s.shiftUp, s.shiftDown),
        num(low),
        num(high));
  }

  String explainRange(SeriesState s, double value, double low, double high) {
    double width = s.rangeHigh - s.rangeLow;
    boolean above = value > s.rangeHigh;
    double beyond = above ? value - s.rangeHigh : s.rangeLow - value;
    return String.format(
        Locale.ROOT,
        "value %s is %s everything seen so far (%s to %s) by %.0f%% of that range"
            + " (expected %s to %s)",
        num(value),
        above ? "above" : "below",
        num(s.rangeLow),
        num(s.rangeHigh),
        100 * beyond / width,
        num(low),
        num(high));
  }

  /** The feature an explanation names: the largest standardised departure. */
  static Feature dominant(double[] standardised) {
    Feature top = Feature.LEVEL;
    double best = -1;
    for (Feature f : Feature.ALL) {
      // volatility reacts to any departure; name it only when it clearly dominates
      double weight = f == Feature.VOLATILITY ? 0.3 : 1.0;
      double a = weight * Math.abs(standardised[f.ordinal()]);
      if (a > best) {
        best = a;
        top = f;
      }
    }
    return top;
  }

  String explain(
      SeriesState s,
      long timestampMs,
      double value,
      double[] z,
      double[] row,
      double[] standardised,
      double expectedValue,
      double low,
      double high) {
    Feature top = dominant(standardised);
    double v = z[top.ordinal()];
    String dir = v >= 0 ? "above" : "below";
    String sentence =
        switch (top) {
          case LEVEL ->
              String.format(
                  Locale.ROOT,
                  "value %s is %.1f standard deviations %s its level over the last %d samples",
                  num(value),
                  Math.abs(v),
                  dir,
                  s.history.length);
          case RESIDUAL ->
              String.format(
                  Locale.ROOT,
                  "value %s is %.1f typical deviations %s the expected %s",
                  num(value),
                  Math.abs(v),
                  dir,
                  num(expectedValue));
          case CHANGE -> {
            // after a gap the change was judged as one over the steps it spans: say so
            double gap = FeatureExtractor.intervalsAcrossGap(s, timestampMs, settings);
            String span =
                gap > 1
                    ? String.format(
                        Locale.ROOT,
                        "since the previous sample, %.0f usual sampling intervals earlier,",
                        gap)
                    : "in one step,";
            yield String.format(
                Locale.ROOT,
                "value %s %s by %s %s %.1f times the typical change%s",
                num(value),
                v >= 0 ? "rose" : "fell",
                num(Math.abs(value - s.previous)),
                span,
                Math.abs(v),
                gap > 1 ? " over that span" : "");
          }
          case SHIFT ->
              String.format(
                  Locale.ROOT,
                  "the mean of the last %d samples shifted %.1f standard deviations %s the usual"
                      + " level",
                  settings.shortWindow(),
                  Math.abs(v),
                  dir);
          case VOLATILITY ->
              String.format(
                  Locale.ROOT,
                  "volatility over the last %d samples is %.1f times its usual level",
                  settings.shortWindow(),
                  v);
        };
    return sentence
        + rarity(s, top, row[top.ordinal()])
        + String.format(Locale.ROOT, " (expected %s to %s)", num(low), num(high));
  }

  /**
   * How rare the named feature's value is in the series' recent normal history (the SVM's training
   * rows): a small departure in standard deviations can still be one the series never makes, and a
   * common one is unusual only together with the other features.
   */
  private static String rarity(SeriesState s, Feature top, double current) {
    if (s.rowCount == 0) {
      return "";
    }
    int j = top.ordinal();
    int asFar = 0;
    for (int i = 0; i < s.rowCount; i++) {
      double r = s.rows[i * Feature.COUNT + j];
      if (current >= 0 ? r >= current : r <= current) {
        asFar++;
      }
    }
    double share = asFar / (double) s.rowCount;
    if (asFar == 0) {
      return ", further than anywhere in its recent normal history";
    }
    if (share <= 0.05) {
      return String.format(
          Locale.ROOT,
          ", further than in %d%% of its recent normal history",
          (int) Math.floor(100 * (1 - share)));
    }
    return ", not rare on its own but unusual together with the series' other recent behaviour";
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
