package io.sentinel.engine.nab;

import static io.sentinel.engine.nab.NabMain.BASELINE;
import static io.sentinel.engine.nab.NabMain.ENGINE;
import static io.sentinel.engine.nab.NabMain.OUT;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tables {@link NabMain} prints: optimised scores per detector and profile, the engine at its
 * alert threshold, thresholds and detections, per-file diagnosis and the leave-one-category-out
 * cross-validation.
 */
final class NabReport {
  private NabReport() {}

  /**
   * The optimised results per detector and profile, and the engine's at its alert threshold per
   * profile.
   */
  record Scores(
      Map<String, Map<String, NabScorer.Result>> optimised,
      Map<String, NabScorer.Result> production) {}

  /**
   * Prints the optimised score of every detector of the table under every profile (after the header
   * and the note, if any), then the engine's at its alert threshold, and the thresholds of the
   * detectors of {@code all}.
   */
  static Scores scores(
      List<NabProfile> profiles,
      Map<String, List<ScoredFile>> table,
      Map<String, List<ScoredFile>> all,
      String note,
      double alert) {
    OUT.println();
    OUT.printf(Locale.ROOT, "%-28s", "detector (optimised)");
    for (NabProfile p : profiles) {
      OUT.printf(Locale.ROOT, " %20s", p.name());
    }
    OUT.println();
    if (note != null) {
      OUT.println(note);
    }
    Map<String, Map<String, NabScorer.Result>> results = new LinkedHashMap<>();
    for (var e : table.entrySet()) {
      Map<String, NabScorer.Result> byProfile = new LinkedHashMap<>();
      OUT.printf(Locale.ROOT, "%-28s", e.getKey());
      for (NabProfile p : profiles) {
        NabScorer.Result r = NabScorer.score(e.getValue(), p);
        byProfile.put(p.name(), r);
        OUT.printf(Locale.ROOT, " %20.2f", r.normalised());
      }
      OUT.println();
      results.put(e.getKey(), byProfile);
    }
    Map<String, NabScorer.Result> production = new LinkedHashMap<>();
    OUT.printf(Locale.ROOT, "%-28s", String.format(Locale.ROOT, "%s at %.3f", ENGINE, alert));
    for (NabProfile p : profiles) {
      NabScorer.Result r = NabScorer.scoreAt(all.get(ENGINE), p, alert);
      production.put(p.name(), r);
      OUT.printf(Locale.ROOT, " %20.2f", r.normalised());
    }
    OUT.println();
    OUT.printf(
        Locale.ROOT,
        "(the last row is what a running detector gets: every profile scored at the engine's"
            + " alert threshold %.3f, the detector-service default, instead of the optimised"
            + " one)%n",
        alert);
    OUT.println();
    OUT.println("thresholds (optimised per profile over the corpus) and detections at them:");
    for (String name : all.keySet()) {
      for (NabScorer.Result r : results.get(name).values()) {
        printThreshold(name, r);
      }
    }
    for (NabScorer.Result r : production.values()) {
      printThreshold(ENGINE + " (alert)", r);
    }
    return new Scores(results, production);
  }

  /** Per file, the engine at its standard-profile corpus threshold. */
  static void perFile(
      Map<String, Map<String, NabScorer.Result>> results, Map<String, List<ScoredFile>> all) {
    Map<String, NabScorer.Result> engineResults = results.get(ENGINE);
    NabScorer.Result standard =
        engineResults.getOrDefault("standard", engineResults.values().iterator().next());
    OUT.println();
    OUT.printf(
        Locale.ROOT,
        "per file, %s at threshold %.6f (%s): window = first detection as +rows after its start"
            + " @ reward, or MISS%n",
        ENGINE,
        standard.threshold(),
        standard.profile().name());
    for (ScoredFile f : all.get(ENGINE)) {
      NabScorer.FileDiagnosis d = NabScorer.diagnose(f, standard.profile(), standard.threshold());
      StringBuilder w = new StringBuilder();
      for (int j = 0; j < d.firstOffset().length; j++) {
        w.append(' ');
        w.append(
            d.firstOffset()[j] < 0
                ? "MISS"
                : String.format(Locale.ROOT, "+%d@%.2f", d.firstOffset()[j], d.reward()[j]));
      }
      OUT.printf(
          Locale.ROOT,
          "  %-58s %7.2f  fp %3d rows (%6.2f) |%s%n",
          d.key(),
          d.total(),
          d.fpRows(),
          d.fpCost(),
          w);
    }
  }

  private static void printThreshold(String name, NabScorer.Result r) {
    OUT.printf(
        Locale.ROOT,
        "  %-17s %-19s threshold=%.6f windows detected %d/%d, false-positive rows %d, raw %.3f%n",
        name,
        r.profile().name(),
        r.threshold(),
        r.tp(),
        r.windows(),
        r.fp(),
        r.rawScore());
  }

