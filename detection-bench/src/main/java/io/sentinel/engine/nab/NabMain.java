package io.sentinel.engine.nab;

import io.sentinel.engine.DetectionEngine;
import io.sentinel.engine.EngineSettings;
import io.sentinel.engine.SeriesState;
import io.sentinel.engine.baseline.WindowedGaussianDetector;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code NabMain DATA_DIR [--out DIR] [--threads N] [--set knob=value ...]}: runs the engine
 * (detector {@value #ENGINE}) and the windowed-Gaussian baseline ({@value #BASELINE}) on every file
 * of a NAB-layout folder, writes NAB-layout results with full-precision scores under {@code
 * DIR/results}, scores them with {@link NabScorer} and prints a table. The last line is {@code NAB
 * standard=NN.NN low_fp=NN.NN low_fn=NN.NN} for the engine.
 *
 * <p>{@code --set} overrides an {@link EngineSettings} knob for experiments; the benchmark figure
 * is the one with the defaults. {@code --per-file} adds, for the engine under the standard profile
 * at its corpus threshold, one line per file: each window's first detection (rows after the
 * window's start, and its reward) or MISS, and the false-positive rows with their cost.
 */
public final class NabMain {
  static final String ENGINE = "sentinel";
  static final String BASELINE = "windowedGaussian";
  static final PrintStream OUT = System.out;

  private NabMain() {}

  /** What one run does. */
  record Options(
      Path dataDir,
      Path outDir,
      int threads,
      List<EngineSettings> candidates,
      List<String> candidateNames,
      boolean baseline,
      boolean perFile,
      boolean cv) {}

  public static void main(String[] args) throws Exception {
    Options o = NabArgs.parse(args);
    if (o == null) {
      return;
    }
    Map<String, Double> ours = run(o);
    OUT.printf(
        Locale.ROOT,
        "NAB standard=%.2f low_fp=%.2f low_fn=%.2f%n",
        ours.getOrDefault("standard", Double.NaN),
        ours.getOrDefault("reward_low_FP_rate", Double.NaN),
        ours.getOrDefault("reward_low_FN_rate", Double.NaN));
    if (o.cv()) {
      OUT.printf(Locale.ROOT, "NAB cv_mean=%.2f%n", ours.get("cv_mean"));
    }
  }

  /** Runs and scores with one configuration; returns the engine's score per profile name. */
  static Map<String, Double> run(
      Path dataDir,
      Path outDir,
      int threads,
      EngineSettings settings,
      boolean withBaseline,
      boolean perFile)
      throws Exception {
    return run(
        new Options(
            dataDir,
            outDir,
            threads,
            List.of(settings),
            List.of(""),
            withBaseline,
            perFile,
            false));
  }

  /**
   * Runs and scores; returns the first candidate's optimised normalised score per profile name,
   * {@code production_<profile>} at the engine's alert threshold, and with cross-validation {@code
   * cv_mean} (standard profile).
   */
  static Map<String, Double> run(Options o) throws Exception {
    long started = System.nanoTime();
    Path dataDir = o.dataDir();
    Map<String, List<long[]>> labels =
        NabCorpus.readLabels(dataDir.resolve("labels/combined_windows.json"));
    List<NabProfile> profiles = NabCorpus.readProfiles(dataDir.resolve("config/profiles.json"));
    List<NabFile> files = NabCorpus.readData(dataDir.resolve("data"), labels);
    if (files.isEmpty()) {
      throw new IOException("no data/<category>/*.csv under " + dataDir);
    }
    long rows = files.stream().mapToLong(NabFile::rows).sum();
    long windows = files.stream().mapToLong(f -> f.windows().size()).sum();
    Path resultsDir = o.outDir().resolve("results");
    int k = o.candidates().size();
    OUT.printf(
        Locale.ROOT,
        "NAB corpus %s: %d files, %d rows, %d labelled windows; results to %s; %d threads%s%n",
        dataDir,
        files.size(),
        rows,
        windows,
        resultsDir.toAbsolutePath(),
        o.threads(),
        k > 1 ? "; " + k + " candidate configurations" : "");

    // detector d < k is candidate d of the engine, d == k the baseline
    int detectors = o.baseline() ? k + 1 : k;
    record Task(int detector, int file) {}
    List<Task> tasks = new ArrayList<>();
    for (int d = 0; d < detectors; d++) {
      for (int f = 0; f < files.size(); f++) {
        tasks.add(new Task(d, f));
      }
    }
    // biggest first, so two threads finish together
    tasks.sort(Comparator.comparingInt((Task t) -> files.get(t.file()).rows()).reversed());
    List<DetectionEngine> engines = o.candidates().stream().map(DetectionEngine::new).toList();
    WindowedGaussianDetector gaussian = new WindowedGaussianDetector();
    double[][][] scores = new double[detectors][files.size()][];
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(o.threads());
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Task t : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  long t0 = System.nanoTime();
                  NabFile file = files.get(t.file());
                  scores[t.detector()][t.file()] =
                      t.detector() < k
                          ? runEngine(engines.get(t.detector()), file)
                          : runBaseline(gaussian, file);
                  double secs = (System.nanoTime() - t0) / 1e9;
                  synchronized (OUT) {
                    OUT.printf(
                        Locale.ROOT,
                        "[%3d/%d] %-17s %-58s %6d rows %6.2f s%n",
                        done.incrementAndGet(),
                        tasks.size(),
                        t.detector() < k ? ENGINE + (k > 1 ? "#" + t.detector() : "") : BASELINE,
                        file.key(),
                        file.rows(),
                        secs);
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    // results of this corpus only: earlier runs' files are removed, and scoring uses this run's
    writeAll(resultsDir, ENGINE, files, scores[0]);
    List<List<ScoredFile>> candidates = new ArrayList<>();
    for (int d = 0; d < k; d++) {
      candidates.add(scored(files, scores[d]));
    }
    Map<String, List<ScoredFile>> all = new LinkedHashMap<>();
    all.put(ENGINE, candidates.get(0));
    if (o.baseline()) {
      writeAll(resultsDir, BASELINE, files, scores[k]);
      all.put(BASELINE, scored(files, scores[k]));
    }
    Map<String, List<ScoredFile>> published =
        published(dataDir.resolve("reference"), labels, files);

    Map<String, List<ScoredFile>> table = new LinkedHashMap<>();
    for (int d = 1; d < k; d++) {
      table.put(ENGINE + "#" + d + " " + o.candidateNames().get(d), candidates.get(d));
    }
    table.putAll(all);
    published.forEach((name, list) -> table.put("published: " + name, list));
    String note =
        k > 1 ? "  (" + ENGINE + " is candidate #0 " + o.candidateNames().get(0) + ")" : null;
    double alert = o.candidates().get(0).alertThreshold();
    NabReport.Scores report = NabReport.scores(profiles, table, all, note, alert);
    Map<String, Map<String, NabScorer.Result>> results = report.optimised();
    Map<String, NabScorer.Result> production = report.production();
    if (o.perFile()) {
      NabReport.perFile(results, all);
    }
    Map<String, Double> ours = new LinkedHashMap<>();
    results.get(ENGINE).forEach((name, r) -> ours.put(name, r.normalised()));
    production.forEach((name, r) -> ours.put("production_" + name, r.normalised()));
    if (o.cv()) {
      ours.put(
          "cv_mean",
          NabReport.crossValidate(
              profiles, candidates, o.candidateNames(), all.get(BASELINE), published, alert));
    }
    OUT.printf(Locale.ROOT, "elapsed %.1f s%n", (System.nanoTime() - started) / 1e9);
    return ours;
  }

  /**
   * Published results under {@code reference/<detector>/<category>/<detector>_<file>.csv} for the
   * files of this corpus, for each detector that has all of them.
   */
  private static Map<String, List<ScoredFile>> published(
      Path referenceDir, Map<String, List<long[]>> labels, List<NabFile> files) throws IOException {
    Map<String, List<ScoredFile>> out = new LinkedHashMap<>();
    if (!Files.isDirectory(referenceDir)) {
      return out;
    }
    Set<String> keys = new HashSet<>();
    files.forEach(f -> keys.add(f.key()));
    List<Path> dirs;
    try (var list = Files.list(referenceDir)) {
      dirs = list.filter(Files::isDirectory).sorted().toList();
    }
    for (Path dir : dirs) {
      String name = dir.getFileName().toString();
      List<ScoredFile> theirs =
          NabCorpus.readResults(dir, name, labels).stream()
              .filter(f -> keys.contains(f.key()))
              .toList();
      if (theirs.size() == keys.size()) {
        out.put(name, theirs);
      }
    }
    return out;
  }

  private static List<ScoredFile> scored(List<NabFile> files, double[][] scores) {
    List<ScoredFile> out = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      out.add(new ScoredFile(files.get(i).key(), scores[i], files.get(i).windows()));
    }
    return out;
  }

  /** Replaces the detector's results folder with this corpus' results. */
  private static void writeAll(Path resultsDir, String detector, List<NabFile> files, double[][] s)
      throws IOException {
    Path dir = resultsDir.resolve(detector);
    if (Files.isDirectory(dir)) {
      try (var walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    for (int i = 0; i < files.size(); i++) {
      write(resultsDir, detector, files.get(i), s[i]);
    }
  }

  static double[] runEngine(DetectionEngine engine, NabFile file) {
    SeriesState state = engine.newSeries();
    double[] scores = new double[file.rows()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = engine.update(state, file.timestamps()[i], file.values()[i]).score();
    }
    return scores;
  }

  static double[] runBaseline(WindowedGaussianDetector detector, NabFile file) {
    WindowedGaussianDetector.State state = detector.newSeries();
    double[] scores = new double[file.rows()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = detector.update(state, file.timestamps()[i], file.values()[i]);
    }
    return scores;
  }

  private static void write(Path resultsDir, String detector, NabFile file, double[] scores)
      throws IOException {
    Path dir = resultsDir.resolve(detector).resolve(file.category());
    Files.createDirectories(dir);
    Path csv = dir.resolve(detector + "_" + file.fileName());
    try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      w.write("timestamp,value,anomaly_score,label\n");
      for (int i = 0; i < scores.length; i++) {
        w.write(file.timestampText()[i]);
        w.write(',');
        w.write(Double.toString(file.values()[i]));
        w.write(',');
        w.write(Double.toString(scores[i]));
        w.write(',');
        w.write(file.label(i) == 1 ? '1' : '0');
        w.write('\n');
      }
    }
  }
}
