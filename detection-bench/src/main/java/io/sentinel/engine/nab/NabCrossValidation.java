package io.sentinel.engine.nab;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Leave-one-category-out cross-validation of a detector on a NAB corpus. For each category, every
 * choice made from data is made on the other categories only: the candidate configuration (when
 * several were run) with the best optimised score on them, and that candidate's optimised threshold
 * on them. The held-out category is then scored with that candidate at that threshold, normalised
 * over its own windows.
 */
final class NabCrossValidation {
  private NabCrossValidation() {}

  /**
   * One fold.
   *
   * @param category the held-out category
   * @param candidate index of the configuration chosen on the other categories
   * @param training the chosen candidate's optimised result on the other categories
   * @param heldOut the held-out category scored at {@code training.threshold()}
   */
  record Fold(
      String category, int candidate, NabScorer.Result training, NabScorer.Result heldOut) {}

  /** The category of a label key, {@code category/file.csv}. */
  static String category(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? "" : key.substring(0, slash);
  }

  /** The categories present, sorted. */
  static List<String> categories(List<ScoredFile> files) {
    TreeSet<String> names = new TreeSet<>();
    for (ScoredFile f : files) {
      names.add(category(f.key()));
    }
    return List.copyOf(names);
  }

  static List<ScoredFile> in(List<ScoredFile> files, String category) {
    return files.stream().filter(f -> category(f.key()).equals(category)).toList();
  }

  static List<ScoredFile> notIn(List<ScoredFile> files, String category) {
    return files.stream().filter(f -> !category(f.key()).equals(category)).toList();
  }

  /**
   * Every fold of a corpus under one profile.
   *
   * @param candidates per candidate configuration, its scored files (the same keys for each)
   */
  static List<Fold> folds(List<List<ScoredFile>> candidates, NabProfile profile) {
    List<Fold> folds = new ArrayList<>();
    for (String c : categories(candidates.get(0))) {
      folds.add(fold(candidates, c, profile));
    }
    return folds;
  }

  /** One fold: candidate and threshold chosen without the held-out category's files. */
  static Fold fold(List<List<ScoredFile>> candidates, String heldOut, NabProfile profile) {
    int best = -1;
    NabScorer.Result bestTraining = null;
    for (int k = 0; k < candidates.size(); k++) {
      NabScorer.Result r = NabScorer.score(notIn(candidates.get(k), heldOut), profile);
      if (bestTraining == null || r.rawScore() > bestTraining.rawScore()) {
        best = k;
        bestTraining = r;
      }
    }
    NabScorer.Result scored =
        NabScorer.scoreAt(in(candidates.get(best), heldOut), profile, bestTraining.threshold());
    return new Fold(heldOut, best, bestTraining, scored);
  }

  /** Mean normalised held-out score over the folds that have windows (NaN folds left out). */
  static double mean(List<Fold> folds) {
    double sum = 0;
    int n = 0;
    for (Fold f : folds) {
      if (!Double.isNaN(f.heldOut().normalised())) {
        sum += f.heldOut().normalised();
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /**
   * What a running detector gets on one held-out category under one profile: the score at the fixed
   * alert threshold, beside the cross-validated score (threshold chosen on the other categories,
   * what choosing a threshold from data generalises to) and the category's own optimum (an oracle
   * no fixed threshold can promise).
   */
  record ProductionGap(
      String category, String profile, double atAlert, double crossValidated, double ownOptimum) {
    /** At the alert threshold minus cross-validated: negative when the fixed threshold loses. */
    double toCrossValidated() {
      return atAlert - crossValidated;
    }

    /** At the alert threshold minus the category's own optimum (never positive). */
    double toOwnOptimum() {
      return atAlert - ownOptimum;
    }
  }

  /** Every category with windows under every profile, candidate #0 at the alert threshold. */
  static List<ProductionGap> productionGaps(
      List<List<ScoredFile>> candidates, List<NabProfile> profiles, double alert) {
    List<ProductionGap> gaps = new ArrayList<>();
    List<ScoredFile> engine = candidates.get(0);
    for (String c : categories(engine)) {
      List<ScoredFile> mine = in(engine, c);
      for (NabProfile p : profiles) {
        double at = NabScorer.scoreAt(mine, p, alert).normalised();
        if (Double.isNaN(at)) {
          continue;
        }
        gaps.add(
            new ProductionGap(
                c,
                p.name(),
                at,
                fold(candidates, c, p).heldOut().normalised(),
                NabScorer.score(mine, p).normalised()));
      }
    }
    return gaps;
  }
}
