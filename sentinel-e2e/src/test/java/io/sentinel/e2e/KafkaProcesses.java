package io.sentinel.e2e;

import static org.awaitility.Awaitility.await;

import io.sentinel.contract.Topics;
import io.sentinel.devstack.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;

/**
 * A KRaft Kafka cluster of {@code n} nodes (each broker and controller), each a process of its own
 * ({@code kafka.Kafka}, the same Kafka as the dev stack's, from the test classpath), so that the
 * fault-injection suite can {@code kill -9} a broker and start it again on the same ports and log
 * directories. The dev stack's broker runs inside the test JVM and cannot be killed that way.
 *
 * <p>Every topic, internal ones included (consumer offsets, transaction state, Kafka Streams
 * changelogs and repartition topics), has {@code n} replicas and, from 3 nodes on, 2 in-sync
 * replicas minimum: one broker down loses nothing and blocks no write.
 */
final class KafkaProcesses implements AutoCloseable {
  private final int size;
  private final Path dir;
  private final int[] brokerPorts;
  private final Process[] processes;
  private final Path[] configs;
  private final Path[] logs;

  private KafkaProcesses(int size, Path dir) throws IOException {
    this.size = size;
    this.dir = dir;
    this.brokerPorts = new int[size];
    this.processes = new Process[size];
    this.configs = new Path[size];
    this.logs = new Path[size];
    int[] controllerPorts = new int[size];
    for (int i = 0; i < size; i++) {
      brokerPorts[i] = ServiceProcess.freePort();
      controllerPorts[i] = ServiceProcess.freePort();
    }
    String voters =
        IntStream.range(0, size)
            .mapToObj(i -> (i + 1) + "@localhost:" + controllerPorts[i])
            .collect(Collectors.joining(","));
    int replicas = size;
    int minIsr = minInSyncReplicas();
    Path logDir = Files.createDirectories(Path.of("target/e2e-logs"));
    for (int i = 0; i < size; i++) {
      Path node = Files.createDirectories(dir.resolve("node-" + (i + 1)));
      String props =
          String.join(
              "\n",
              "process.roles=broker,controller",
              "node.id=" + (i + 1),
              "controller.quorum.voters=" + voters,
              "listeners=PLAINTEXT://localhost:"
                  + brokerPorts[i]
                  + ",CONTROLLER://localhost:"
                  + controllerPorts[i],
              "advertised.listeners=PLAINTEXT://localhost:" + brokerPorts[i],
              "controller.listener.names=CONTROLLER",
              "inter.broker.listener.name=PLAINTEXT",
              "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
              "log.dirs=" + node.resolve("data").toAbsolutePath(),
              "num.partitions=" + EmbeddedKafka.PARTITIONS,
              "default.replication.factor=" + replicas,
              "min.insync.replicas=" + minIsr,
              "offsets.topic.replication.factor=" + replicas,
              "offsets.topic.num.partitions=5",
              "transaction.state.log.replication.factor=" + replicas,
              "transaction.state.log.min.isr=" + minIsr,
              "transaction.state.log.num.partitions=5",
              "share.coordinator.state.topic.replication.factor=" + replicas,
              "share.coordinator.state.topic.min.isr=" + minIsr,
              "unclean.leader.election.enable=false",
              "group.initial.rebalance.delay.ms=0",
              "auto.create.topics.enable=false",
              "");
      configs[i] = Files.writeString(node.resolve("server.properties"), props);
      logs[i] = logDir.resolve(dir.getFileName() + "-node-" + (i + 1) + ".log");
    }
  }

