package io.sentinel.engine.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scorer reproduces NAB's published scores of two detectors on the shared reference results.
 * Where {@code ../shared/nab} is absent (CI), the numenta results bundled in the test resources are
 * scored instead, so that check runs on every build.
 */
class NabScorerReferenceTest {
  private static final String BUNDLED = "/nab-reference";

  @TempDir static Path unpacked;

  private static Path nab;
  private static Map<String, List<long[]>> labels;
  private static List<NabProfile> profiles;

  @BeforeAll
  static void load() throws Exception {
    nab = SharedNab.folder().orElseGet(NabScorerReferenceTest::bundled);
    labels = NabCorpus.readLabels(nab.resolve("labels/combined_windows.json"));
    profiles = NabCorpus.readProfiles(nab.resolve("config/profiles.json"));
  }

  /** The bundled copy, gunzipped into a NAB-layout folder. */
  private static Path bundled() {
    try {
      Path root = Path.of(NabScorerReferenceTest.class.getResource(BUNDLED).toURI());
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          String rel = root.relativize(f).toString();
          Path out =
              unpacked.resolve(rel.endsWith(".gz") ? rel.substring(0, rel.length() - 3) : rel);
          Files.createDirectories(out.getParent());
          try (InputStream in =
              rel.endsWith(".gz")
                  ? new GZIPInputStream(Files.newInputStream(f))
                  : Files.newInputStream(f)) {
            Files.copy(in, out);
          }
        }
      }
      return unpacked;
    } catch (Exception e) {
      throw new IllegalStateException("cannot unpack the bundled NAB reference results", e);
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

  /** Published standard / low FP / low FN scores on these 41 files (../shared/nab/README.md). */
  private static final Map<String, double[]> PUBLISHED =
      Map.of(
          "numenta", new double[] {68.58, 62.21, 72.77},
          "windowedGaussian", new double[] {29.06, 14.79, 35.80});

  @Test
  void reproducesThePublishedScoresOfEveryReferenceDetectorAtHand() throws Exception {
    assertThat(nab.resolve("reference/numenta"))
        .as("numenta's results are always at hand")
        .isDirectory();
    for (Map.Entry<String, double[]> published : PUBLISHED.entrySet()) {
      String detector = published.getKey();
      if (!Files.isDirectory(nab.resolve("reference").resolve(detector))) {
        continue; // windowedGaussian's results are only in ../shared/nab, not bundled
      }
      Map<String, Double> s = score(detector);
      double[] p = published.getValue();
      assertThat(s.get("standard")).as(detector).isCloseTo(p[0], within(0.005));
      assertThat(s.get("reward_low_FP_rate")).as(detector).isCloseTo(p[1], within(0.005));
      assertThat(s.get("reward_low_FN_rate")).as(detector).isCloseTo(p[2], within(0.005));
    }
  }
}
