package io.sentinel.engine.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-made cases: 100 rows (probation 15), one window on rows 40..59 (width 20). */
class NabScorerTest {
  private static final NabProfile STANDARD = new NabProfile("standard", 1.0, 0.11, 1.0);
  private static final NabProfile LOW_FN = new NabProfile("reward_low_FN_rate", 1.0, 0.11, 2.0);
  private static final List<int[]> WINDOW = List.<int[]>of(new int[] {40, 59});

  private static ScoredFile file(double... scoresAt) {
    double[] scores = new double[100];
    for (int i = 0; i < scoresAt.length; i += 2) {
      scores[(int) scoresAt[i]] = scoresAt[i + 1];
    }
    return new ScoredFile("cat/f.csv", scores, WINDOW);
  }

  @Test
  void probationIsFifteenPercentCappedAt750() {
    assertThat(NabScorer.probationaryLength(100)).isEqualTo(15);
    assertThat(NabScorer.probationaryLength(4032)).isEqualTo(604);
    assertThat(NabScorer.probationaryLength(22695)).isEqualTo(750);
  }

  @Test
  void detectionAtTheWindowStartIsAPerfectScore() {
    NabScorer.Result r = NabScorer.score(List.of(file(40, 1.0)), STANDARD);
    assertThat(r.rawScore()).isCloseTo(1.0, within(1e-12));
    assertThat(r.normalised()).isCloseTo(100.0, within(1e-9));
    assertThat(r.threshold()).isEqualTo(1.0);
  }

  @Test
  void laterDetectionInAWindowEarnsLessBySigmoid() {
    assertThat(NabScorer.score(List.of(file(59, 1.0)), STANDARD).rawScore())
        .isCloseTo(0.1260401374727592, within(1e-12));
    assertThat(NabScorer.score(List.of(file(45, 1.0)), STANDARD).rawScore())
        .isCloseTo(0.9669890878000605, within(1e-12));
  }

  @Test
  void onlyTheEarliestDetectionOfAWindowCounts() {
    NabScorer.Result r = NabScorer.score(List.of(file(45, 1.0, 50, 1.0, 58, 1.0)), STANDARD);
    assertThat(r.rawScore()).isCloseTo(0.9669890878000605, within(1e-12));
  }

  @Test
  void falsePositiveAfterAWindowCostsBySigmoidOfDistance() {
    NabScorer.Result r = NabScorer.score(List.of(file(45, 1.0, 70, 1.0)), STANDARD);
    assertThat(r.rawScore()).isCloseTo(0.8685202456495814, within(1e-12));
  }

  @Test
  void thresholdIsChosenToLeaveOutACostlyLowerScore() {
    // the false positive before any window costs the full fpWeight; scoring it would lose 0.11
    NabScorer.Result r = NabScorer.score(List.of(file(20, 0.9, 45, 1.0)), STANDARD);
    assertThat(r.threshold()).isEqualTo(1.0);
    assertThat(r.rawScore()).isCloseTo(0.9669890878000605, within(1e-12));
    assertThat(r.fp()).isZero();
  }

  @Test
  void detectionsDuringProbationAreIgnored() {
    NabScorer.Result r = NabScorer.score(List.of(file(10, 1.0)), STANDARD);
    assertThat(r.rawScore()).isCloseTo(-1.0, within(1e-12));
    assertThat(r.normalised()).isCloseTo(0.0, within(1e-9));
  }

  @Test
  void missedWindowCostsFnWeightAndNormalisesAgainstTheNullDetector() {
    NabScorer.Result r = NabScorer.score(List.of(file()), LOW_FN);
    assertThat(r.rawScore()).isCloseTo(-2.0, within(1e-12));
    assertThat(r.normalised()).isCloseTo(0.0, within(1e-9));
    NabScorer.Result half = NabScorer.score(List.of(file(59, 1.0)), LOW_FN);
    // 100 * (0.12604 - (-2)) / (1 - (-2))
    assertThat(half.normalised()).isCloseTo(100 * (0.1260401374727592 + 2) / 3, within(1e-9));
  }

  @Test
  void oneThresholdServesTheWholeCorpus() {
    ScoredFile a = file(45, 0.8);
    ScoredFile b = new ScoredFile("cat/g.csv", file(30, 0.9).scores(), WINDOW);
    // at 0.9 file b's false positive costs 0.11 and a's window is missed; at 0.8 both count
    NabScorer.Result r = NabScorer.score(List.of(a, b), STANDARD);
    assertThat(r.threshold()).isEqualTo(0.8);
    assertThat(r.rawScore()).isCloseTo(0.9669890878000605 - 0.11 - 1.0, within(1e-12));
    assertThat(r.normalised()).isCloseTo(100 * (r.rawScore() + 2) / (2 + 2), within(1e-9));
  }

  @Test
  void scoreAtTheOptimisedThresholdIsTheOptimisedScore() {
    List<ScoredFile> files = List.of(file(20, 0.9, 45, 1.0, 70, 0.95), file(50, 0.97));
    NabScorer.Result best = NabScorer.score(files, STANDARD);
    NabScorer.Result at = NabScorer.scoreAt(files, STANDARD, best.threshold());
    assertThat(at.rawScore()).isCloseTo(best.rawScore(), within(1e-12));
    assertThat(at.normalised()).isCloseTo(best.normalised(), within(1e-9));
    assertThat(at.tp()).isEqualTo(best.tp());
    assertThat(at.fp()).isEqualTo(best.fp());
  }

  @Test
  void scoreAtAFixedThresholdCountsEveryRowAtOrAboveIt() {
    // at 0.9 the false positive at row 20 (before any window: full fpWeight) and the detection at
    // row 45 count; at 0.95 only the detection
    List<ScoredFile> files = List.of(file(20, 0.9, 45, 0.95));
    NabScorer.Result low = NabScorer.scoreAt(files, STANDARD, 0.9);
    assertThat(low.fp()).isEqualTo(1);
    assertThat(low.rawScore()).isCloseTo(0.9669890878000605 - 0.11, within(1e-12));
    assertThat(NabScorer.scoreAt(files, STANDARD, 0.95).rawScore())
        .isCloseTo(0.9669890878000605, within(1e-12));
    assertThat(NabScorer.scoreAt(files, STANDARD, 0.96).tp()).isZero();
  }
}