  /**
   * Prints the leave-one-category-out table and returns the engine's mean held-out standard score
   * over the categories with windows.
   */
  static double crossValidate(
      List<NabProfile> profiles,
      List<List<ScoredFile>> candidates,
      List<String> candidateNames,
      List<ScoredFile> baseline,
      Map<String, List<ScoredFile>> published,
      double alert) {
    NabProfile standard =
        profiles.stream()
            .filter(p -> p.name().equals("standard"))
            .findFirst()
            .orElse(profiles.get(0));
    List<ScoredFile> engine = candidates.get(0);
    OUT.println();
    OUT.printf(
        Locale.ROOT,
        "leave-one-category-out (%s profile): each category scored at the threshold%s chosen on"
            + " the other categories%n",
        standard.name(),
        candidates.size() > 1 ? " and candidate" : "");
    OUT.printf(
        Locale.ROOT,
        "  %-22s %5s %7s | %8s %9s %8s %8s | %8s | %-26s %8s %9s%n",
        "category",
        "files",
        "windows",
        "cv",
        "threshold",
        "own-opt",
        "at-alert",
        BASELINE.substring(0, 8),
        "best published (own-opt)",
        "ARTime",
        "ARTime-cv");
    List<NabCrossValidation.Fold> folds = NabCrossValidation.folds(candidates, standard);
    List<NabCrossValidation.Fold> baseFolds =
        baseline == null ? null : NabCrossValidation.folds(List.of(baseline), standard);
    List<NabCrossValidation.Fold> artFolds =
        published.containsKey("ARTime")
            ? NabCrossValidation.folds(List.of(published.get("ARTime")), standard)
            : null;
    double artSum = 0;
    double bestSum = 0;
    int withWindows = 0;
    for (int i = 0; i < folds.size(); i++) {
      NabCrossValidation.Fold f = folds.get(i);
      List<ScoredFile> mine = NabCrossValidation.in(engine, f.category());
      NabScorer.Result own = NabScorer.score(mine, standard);
      NabScorer.Result atAlert = NabScorer.scoreAt(mine, standard, alert);
      String bestName = "-";
      double best = Double.NaN;
      double art = Double.NaN;
      for (var e : published.entrySet()) {
        List<ScoredFile> theirs = NabCrossValidation.in(e.getValue(), f.category());
        double v = NabScorer.score(theirs, standard).normalised();
        if (!Double.isNaN(v) && (Double.isNaN(best) || v > best)) {
          best = v;
          bestName = e.getKey();
        }
        if (e.getKey().equals("ARTime")) {
          art = v;
        }
      }
      if (!Double.isNaN(f.heldOut().normalised())) {
        withWindows++;
        artSum += art;
        bestSum += best;
      }
      OUT.printf(
          Locale.ROOT,
          "  %-22s %5d %7d | %8s %9.4f %8s %8s | %8s | %-26s %8s %9s%s%n",
          f.category(),
          mine.size(),
          f.heldOut().windows(),
          fmt(f.heldOut().normalised()),
          f.training().threshold(),
          fmt(own.normalised()),
          fmt(atAlert.normalised()),
          baseFolds == null ? "-" : fmt(baseFolds.get(i).heldOut().normalised()),
          Double.isNaN(best) ? "-" : String.format(Locale.ROOT, "%s %.2f", bestName, best),
          fmt(art),
          artFolds == null ? "-" : fmt(artFolds.get(i).heldOut().normalised()),
          Double.isNaN(f.heldOut().normalised())
              ? String.format(
                  Locale.ROOT,
                  "  (no windows: %d false-positive rows at cv, %d at alert)",
                  f.heldOut().fp(),
                  atAlert.fp())
              : candidates.size() > 1
                  ? "  chose #" + f.candidate() + " " + candidateNames.get(f.candidate())
                  : "");
    }
    double mean = NabCrossValidation.mean(folds);
    OUT.printf(
        Locale.ROOT,
        "  mean over the %d categories with windows: %s cv %.2f, %s cv %s, ARTime %.2f (cv %s),"
            + " best published per category %.2f%n",
        withWindows,
        ENGINE,
        mean,
        BASELINE,
        baseFolds == null ? "-" : fmt(NabCrossValidation.mean(baseFolds)),
        artSum / withWindows,
        artFolds == null ? "-" : fmt(NabCrossValidation.mean(artFolds)),
        bestSum / withWindows);
    OUT.println();
    OUT.printf(
        Locale.ROOT,
        "production threshold %.3f (the detector-service default) per category and profile:"
            + " at-alert / cv / own-optimum (gap to cv, gap to own optimum)%n",
        alert);
    List<NabCrossValidation.ProductionGap> gaps =
        NabCrossValidation.productionGaps(candidates, profiles, alert);
    NabCrossValidation.ProductionGap worstCv = null;
    NabCrossValidation.ProductionGap worstOwn = null;
    for (String c : NabCrossValidation.categories(engine)) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-22s", c));
      for (NabCrossValidation.ProductionGap g : gaps) {
        if (!g.category().equals(c)) {
          continue;
        }
        line.append(
            String.format(
                Locale.ROOT,
                "  %s %.2f / %.2f / %.2f (%+.2f, %+.2f)",
                g.profile(),
                g.atAlert(),
                g.crossValidated(),
                g.ownOptimum(),
                g.toCrossValidated(),
                g.toOwnOptimum()));
        if (worstCv == null || g.toCrossValidated() < worstCv.toCrossValidated()) {
          worstCv = g;
        }
        if (worstOwn == null || g.toOwnOptimum() < worstOwn.toOwnOptimum()) {
          worstOwn = g;
        }
      }
      OUT.println(line.length() > 24 ? line : line + "  n/a (no windows)");
    }
    if (worstCv != null) {
      OUT.printf(
          Locale.ROOT,
          "  worst gap to cv %+.2f (%s, %s), to the own optimum %+.2f (%s, %s); the bar: no gap"
              + " to cv below -2.00%n",
          worstCv.toCrossValidated(),
          worstCv.category(),
          worstCv.profile(),
          worstOwn.toOwnOptimum(),
          worstOwn.category(),
          worstOwn.profile());
    }
    return mean;
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
  }
}
