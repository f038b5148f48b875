package io.sentinel.ingest.auth;

import io.sentinel.contract.AgentTokenUse;
import io.sentinel.contract.Json;
import io.sentinel.contract.Topics;
import io.sentinel.ingest.config.IngestConfig;
import io.sentinel.ingest.publish.SamplePublisher;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Reports the use of managed agent tokens on {@link Topics#AGENT_TOKEN_USAGE}, at most once a
 * minute per token (and replica): the query-service turns it into the "last used" an administrator
 * sees, without ingest touching a database. The report is a hint: a failed send is logged, never a
 * reason to refuse the agent.
 */
@ApplicationScoped
public class TokenUsage {
  private static final Logger LOG = Logger.getLogger(TokenUsage.class);
  private static final long MINUTE = 60_000;

  /** The minute last reported per token hash. */
  private final Map<String, Long> reported = new ConcurrentHashMap<>();

  private final Map<String, Object> producerConfig;

  /** Sends happen off the request thread: a send can block for metadata. */
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "agent-token-usage");
            t.setDaemon(true);
            return t;
          });

  private KafkaProducer<String, byte[]> producer;

  public TokenUsage(
      @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, IngestConfig config) {
    Map<String, Object> props = SamplePublisher.producerConfig(kafkaConfig, config.producer());
    props.put(
        org.apache.kafka.clients.producer.ProducerConfig.CLIENT_ID_CONFIG,
        "sentinel-ingest-token-usage");
    this.producerConfig = props;
  }

  /** The token of {@code hash} was used now. */
  public void used(String hash) {
    long minute = System.currentTimeMillis() / MINUTE * MINUTE;
    Long before = reported.put(hash, minute);
    if (Objects.equals(before, minute)) {
      return;
    }
    try {
      sender.execute(() -> send(new AgentTokenUse(hash, minute)));
    } catch (RejectedExecutionException e) {
      // shutting down
    }
  }

  private void send(AgentTokenUse use) {
    try {
      producer()
          .send(
              new ProducerRecord<>(Topics.AGENT_TOKEN_USAGE, use.hash(), Json.write(use)),
              (metadata, error) -> {
                if (error != null) {
                  LOG.warnf("Could not report the use of an agent token: %s", error.getMessage());
                }
              });
    } catch (RuntimeException e) {
      LOG.warnf("Could not report the use of an agent token: %s", e.getMessage());
    }
  }

  /** Waits until every use reported so far was sent and acknowledged (tests, shutdown). */
  public void flush() throws Exception {
    sender
        .submit(
            () -> {
              if (producer != null) {
                producer.flush();
              }
            })
        .get();
  }

  private KafkaProducer<String, byte[]> producer() {
    if (producer == null) {
      producer =
          new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
    }
    return producer;
  }

  @PreDestroy
  void close() {
    sender.shutdown();
    try {
      sender.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }
}
