package io.sentinel.engine.nab;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentinel.engine.EngineSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabMainTest {
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @TempDir Path tmp;

  private static void writeSeries(Path csv, int rows, int spikeAt, long seed) throws IOException {
    Files.createDirectories(csv.getParent());
    Random random = new Random(seed);
    StringBuilder b = new StringBuilder("timestamp,value\n");
    LocalDateTime t = LocalDateTime.of(2020, 1, 1, 0, 0);
    for (int i = 0; i < rows; i++) {
      double v = 10 + Math.sin(i / 20.0) + 0.2 * random.nextGaussian() + (i == spikeAt ? 15 : 0);
      b.append(t.plusMinutes(5L * i).format(TS)).append(',').append(v).append('\n');
    }
    Files.writeString(csv, b);
  }

  private static void writeCorpus(Path data) throws IOException {
    writeSeries(data.resolve("data/catA/one.csv"), 900, 700, 1);
    writeSeries(data.resolve("data/catB/two.csv"), 900, -1, 2);
    LocalDateTime t0 = LocalDateTime.of(2020, 1, 1, 0, 0);
    String start = t0.plusMinutes(5L * 680).format(TS) + ".000000";
    String end = t0.plusMinutes(5L * 720).format(TS) + ".000000";
    Files.createDirectories(data.resolve("labels"));
    Files.writeString(
        data.resolve("labels/combined_windows.json"),
        "{\"catA/one.csv\": [[\"" + start + "\", \"" + end + "\"]], \"catB/two.csv\": []}");
    Files.createDirectories(data.resolve("config"));
    Files.writeString(
        data.resolve("config/profiles.json"),
        "{\"standard\": {\"CostMatrix\": {\"tpWeight\": 1.0, \"fnWeight\": 1.0, \"fpWeight\":"
            + " 0.11}}, \"reward_low_FP_rate\": {\"CostMatrix\": {\"tpWeight\": 1.0, \"fnWeight\":"
            + " 1.0, \"fpWeight\": 0.22}}, \"reward_low_FN_rate\": {\"CostMatrix\": {\"tpWeight\":"
            + " 1.0, \"fnWeight\": 2.0, \"fpWeight\": 0.11}}}");
  }

  @Test
  void runsAndScoresAFolderItHasNeverSeen() throws Exception {
    Path data = tmp.resolve("nab");
    writeCorpus(data);

    Path out = tmp.resolve("out");
    Map<String, Double> scores = NabMain.run(data, out, 2, EngineSettings.defaults(), true, true);

    assertThat(scores)
        .containsKeys("standard", "reward_low_FP_rate", "reward_low_FN_rate")
        .containsKey("production_standard");
    assertThat(scores.get("standard")).isGreaterThan(50.0);
    Path ours = out.resolve("results/sentinel/catA/sentinel_one.csv");
    assertThat(out.resolve("results/windowedGaussian/catB/windowedGaussian_two.csv")).exists();
    List<String> lines = Files.readAllLines(ours);
    assertThat(lines).hasSize(901);
    assertThat(lines.get(0)).isEqualTo("timestamp,value,anomaly_score,label");
    assertThat(lines.get(701)).endsWith(",1");
    double spikeScore = Double.parseDouble(lines.get(701).split(",")[2]);
    assertThat(spikeScore).isGreaterThan(0.5);
  }

  @Test
  void aRunScoresOnlyTheFilesOfItsOwnFolder() throws Exception {
    Path first = tmp.resolve("first");
    writeCorpus(first);
    // a second corpus with one file of another category, the same labels and profiles
    Path second = tmp.resolve("second");
    writeSeries(second.resolve("data/catC/three.csv"), 900, 600, 3);
    Files.createDirectories(second.resolve("labels"));
    LocalDateTime t0 = LocalDateTime.of(2020, 1, 1, 0, 0);
    Files.writeString(
        second.resolve("labels/combined_windows.json"),
        "{\"catC/three.csv\": [[\""
            + t0.plusMinutes(5L * 580).format(TS)
            + ".000000\", \""
            + t0.plusMinutes(5L * 620).format(TS)
            + ".000000\"]]}");
    Files.createDirectories(second.resolve("config"));
    Files.copy(first.resolve("config/profiles.json"), second.resolve("config/profiles.json"));

    Path shared = tmp.resolve("shared-out");
    NabMain.run(first, shared, 1, EngineSettings.defaults(), false, false);
    Map<String, Double> after =
        NabMain.run(second, shared, 1, EngineSettings.defaults(), false, false);
    Map<String, Double> clean =
        NabMain.run(second, tmp.resolve("clean-out"), 1, EngineSettings.defaults(), false, false);

    assertThat(after).isEqualTo(clean);
    assertThat(shared.resolve("results/sentinel/catA")).doesNotExist();
    assertThat(shared.resolve("results/sentinel/catC/sentinel_three.csv")).exists();
  }
}
