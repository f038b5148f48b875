package io.sentinel.engine.nab;

import io.sentinel.engine.DetectionEngine;
import io.sentinel.engine.EngineSettings;
import io.sentinel.engine.SeriesState;
import io.sentinel.engine.baseline.WindowedGaussianDetector;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
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
  private static final PrintStream OUT = System.out;

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
    Path dataDir = null;
    Path outDir = Path.of("target", "nab-results");
    int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    EngineSettings.Builder settings = EngineSettings.defaults().toBuilder();
    List<String> choices = new ArrayList<>();
    boolean baseline = true;
    boolean perFile = false;
    boolean cv = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--out" -> outDir = Path.of(value(args, ++i, a));
        case "--threads" -> threads = Integer.parseInt(value(args, ++i, a));
        case "--set" -> set(settings, value(args, ++i, a));
        case "--choose" -> choices.add(value(args, ++i, a));
        case "--no-baseline" -> baseline = false;
        case "--per-file" -> perFile = true;
        case "--cv" -> cv = true;
        case "-h", "--help" -> {
          usage();
          return;
        }
        default -> {
          if (a.startsWith("--") || dataDir != null) {
            fail("unexpected argument '" + a + "'");
          }
          dataDir = Path.of(a);
        }
      }
    }
    if (dataDir == null) {
      fail("DATA_DIR is required");
    }
    // --choose knob=v1,v2,...: every combination is a candidate, chosen per fold by --cv
    List<EngineSettings> candidates = new ArrayList<>(List.of(settings.build()));
    List<String> names = new ArrayList<>(List.of(""));
    for (String choice : choices) {
      int eq = choice.indexOf('=');
      if (eq <= 0) {
        fail("--choose expects knob=v1,v2,..., got '" + choice + "'");
      }
      String knob = choice.substring(0, eq);
      List<EngineSettings> next = new ArrayList<>();
      List<String> nextNames = new ArrayList<>();
      for (int k = 0; k < candidates.size(); k++) {
        for (String v : choice.substring(eq + 1).split(",")) {
          EngineSettings.Builder b = candidates.get(k).toBuilder();
          set(b, knob + "=" + v);
          next.add(b.build());
          nextNames.add((names.get(k).isEmpty() ? "" : names.get(k) + " ") + knob + "=" + v);
        }
      }
      candidates = next;
      names = nextNames;
    }
    Map<String, Double> ours =
        run(new Options(dataDir, outDir, threads, candidates, names, baseline, perFile, cv));
    OUT.printf(
        Locale.ROOT,
        "NAB standard=%.2f low_fp=%.2f low_fn=%.2f%n",
        ours.getOrDefault("standard", Double.NaN),
        ours.getOrDefault("reward_low_FP_rate", Double.NaN),
        ours.getOrDefault("reward_low_FN_rate", Double.NaN));
    if (cv) {
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

    OUT.println();
    OUT.printf(Locale.ROOT, "%-28s", "detector (optimised)");
    for (NabProfile p : profiles) {
      OUT.printf(Locale.ROOT, " %20s", p.name());
    }
    OUT.println();
    Map<String, Map<String, NabScorer.Result>> results = new LinkedHashMap<>();
    Map<String, List<ScoredFile>> table = new LinkedHashMap<>();
    for (int d = 1; d < k; d++) {
      table.put(ENGINE + "#" + d + " " + o.candidateNames().get(d), candidates.get(d));
    }
    table.putAll(all);
    published.forEach((name, list) -> table.put("published: " + name, list));
    if (k > 1) {
      OUT.println("  (" + ENGINE + " is candidate #0 " + o.candidateNames().get(0) + ")");
    }
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
    double alert = o.candidates().get(0).alertThreshold();
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
    if (o.perFile()) {
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
    Map<String, Double> ours = new LinkedHashMap<>();
    results.get(ENGINE).forEach((name, r) -> ours.put(name, r.normalised()));
    production.forEach((name, r) -> ours.put("production_" + name, r.normalised()));
    if (o.cv()) {
      ours.put(
          "cv_mean",
          crossValidate(
              profiles, candidates, o.candidateNames(), all.get(BASELINE), published, alert));
    }
    OUT.printf(Locale.ROOT, "elapsed %.1f s%n", (System.nanoTime() - started) / 1e9);
    return ours;
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
  private static double crossValidate(
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
    OUT.println("per category and profile: cv / own-optimum / at the alert threshold");
    for (String c : NabCrossValidation.categories(engine)) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-22s", c));
      for (NabProfile p : profiles) {
        List<ScoredFile> mine = NabCrossValidation.in(engine, c);
        NabCrossValidation.Fold f = NabCrossValidation.fold(candidates, c, p);
        line.append(
            String.format(
                Locale.ROOT,
                "  %s %s / %s / %s",
                p.name(),
                fmt(f.heldOut().normalised()),
                fmt(NabScorer.score(mine, p).normalised()),
                fmt(NabScorer.scoreAt(mine, p, alert).normalised())));
      }
      OUT.println(line);
    }
    return mean;
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
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

  private static void set(EngineSettings.Builder b, String assignment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) {
      fail("--set expects knob=value, got '" + assignment + "'");
    }
    String name = assignment.substring(0, eq);
    String text = assignment.substring(eq + 1);
    for (Method m : EngineSettings.Builder.class.getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == 1) {
        try {
          Class<?> type = m.getParameterTypes()[0];
          Object v =
              type == int.class
                  ? Integer.parseInt(text)
                  : type == long.class
                      ? Long.parseLong(text)
                      : type == boolean.class
                          ? Boolean.parseBoolean(text)
                          : Double.parseDouble(text);
          m.invoke(b, v);
          return;
        } catch (ReflectiveOperationException | NumberFormatException e) {
          fail("cannot set " + name + " to '" + text + "': " + e);
        }
      }
    }
    fail("unknown setting '" + name + "'");
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      fail(option + " needs a value");
    }
    return args[i];
  }

  private static void usage() {
    OUT.println(
        "usage: NabMain DATA_DIR [--out DIR] [--threads N] [--no-baseline] [--per-file]"
            + " [--cv] [--set knob=value ...] [--choose knob=v1,v2,...]\n"
            + "  DATA_DIR  a NAB-layout folder: data/<category>/*.csv,"
            + " labels/combined_windows.json, config/profiles.json\n"
            + "  --out     where results/<detector>/... are written (default target/nab-results)\n"
            + "  --threads worker threads (default min(2, cores))\n"
            + "  --per-file windows found and missed, false positives per file (standard profile)\n"
            + "  --cv      leave-one-category-out cross-validation: each category scored at the"
            + " threshold\n"
            + "            (and --choose candidate) chosen on the other categories; last line"
            + " NAB cv_mean=NN.NN\n"
            + "  --set     override an EngineSettings knob, for experiments only\n"
            + "  --choose  candidate values of a knob (repeatable: every combination), chosen per"
            + " fold by --cv");
  }

  private static void fail(String message) {
    System.err.println("nab: " + message);
    usage();
    System.exit(2);
  }
}
