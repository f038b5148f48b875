package io.sentinel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentinel.contract.Topics;
import io.sentinel.devstack.DevStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Soak: the packaged services under a steady load of many series; every period it prints each
 * service's heap (live set, after a full GC), open files, the detector's local state store size and
 * the consumer lag of the detector and the query-service. After a warm-up it compares a later
 * window with an earlier one: growth beyond what the measured noise explains is a leak.
 *
 * <p>On demand: {@code ./sentinel soak MINUTES} (system properties {@code sentinel.soak.minutes},
 * {@code sentinel.soak.series}); a short run ({@code -Dsentinel.soak.minutes=3}) takes about ten
 * minutes on two cores, too long for every {@code ./mvnw verify}.
 */
@EnabledIfSystemProperty(named = "sentinel.soak.minutes", matches = ".+")
class SoakIT {
  private static final int MINUTES = Integer.getInteger("sentinel.soak.minutes", 0);
  private static final boolean LONG = MINUTES > 0;
  private static final int SERIES = Integer.getInteger("sentinel.soak.series", LONG ? 3_000 : 600);
  private static final Duration INTERVAL = Duration.ofSeconds(LONG ? 10 : 5);
  private static final Duration PERIOD = Duration.ofSeconds(LONG ? 60 : 15);
  private static final int MEASUREMENTS = LONG ? MINUTES : 14;
  private static final String DETECTOR_APP_ID = "sentinel-detector-soak";

  /** One measurement: name → value. */
  private final List<Map<String, Double>> measurements = new ArrayList<>();

  @Test
  void memoryStateOpenFilesAndLagStayFlatAfterWarmUp() throws Exception {
    try (Pipeline pipeline =
            Pipeline.start(
                "soak",
                Map.of(
                    "SENTINEL_DETECTOR_ROLLUP_EMIT_INTERVAL",
                    "10s",
                    "SENTINEL_DETECTOR_APP_ID",
                    DETECTOR_APP_ID));
        LoadAgents agents =
            new LoadAgents(
                () -> pipeline.ingest.url("/"), pipeline.agentToken, "soak", 4, SERIES / 4)) {
      Chaos.log(
          "soak: %d series, a sample each every %d s, %d measurements every %d s",
          SERIES, INTERVAL.toSeconds(), MEASUREMENTS, PERIOD.toSeconds());
      agents.start(INTERVAL);
      long next = System.nanoTime();
      for (int i = 0; i < MEASUREMENTS; i++) {
        next += PERIOD.toNanos();
        // the measuring period of the soak (pacing, not a wait for a condition)
        LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
        Map<String, Double> m = measure(pipeline, agents);
        measurements.add(m);
        print(i, m);
      }
      agents.stop();
    }
    assertFlat();
  }

  private Map<String, Double> measure(Pipeline pipeline, LoadAgents agents) throws Exception {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("acked", (double) agents.acknowledged());
    for (ServiceProcess s : List.of(pipeline.ingest, pipeline.detector(), pipeline.query)) {
      String n = s.name().replace("-service", "");
      m.put(n + " heap MiB", liveHeapMiB(s.pid()));
      m.put(n + " files", (double) openFiles(s.pid()));
    }
    m.put("store MiB", du(pipeline.detectorStateDir()) / 1048576.0);
    m.put("detector lag", (double) lag(DETECTOR_APP_ID, Topics.SAMPLES));
    m.put(
        "query lag",
        (double) (lag("sentinel-query", Topics.EVENTS) + lag("sentinel-query", Topics.ROLLUPS)));
    return m;
  }

  private void print(int i, Map<String, Double> m) {
    if (i == 0) {
      StringBuilder h = new StringBuilder(String.format("%-6s", "#"));
      m.keySet().forEach(k -> h.append(String.format(" %15s", k)));
      System.out.println(h);
    }
    StringBuilder row = new StringBuilder(String.format("%-6d", i + 1));
    m.values().forEach(v -> row.append(String.format(" %15.1f", v)));
    System.out.println(row);
  }

  /**
   * The first third of the measurements is warm-up; of the rest, the later half must not exceed the
   * earlier half by more than three times the noise measured within the halves (plus a floor for a
   * quantity that did not move at all).
   */
  private void assertFlat() {
    int warm = measurements.size() / 3;
    List<Map<String, Double>> steady = measurements.subList(warm, measurements.size());
    int half = steady.size() / 2;
    List<Map<String, Double>> earlier = steady.subList(0, half);
    List<Map<String, Double>> later = steady.subList(steady.size() - half, steady.size());
    Map<String, Double> floors =
        Map.of("heap MiB", 4.0, "files", 4.0, "store MiB", 2.0, "lag", 2.0 * SERIES);
    List<String> grown = new ArrayList<>();
    for (String key : measurements.get(0).keySet()) {
      if (key.equals("acked")) {
        continue;
      }
      double[] a = earlier.stream().mapToDouble(x -> x.get(key)).toArray();
      double[] b = later.stream().mapToDouble(x -> x.get(key)).toArray();
      double noise = Math.max(sd(a), sd(b));
      double floor =
          floors.entrySet().stream()
              .filter(f -> key.endsWith(f.getKey()))
              .mapToDouble(Map.Entry::getValue)
              .findFirst()
              .orElse(1.0);
      double growth = mean(b) - mean(a);
      double tolerance = 3 * noise + floor;
      System.out.printf(
          "[soak] %-15s earlier %10.1f later %10.1f growth %8.1f tolerance %8.1f%n",
          key, mean(a), mean(b), growth, tolerance);
      if (growth > tolerance) {
        grown.add(key + " grew by " + growth + " (tolerance " + tolerance + ")");
      }
    }
    assertThat(grown).as("quantities that kept growing after the warm-up").isEmpty();
    assertThat(measurements.get(measurements.size() - 1).get("acked"))
        .as("the load kept being accepted")
        .isGreaterThan(measurements.get(warm).get("acked"));
  }

  private static double mean(double[] x) {
    return java.util.Arrays.stream(x).average().orElse(0);
  }

  private static double sd(double[] x) {
    double m = mean(x);
    return Math.sqrt(java.util.Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / x.length);
  }

  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  /** Heap in use right after a full collection: the live set, what a leak makes grow. */
  static double liveHeapMiB(long pid) throws Exception {
    jcmd(pid, "GC.run");
    String info = jcmd(pid, "GC.heap_info");
    Matcher m = USED.matcher(info);
    if (!m.find()) {
      throw new IllegalStateException("no heap figure in jcmd GC.heap_info: " + info);
    }
    return Long.parseLong(m.group(1)) / 1024.0;
  }

  private static String jcmd(long pid, String command) throws Exception {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    Process p =
        new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("jcmd " + command + " failed: " + out);
    }
    return out;
  }

  static long openFiles(long pid) throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return fds.count();
    }
  }

  static long du(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  return 0; // a file RocksDB removed while we walked
                }
              })
          .sum();
    }
  }

  /** Records of {@code topic} not yet committed by consumer group {@code group}. */
  static long lag(String group, String topic) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, DevStack.kafka().bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
      admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get()
          .get(topic)
          .partitions()
          .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin.listOffsets(latest).all().get();
      long lag = 0;
      for (var e : ends.entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        lag += e.getValue().offset() - (c == null ? 0 : c.offset());
      }
      return lag;
    }
  }
}
