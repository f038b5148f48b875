package io.sentinel.devstack;

import io.sentinel.contract.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A single-node KRaft Kafka (combined broker and controller) running inside this JVM. */
public final class EmbeddedKafka implements AutoCloseable {
  /** Partitions of each Sentinel topic in the dev stack: enough to exercise rebalancing. */
  public static final int PARTITIONS = 3;

  private final KafkaClusterTestKit cluster;

  private EmbeddedKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** Formats and starts a broker whose data lives under {@code baseDir} (null: a temp folder). */
  public static EmbeddedKafka start(Path baseDir) throws Exception {
    TestKitNodes.Builder nodes =
        new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1);
    if (baseDir != null) {
      nodes.setBaseDirectory(baseDir);
    }
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(nodes.build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("auto.create.topics.enable", "false")
            .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    EmbeddedKafka kafka = new EmbeddedKafka(cluster);
    kafka.createSentinelTopics();
    return kafka;
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Creates the Sentinel topics and their dead-letter topics if they do not exist yet. */
  public void createSentinelTopics() throws ExecutionException, InterruptedException {
    createSentinelTopics(bootstrapServers(), (short) 1, 1);
  }

  /**
   * Creates the Sentinel topics and their dead-letter topics on the cluster at {@code
   * bootstrapServers} if they do not exist yet, each with {@code replicationFactor} replicas and
   * {@code minInSyncReplicas} (a multi-broker cluster of the fault-injection suite).
   */
  public static void createSentinelTopics(
      String bootstrapServers, short replicationFactor, int minInSyncReplicas)
      throws ExecutionException, InterruptedException {
    String minIsr = Integer.toString(minInSyncReplicas);
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> topics = new ArrayList<>();
      for (String name : List.of(Topics.SAMPLES, Topics.EVENTS, Topics.ROLLUPS)) {
        topics.add(new NewTopic(name, PARTITIONS, replicationFactor));
        topics.add(new NewTopic(Topics.dlq(name), 1, replicationFactor));
      }
      List<NewTopic> missing =
          topics.stream().filter(t -> !existing.contains(t.name())).collect(Collectors.toList());
      missing.forEach(t -> t.configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr)));
      // agent tokens: compacted, the latest record of a token is what it grants (decision 018)
      if (!existing.contains(Topics.AGENT_TOKENS)) {
        missing.add(
            new NewTopic(Topics.AGENT_TOKENS, 1, replicationFactor)
                .configs(
                    Map.of(
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                        minIsr,
                        TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT)));
      }
      if (!existing.contains(Topics.AGENT_TOKEN_USAGE)) {
        missing.add(
            new NewTopic(Topics.AGENT_TOKEN_USAGE, 1, replicationFactor)
                .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr)));
      }
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get();
      }
    }
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
