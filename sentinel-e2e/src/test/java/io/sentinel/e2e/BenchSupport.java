package io.sentinel.e2e;

import io.sentinel.contract.Json;
import io.sentinel.contract.Sample;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What the benchmarks on the packaged stack share ({@link LatencyBench}, {@link NotifyBench}):
 * samples posted to ingest as an agent does, latencies and their percentiles, the machine's load,
 * timestamped progress lines.
 */
final class BenchSupport {
  private BenchSupport() {}

  /** A JSON batch of samples for ingest, with the stack's agent token. */
  static HttpRequest samplesRequest(Pipeline pipeline, List<Sample> samples) {
    return HttpRequest.newBuilder(pipeline.ingest.url("/api/v1/samples"))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + pipeline.agentToken)
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(Map.of("samples", samples))))
        .build();
  }

  /** Posts a batch and insists on 202. */
  static void postSamples(HttpClient http, Pipeline pipeline, List<Sample> samples)
      throws Exception {
    HttpResponse<String> r =
        http.send(samplesRequest(pipeline, samples), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 202) {
      throw new IllegalStateException("ingest answered " + r.statusCode() + ": " + r.body());
    }
  }

  /** For every key seen, seen time minus start time; sorted. */
  static long[] latencies(Map<String, Long> start, Map<String, Long> seen) {
    return start.entrySet().stream()
        .filter(e -> seen.containsKey(e.getKey()))
        .mapToLong(e -> seen.get(e.getKey()) - e.getValue())
        .sorted()
        .toArray();
  }

  /** The {@code p} percentile of sorted figures, right-aligned in {@code width} characters. */
  static String pct(long[] sorted, double p, int width) {
    if (sorted.length == 0) {
      return String.format(Locale.ROOT, "%" + width + "s", "n/a");
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return String.format(Locale.ROOT, "%," + width + "d", sorted[Math.max(0, i)]);
  }

  /** The three load averages, as /proc/loadavg has them. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (Exception e) {
      return "n/a";
    }
  }

  /** The one-minute load average. */
  static double loadAverage1() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (Exception e) {
      return Double.NaN;
    }
  }

  static void waitFor(String what, int seconds, BooleanSupplier ok) {
    org.awaitility.Awaitility.await(what)
        .atMost(Duration.ofSeconds(seconds))
        .until(ok::getAsBoolean);
  }

  /** A progress line with the wall-clock time. */
  static void log(String format, Object... args) {
    System.out.printf(
        Locale.ROOT,
        "[%tT] %s%n",
        System.currentTimeMillis(),
        String.format(Locale.ROOT, format, args));
  }
}
