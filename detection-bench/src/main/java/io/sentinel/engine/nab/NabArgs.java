package io.sentinel.engine.nab;

import io.sentinel.engine.EngineSettings;
import io.sentinel.engine.EngineSettingsBuilder;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of {@link NabMain}: options, {@code --set} and {@code --choose} candidates. */
final class NabArgs {
  private NabArgs() {}

  /** The options of a run, or null when only the usage was asked for (and printed). */
  static NabMain.Options parse(String[] args) {
    Path dataDir = null;
    Path outDir = Path.of("target", "nab-results");
    int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    EngineSettingsBuilder settings = EngineSettings.defaults().toBuilder();
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
          return null;
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
          EngineSettingsBuilder b = candidates.get(k).toBuilder();
          set(b, knob + "=" + v);
          next.add(b.build());
          nextNames.add((names.get(k).isEmpty() ? "" : names.get(k) + " ") + knob + "=" + v);
        }
      }
      candidates = next;
      names = nextNames;
    }
    return new NabMain.Options(dataDir, outDir, threads, candidates, names, baseline, perFile, cv);
  }

  static void set(EngineSettingsBuilder b, String assignment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) {
      fail("--set expects knob=value, got '" + assignment + "'");
    }
    String name = assignment.substring(0, eq);
    String text = assignment.substring(eq + 1);
    for (Method m : EngineSettingsBuilder.class.getMethods()) {
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
    System.out.println(
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
            + " NAB cv_mean=NN.NN,\n"
            + "            and per category and profile the score at the alert threshold beside"
            + " the cv one\n"
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
