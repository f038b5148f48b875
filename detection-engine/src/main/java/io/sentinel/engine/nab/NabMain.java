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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  public static void main(String[] args) throws Exception {
    Path dataDir = null;
    Path outDir = Path.of("target", "nab-results");
    int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    EngineSettings.Builder settings = EngineSettings.defaults().toBuilder();
    boolean baseline = true;
    boolean perFile = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--out" -> outDir = Path.of(value(args, ++i, a));
        case "--threads" -> threads = Integer.parseInt(value(args, ++i, a));
        case "--set" -> set(settings, value(args, ++i, a));
        case "--no-baseline" -> baseline = false;
        case "--per-file" -> perFile = true;
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
    Map<String, Double> ours = run(dataDir, outDir, threads, settings.build(), baseline, perFile);
    OUT.printf(
        Locale.ROOT,
        "NAB standard=%.2f low_fp=%.2f low_fn=%.2f%n",
        ours.get("standard"),
        ours.get("reward_low_FP_rate"),
        ours.get("reward_low_FN_rate"));
  }

  /** Runs and scores; returns the engine's normalised score per profile name. */
  static Map<String, Double> run(
      Path dataDir,
      Path outDir,
      int threads,
      EngineSettings settings,
      boolean withBaseline,
      boolean perFile)
      throws Exception {
    long started = System.nanoTime();
    Map<String, List<long[]>> labels =
        NabCorpus.readLabels(dataDir.resolve("labels/combined_windows.json"));
    List<NabProfile> profiles = NabCorpus.readProfiles(dataDir.resolve("config/profiles.json"));
    List<NabFile> files = NabCorpus.readData(dataDir.resolve("data"), labels);
    if (files.isEmpty()) {
      throw new IOException("no data/<category>/*.csv under " + dataDir);
    }
    long rows = files.stream().mapToLong(NabFile::rows).sum();
    long windows = files.stream().mapToLong(f -> f.windows().size()).sum();
    Path resultsDir = outDir.resolve("results");
    OUT.printf(
        Locale.ROOT,
        "NAB corpus %s: %d files, %d rows, %d labelled windows; results to %s; %d threads%n",
        dataDir,
        files.size(),
        rows,
        windows,
        resultsDir.toAbsolutePath(),
        threads);

    List<String> detectors = withBaseline ? List.of(ENGINE, BASELINE) : List.of(ENGINE);
    record Task(String detector, NabFile file) {}
    List<Task> tasks = new ArrayList<>();
    for (String d : detectors) {
      for (NabFile f : files) {
        tasks.add(new Task(d, f));
      }
    }
    // biggest first, so two threads finish together
    tasks.sort(Comparator.comparingInt((Task t) -> t.file().rows()).reversed());
    DetectionEngine engine = new DetectionEngine(settings);
    WindowedGaussianDetector gaussian = new WindowedGaussianDetector();
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Task t : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  long t0 = System.nanoTime();
                  double[] scores =
                      t.detector().equals(ENGINE)
                          ? runEngine(engine, t.file())
                          : runBaseline(gaussian, t.file());
                  write(resultsDir, t.detector(), t.file(), scores);
                  double secs = (System.nanoTime() - t0) / 1e9;
                  synchronized (OUT) {
                    OUT.printf(
                        Locale.ROOT,
                        "[%3d/%d] %-17s %-58s %6d rows %6.2f s%n",
                        done.incrementAndGet(),
                        tasks.size(),
                        t.detector(),
                        t.file().key(),
                        t.file().rows(),
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

    OUT.println();
    OUT.printf(Locale.ROOT, "%-18s", "detector");
    for (NabProfile p : profiles) {
      OUT.printf(Locale.ROOT, " %20s", p.name());
    }
    OUT.println();
    Map<String, Map<String, NabScorer.Result>> all = new LinkedHashMap<>();
    for (String d : detectors) {
      List<ScoredFile> scored = NabCorpus.readResults(resultsDir.resolve(d), d, labels);
      Map<String, NabScorer.Result> byProfile = new LinkedHashMap<>();
      OUT.printf(Locale.ROOT, "%-18s", d);
      for (NabProfile p : profiles) {
        NabScorer.Result r = NabScorer.score(scored, p);
        byProfile.put(p.name(), r);
        OUT.printf(Locale.ROOT, " %20.2f", r.normalised());
      }
      OUT.println();
      all.put(d, byProfile);
    }
    OUT.println();
    OUT.println("thresholds (optimised per profile over the corpus) and detections at them:");
    for (var e : all.entrySet()) {
      for (NabScorer.Result r : e.getValue().values()) {
        OUT.printf(
            Locale.ROOT,
            "  %-17s %-19s threshold=%.6f windows detected %d/%d, false-positive rows %d, raw"
                + " %.3f%n",
            e.getKey(),
            r.profile().name(),
            r.threshold(),
            r.tp(),
            r.windows(),
            r.fp(),
            r.rawScore());
      }
    }
    if (perFile) {
      Map<String, NabScorer.Result> engineResults = all.get(ENGINE);
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
      for (ScoredFile f : NabCorpus.readResults(resultsDir.resolve(ENGINE), ENGINE, labels)) {
        NabScorer.FileDiagnosis d = NabScorer.diagnose(f, standard.profile(), standard.threshold());
        StringBuilder w = new StringBuilder();
        for (int k = 0; k < d.firstOffset().length; k++) {
          w.append(' ');
          w.append(
              d.firstOffset()[k] < 0
                  ? "MISS"
                  : String.format(Locale.ROOT, "+%d@%.2f", d.firstOffset()[k], d.reward()[k]));
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
    OUT.printf(Locale.ROOT, "elapsed %.1f s%n", (System.nanoTime() - started) / 1e9);
    Map<String, Double> ours = new LinkedHashMap<>();
    all.get(ENGINE).forEach((k, v) -> ours.put(k, v.normalised()));
    return ours;
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
            + " [--set knob=value ...]\n"
            + "  DATA_DIR  a NAB-layout folder: data/<category>/*.csv,"
            + " labels/combined_windows.json, config/profiles.json\n"
            + "  --out     where results/<detector>/... are written (default target/nab-results)\n"
            + "  --threads worker threads (default min(2, cores))\n"
            + "  --per-file windows found and missed, false positives per file (standard profile)\n"
            + "  --set     override an EngineSettings knob, for experiments only");
  }

  private static void fail(String message) {
    System.err.println("nab: " + message);
    usage();
    System.exit(2);
  }
}