  /**
   * Formats the storage of {@code size} nodes, starts them, waits until all brokers are registered
   * and creates the Sentinel topics.
   */
  static KafkaProcesses start(int size) throws Exception {
    Path dir =
        Files.createTempDirectory(
            Files.createDirectories(Path.of("target")).toAbsolutePath(), "kafka-" + size + "x");
    KafkaProcesses cluster = new KafkaProcesses(size, dir);
    try {
      String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
      for (int i = 0; i < size; i++) {
        Process format =
            java(
                    "kafka.tools.StorageTool",
                    "format",
                    "--ignore-formatted",
                    "-t",
                    clusterId,
                    "-c",
                    cluster.configs[i].toString())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(cluster.logs[i].toFile()))
                .start();
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
          throw new IllegalStateException(
              "formatting Kafka storage failed, see " + cluster.logs[i].toAbsolutePath());
        }
      }
      for (int i = 0; i < size; i++) {
        cluster.startNode(i);
      }
      cluster.awaitBrokers(size);
      EmbeddedKafka.createSentinelTopics(
          cluster.bootstrapServers(), (short) size, cluster.minInSyncReplicas());
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  private int minInSyncReplicas() {
    return Math.min(2, size);
  }

  String bootstrapServers() {
    return IntStream.of(brokerPorts)
        .mapToObj(p -> "localhost:" + p)
        .collect(Collectors.joining(","));
  }

  int size() {
    return size;
  }

  /**
   * Kills node {@code id} (1-based) with SIGKILL: no shutdown, no flush, no controlled leader move.
   */
  void kill(int id) throws InterruptedException {
    Process p = processes[id - 1];
    if (p != null && p.isAlive()) {
      p.destroyForcibly().waitFor();
    }
  }

  /**
   * Starts node {@code id} again on its ports and log directory; waits until every broker of the
   * cluster is registered and {@code id} is back in the in-sync replicas of every Sentinel topic
   * partition it holds.
   */
  void restart(int id) throws Exception {
    startNode(id - 1);
    awaitBrokers(size);
    if (size > 1) {
      await("node " + id + " back in sync")
          .atMost(Chaos.PATIENCE)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> inSyncEverywhere(id));
    }
  }

  /** The node leading partition {@code partition} of {@code topic}. */
  int leaderOf(String topic, int partition) throws Exception {
    try (Admin admin = admin()) {
      TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
      return d.partitions().get(partition).leader().id();
    }
  }

  private boolean inSyncEverywhere(int id) throws Exception {
    try (Admin admin = admin()) {
      List<String> topics = List.of(Topics.SAMPLES, Topics.EVENTS, Topics.ROLLUPS);
      return admin.describeTopics(topics).allTopicNames().get().values().stream()
          .flatMap(d -> d.partitions().stream())
          .allMatch(p -> p.isr().stream().anyMatch(n -> n.id() == id));
    }
  }

  private void startNode(int i) throws IOException {
    processes[i] =
        java("-Xmx320m", "kafka.Kafka", configs[i].toString())
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logs[i].toFile()))
            .start();
  }

  private void awaitBrokers(int n) {
    await(n + " Kafka brokers registered (logs: " + logs[0].getParent().toAbsolutePath() + ")")
        .atMost(Chaos.PATIENCE)
        .pollInterval(Duration.ofMillis(500))
        // a node that died at start fails the wait at once (not after PATIENCE): the condition's
        // own exceptions (broker not reachable yet) are ignored, this check is not
        .failFast(
            "a Kafka node exited (logs: " + logs[0].getParent().toAbsolutePath() + ")",
            () -> {
              for (Process p : processes) {
                if (p != null && !p.isAlive()) {
                  return true;
                }
              }
              return false;
            })
        .ignoreExceptions()
        .until(
            () -> {
              try (Admin admin = admin()) {
                List<Node> nodes =
                    new ArrayList<>(admin.describeCluster().nodes().get(5, TimeUnit.SECONDS));
                return nodes.size() >= n;
              }
            });
  }

  private Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            5_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            10_000));
  }

  /** A JVM with the test classpath (which holds kafka_2.13 through the dev stack). */
  private static ProcessBuilder java(String... args) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // failsafe passes the real classpath here (java.class.path may be a manifest-only jar)
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(java, "-cp", classpath));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("CLASSPATH", "");
    pb.redirectErrorStream(true);
    return pb;
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : processes) {
      if (p != null && p.isAlive()) {
        p.destroy();
      }
    }
    for (Process p : processes) {
      if (p != null && !p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }
  }

  @Override
  public String toString() {
    return size + " Kafka node(s) at " + bootstrapServers() + " (" + dir + ")";
  }
}
