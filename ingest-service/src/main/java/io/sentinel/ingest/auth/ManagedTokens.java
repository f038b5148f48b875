package io.sentinel.ingest.auth;

import io.quarkus.runtime.Startup;
import io.sentinel.contract.AgentTokenRecord;
import io.sentinel.contract.Json;
import io.sentinel.contract.Topics;
import io.sentinel.ingest.config.IngestConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The agent tokens administrators manage in the query-service (decision 018), read from the
 * compacted topic {@link Topics#AGENT_TOKENS}: every replica reads the whole topic from the
 * beginning (assigned partitions, no consumer group, no committed offsets) and then follows it, so
 * a token created or revoked there takes effect here within a poll. Only hashes are held; the
 * latest record of a hash wins, a revoked record or a tombstone removes the grant. Works beside the
 * tokens file ({@link TokenStore}); ingest has no database.
 */
@Startup
@ApplicationScoped
public class ManagedTokens {
  private static final Logger LOG = Logger.getLogger(ManagedTokens.class);
  private static final Duration POLL = Duration.ofMillis(500);

  private final Map<String, AgentToken> grants = new ConcurrentHashMap<>();

  /** Next offset to read per partition, as far as applied; guarded by {@code this}. */
  private final Map<TopicPartition, Long> applied = new HashMap<>();

  private final Map<String, Object> consumerConfig;
  private final TokenUsage usage;
  private final Thread reader;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile boolean running = true;

  public ManagedTokens(
      @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
      IngestConfig config,
      TokenUsage usage) {
    this.usage = usage;
    Map<String, Object> props = new HashMap<>();
    kafkaConfig.forEach(
        (k, v) -> {
          if (ConsumerConfig.configNames().contains(k)) {
            props.put(k, v);
          }
        });
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
    props.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "sentinel-ingest-agent-tokens");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // a topic created by a read would not be compacted: it is declared (deploy, dev stack)
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    this.consumerConfig = props;
    this.reader = new Thread(this::read, "agent-tokens-reader");
    reader.setDaemon(true);
    if (config.auth().enabled()) {
      reader.start();
    }
  }

  /**
   * The grant of {@code token} if it is a managed token that is not revoked; its use is reported
   * ({@link TokenUsage}).
   */
  public Optional<AgentToken> check(String token) {
    if (token == null || token.isEmpty() || grants.isEmpty()) {
      return Optional.empty();
    }
    String hash = AgentTokenRecord.hash(token);
    AgentToken grant = grants.get(hash);
    if (grant != null) {
      usage.used(hash);
    }
    return Optional.ofNullable(grant);
  }

  /**
   * Waits until the record at {@code offset} of {@code partition} has been applied, at most {@code
   * max}; whether it was. For tests and tools that just published a record.
   */
  public synchronized boolean awaitApplied(TopicPartition partition, long offset, Duration max)
      throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (applied.getOrDefault(partition, 0L) <= offset) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  private void read() {
    while (running) {
      try (KafkaConsumer<String, byte[]> c =
          new KafkaConsumer<>(
              consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
        consumer = c;
        if (!running) {
          return;
        }
        List<TopicPartition> partitions =
            c.partitionsFor(Topics.AGENT_TOKENS, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        if (partitions.isEmpty()) {
          LOG.warnf("Topic %s not found: no managed agent tokens yet", Topics.AGENT_TOKENS);
          c.poll(Duration.ofSeconds(5)); // nothing assigned: only waits (or is woken to stop)
          continue;
        }
        c.assign(partitions);
        c.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = c.endOffsets(partitions);
        boolean caughtUp = false;
        while (running) {
          for (ConsumerRecord<String, byte[]> r : c.poll(POLL)) {
            apply(r);
          }
          synchronized (this) {
            for (TopicPartition p : partitions) {
              applied.put(p, c.position(p));
            }
            notifyAll();
          }
          if (!caughtUp
              && partitions.stream().allMatch(p -> c.position(p) >= end.getOrDefault(p, 0L))) {
            caughtUp = true;
            LOG.infof(
                "Managed agent tokens read from %s: %d valid", Topics.AGENT_TOKENS, grants.size());
          }
        }
      } catch (WakeupException e) {
        return;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        // the broker is unreachable or the topic changed: start over from the beginning
        // the grants read so far stay in force meanwhile
        LOG.warnf(
            "Reading %s failed (%s); reading it again from the beginning",
            Topics.AGENT_TOKENS, e.toString());
      }
    }
  }

  private void apply(ConsumerRecord<String, byte[]> r) {
    if (r.key() == null) {
      return;
    }
    if (r.value() == null) {
      grants.remove(r.key());
      return;
    }
    AgentTokenRecord t;
    try {
      t = Json.read(r.value(), AgentTokenRecord.class);
    } catch (RuntimeException e) {
      LOG.warnf("Skipped an unreadable record of %s at offset %d", Topics.AGENT_TOKENS, r.offset());
      return;
    }
    if (t.revoked() || t.tenant() == null || !Tenants.valid(t.tenant())) {
      grants.remove(r.key());
    } else {
      grants.put(r.key(), new AgentToken(t.tenant(), t.monitor()));
    }
  }

  @PreDestroy
  void stop() {
    running = false;
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }
}
