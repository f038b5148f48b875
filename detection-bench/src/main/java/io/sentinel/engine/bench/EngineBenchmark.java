package io.sentinel.engine.bench;

import io.sentinel.engine.DetectionEngine;
import io.sentinel.engine.EngineSettings;
import io.sentinel.engine.SeriesState;
import io.sentinel.engine.baseline.WindowedGaussianDetector;
import java.util.Locale;
import java.util.Random;

/**
 * {@code EngineBenchmark [--series N] [--samples N] [--rounds N]}: steady-state throughput on one
 * thread of the engine (periodic SVM retraining included) and of the windowed-Gaussian baseline,
 * measured in the same run on the same synthetic series, plus the engine's serialized state size
 * per series.
 *
 * <p>Each round runs every series from an empty state; the first round warms the JIT up and is not
 * counted. The series mix shapes that matter for the cost: a daily sinusoid with noise, a random
 * walk, spiky counts, and a flat line with steps.
 */
public final class EngineBenchmark {
  private EngineBenchmark() {}

  public static void main(String[] args) {
    int seriesCount = 8;
    int samples = 20_000;
    int rounds = 3;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--series" -> seriesCount = Integer.parseInt(args[++i]);
        case "--samples" -> samples = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: EngineBenchmark [--series N] [--samples N] [--rounds N]");
          System.exit(2);
        }
      }
    }
    double[][] data = new double[seriesCount][];
    for (int s = 0; s < seriesCount; s++) {
      data[s] = series(s, samples);
    }
    long start = 1_700_000_000_000L;
    long step = 300_000L; // 5-minute samples, as in most of NAB
    EngineSettings settings = EngineSettings.defaults();
    DetectionEngine engine = new DetectionEngine(settings);
    WindowedGaussianDetector baseline = new WindowedGaussianDetector();
    long total = (long) seriesCount * samples;
    System.out.printf(
        Locale.ROOT,
        "benchmark: %d series x %d samples, %d timed rounds after 1 warm-up round, one thread;"
            + " engine retrains every %d samples on %d rows%n",
        seriesCount,
        samples,
        rounds,
        settings.retrainEvery(),
        settings.trainingSize());

    double engineRate = 0;
    double baselineRate = 0;
    long[] sizes = new long[seriesCount];
    double sink = 0;
    for (int round = 0; round <= rounds; round++) {
      long t0 = System.nanoTime();
      for (int s = 0; s < seriesCount; s++) {
        SeriesState state = engine.newSeries();
        double[] v = data[s];
        for (int i = 0; i < v.length; i++) {
          sink += engine.update(state, start + i * step, v[i]).score();
        }
        sizes[s] = engine.toBytes(state).length;
      }
      long t1 = System.nanoTime();
      for (int s = 0; s < seriesCount; s++) {
        WindowedGaussianDetector.State state = baseline.newSeries();
        double[] v = data[s];
        for (int i = 0; i < v.length; i++) {
          sink += baseline.update(state, start + i * step, v[i]);
        }
      }
      long t2 = System.nanoTime();
      double er = total / ((t1 - t0) / 1e9);
      double br = total / ((t2 - t1) / 1e9);
      System.out.printf(
          Locale.ROOT,
          "round %d%s: engine %,.0f samples/s, windowedGaussian %,.0f samples/s%n",
          round,
          round == 0 ? " (warm-up, not counted)" : "",
          er,
          br);
      if (round > 0) {
        engineRate += er / rounds;
        baselineRate += br / rounds;
      }
    }
    long max = 0;
    double mean = 0;
    for (long size : sizes) {
      max = Math.max(max, size);
      mean += size / (double) seriesCount;
    }
    System.out.printf(
        Locale.ROOT,
        "state per series after %d samples: mean %.0f bytes, max %d bytes (limit 32768)%n",
        samples,
        mean,
        max);
    System.out.printf(Locale.ROOT, "(checksum %.3f)%n", sink);
    System.out.printf(
        Locale.ROOT,
        "THROUGHPUT engine=%.0f samples/s windowedGaussian=%.0f samples/s state_mean=%.0f B"
            + " state_max=%d B%n",
        engineRate,
        baselineRate,
        mean,
        max);
  }

  /** Synthetic series of a few shapes, seeded by the series number. */
  static double[] series(int s, int n) {
    Random random = new Random(1000 + s);
    double[] v = new double[n];
    double walk = 0;
    double level = 10;
    for (int i = 0; i < n; i++) {
      switch (s % 4) {
        case 0 -> v[i] = 50 + 10 * Math.sin(2 * Math.PI * i / 288.0) + random.nextGaussian();
        case 1 -> {
          walk += random.nextGaussian();
          v[i] = walk;
        }
        case 2 ->
            v[i] = random.nextDouble() < 0.02 ? 20 + 30 * random.nextDouble() : random.nextInt(5);
        default -> {
          if (random.nextDouble() < 0.001) {
            level += 5;
          }
          v[i] = level;
        }
      }
    }
    return v;
  }
}
