package io.sentinel.engine.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scorer reproduces NAB's published scores of two detectors on the shared reference results.
 */
class NabScorerReferenceTest {
  private static Path nab;
  private static Map<String, List<long[]>> labels;
  private static List<NabProfile> profiles;

  @BeforeAll
  static void load() throws Exception {
    nab = SharedNab.folder().orElse(null);
    if (nab != null) {
      labels = NabCorpus.readLabels(nab.resolve("labels/combined_windows.json"));
      profiles = NabCorpus.readProfiles(nab.resolve("config/profiles.json"));
    }
  }

  private static Map<String, Double> score(String detector) throws Exception {
    List<ScoredFile> files =
        NabCorpus.readResults(nab.resolve("reference").resolve(detector), detector, labels);
    assertThat(files).hasSize(41);
    Map<String, Double> out = new LinkedHashMap<>();
    for (NabProfile p : profiles) {
      out.put(p.name(), NabScorer.score(files, p).normalised());
    }
    return out;
  }

  @Test
  void reproducesNumentaScores() throws Exception {
    assumeTrue(nab != null, "../shared/nab not found from the repository root");
    Map<String, Double> s = score("numenta");
    assertThat(s.get("standard")).isCloseTo(68.58, within(0.005));
    assertThat(s.get("reward_low_FP_rate")).isCloseTo(62.21, within(0.005));
    assertThat(s.get("reward_low_FN_rate")).isCloseTo(72.77, within(0.005));
  }

  @Test
  void reproducesWindowedGaussianScores() throws Exception {
    assumeTrue(nab != null, "../shared/nab not found from the repository root");
    Map<String, Double> s = score("windowedGaussian");
    assertThat(s.get("standard")).isCloseTo(29.06, within(0.005));
    assertThat(s.get("reward_low_FP_rate")).isCloseTo(14.79, within(0.005));
    assertThat(s.get("reward_low_FN_rate")).isCloseTo(35.80, within(0.005));
  }
}
