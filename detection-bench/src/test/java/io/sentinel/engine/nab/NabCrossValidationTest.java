package io.sentinel.engine.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Files of 100 rows (probation 15) with one window on rows 40..59, as in {@link NabScorerTest}. */
class NabCrossValidationTest {
  private static final NabProfile STANDARD = new NabProfile("standard", 1.0, 0.11, 1.0);
  private static final List<int[]> WINDOW = List.<int[]>of(new int[] {40, 59});

  private static ScoredFile file(String key, double... scoresAt) {
    double[] scores = new double[100];
    for (int i = 0; i < scoresAt.length; i += 2) {
      scores[(int) scoresAt[i]] = scoresAt[i + 1];
    }
    return new ScoredFile(key, scores, WINDOW);
  }

  @Test
  void heldOutCategoryIsScoredAtTheThresholdOfTheOtherCategories() {
    // A's window scores 0.6 only; B and C detect theirs at 0.8 and have a false positive at 0.6,
    // so the other categories' optimum is 0.8, where A's window is missed
    List<ScoredFile> files =
        List.of(
            file("A/a.csv", 40, 0.6),
            file("B/b.csv", 40, 0.8, 20, 0.6),
            file("C/c.csv", 40, 0.8, 25, 0.6));

    NabCrossValidation.Fold a = NabCrossValidation.fold(List.of(files), "A", STANDARD);

    assertThat(a.training().threshold()).isEqualTo(0.8);
    assertThat(a.heldOut().threshold()).isEqualTo(0.8);
    assertThat(a.heldOut().tp()).isZero();
    assertThat(a.heldOut().normalised()).isCloseTo(0.0, within(1e-9));
    // on its own, A would pick 0.6 and be perfect: the fold must not use that
    assertThat(NabScorer.score(NabCrossValidation.in(files, "A"), STANDARD).normalised())
        .isCloseTo(100.0, within(1e-9));

    // B held out: threshold from A and C; at 0.8 A's window is missed and C's false positive
    // at 0.6 is avoided, at 0.6 A's window is found at the cost of C's false positive
    NabCrossValidation.Fold b = NabCrossValidation.fold(List.of(files), "B", STANDARD);
    assertThat(b.training().threshold()).isEqualTo(0.6);
    assertThat(b.heldOut().tp()).isEqualTo(1);
    assertThat(b.heldOut().fp()).isEqualTo(1);
  }

  @Test
  void candidateIsChosenOnTheOtherCategoriesOnly() {
    // candidate 0 finds A's window and misses B's and C's; candidate 1 the other way round
    List<ScoredFile> zero = List.of(file("A/a.csv", 40, 0.9), file("B/b.csv"), file("C/c.csv"));
    List<ScoredFile> one =
        List.of(file("A/a.csv"), file("B/b.csv", 40, 0.9), file("C/c.csv", 40, 0.9));

    List<NabCrossValidation.Fold> folds = NabCrossValidation.folds(List.of(zero, one), STANDARD);

    assertThat(folds).extracting(NabCrossValidation.Fold::category).containsExactly("A", "B", "C");
    NabCrossValidation.Fold a = folds.get(0);
    assertThat(a.candidate()).isEqualTo(1);
    assertThat(a.heldOut().tp()).isZero();
    // B held out: A favours 0, C favours 1, a tie that goes to the first candidate
    assertThat(folds.get(1).candidate()).isEqualTo(0);
    assertThat(folds.get(1).heldOut().tp()).isZero();
    assertThat(NabCrossValidation.mean(folds)).isCloseTo(0.0, within(1e-9));
  }

  @Test
  void categoriesWithoutWindowsAreLeftOutOfTheMean() {
    List<ScoredFile> files =
        List.of(
            file("A/a.csv", 40, 0.9),
            file("B/b.csv", 40, 0.9),
            new ScoredFile("N/quiet.csv", new double[100], List.of()));

    List<NabCrossValidation.Fold> folds = NabCrossValidation.folds(List.of(files), STANDARD);

    assertThat(folds.get(2).category()).isEqualTo("N");
    assertThat(folds.get(2).heldOut().normalised()).isNaN();
    assertThat(NabCrossValidation.mean(folds)).isCloseTo(100.0, within(1e-9));
  }

  @Test
  void productionGapComparesTheFixedThresholdWithTheCrossValidatedAndOwnOptimum() {
    // A's window scores 0.6 only; B and C detect theirs at 0.8 and have a false positive at 0.6.
    // A fixed threshold of 0.55 finds A's window (as its own optimum, 0.6, does) where the
    // threshold chosen on B and C (0.8) misses it; on B it keeps the false positive that B's own
    // optimum (0.8) avoids
    List<ScoredFile> files =
        List.of(
            file("A/a.csv", 40, 0.6),
            file("B/b.csv", 40, 0.8, 20, 0.6),
            file("C/c.csv", 40, 0.8, 25, 0.6),
            new ScoredFile("N/quiet.csv", new double[100], List.of()));

    List<NabCrossValidation.ProductionGap> gaps =
        NabCrossValidation.productionGaps(List.of(files), List.of(STANDARD), 0.55);

    // the category without windows has no normalised score and no gap
    assertThat(gaps)
        .extracting(NabCrossValidation.ProductionGap::category)
        .containsExactly("A", "B", "C");
    NabCrossValidation.ProductionGap a = gaps.get(0);
    assertThat(a.atAlert()).isCloseTo(100.0, within(1e-9));
    assertThat(a.crossValidated()).isCloseTo(0.0, within(1e-9));
    assertThat(a.toCrossValidated()).isCloseTo(100.0, within(1e-9));
    assertThat(a.toOwnOptimum()).isCloseTo(0.0, within(1e-9));
    NabCrossValidation.ProductionGap b = gaps.get(1);
    assertThat(b.toOwnOptimum()).isNegative();
    assertThat(b.atAlert())
        .isCloseTo(
            NabScorer.scoreAt(List.of(files.get(1)), STANDARD, 0.6).normalised(), within(1e-9));
    // B's fold threshold comes from A and C: 0.6, the same rows as at 0.55
    assertThat(b.toCrossValidated()).isCloseTo(0.0, within(1e-9));
  }
}
