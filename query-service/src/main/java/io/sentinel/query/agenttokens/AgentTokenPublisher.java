package io.sentinel.query.agenttokens;

import io.quarkus.runtime.StartupEvent;
import io.sentinel.contract.AgentTokenRecord;
import io.sentinel.contract.Json;
import io.sentinel.contract.Topics;
import io.sentinel.query.agenttokens.AgentTokenStore.AgentTokenRow;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes agent token records to the compacted topic {@link Topics#AGENT_TOKENS}, keyed by token
 * hash, and completes once Kafka acknowledged them (acks=all). At start every stored token is
 * published again, so a change whose publication failed (the API answered 503) reaches ingest at
 * the latest when the query-service starts again.
 */
@ApplicationScoped
public class AgentTokenPublisher {
  private static final Logger LOG = Logger.getLogger(AgentTokenPublisher.class);

  private final KafkaProducer<String, byte[]> producer;
  private final AgentTokenStore store;

  public AgentTokenPublisher(
      @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, AgentTokenStore store) {
    this.store = store;
    Map<String, Object> props = new HashMap<>();
    kafkaConfig.forEach(
        (k, v) -> {
          if (ProducerConfig.configNames().contains(k)) {
            props.put(k, v);
          }
        });
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "sentinel-query-agent-tokens");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10000);
    props.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
    props.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /** The record ingest reads for {@code row}. */
  public static AgentTokenRecord record(AgentTokenRow row) {
    return new AgentTokenRecord(row.hash(), row.tenant(), row.monitor(), row.revokedAt() != null);
  }

  /** Sends the record of {@code row}; emits it once Kafka acknowledged it. */
  public Uni<AgentTokenRow> publish(AgentTokenRow row) {
    AgentTokenRecord record = record(row);
    // send() may block for metadata (max.block.ms): never on the event loop
    return Uni.createFrom()
        .completionStage(
            () -> {
              CompletableFuture<Void> done = new CompletableFuture<>();
              producer.send(
                  new ProducerRecord<>(Topics.AGENT_TOKENS, record.hash(), Json.write(record)),
                  (metadata, error) -> {
                    if (error != null) {
                      done.completeExceptionally(error);
                    } else {
                      done.complete(null);
                    }
                  });
              return done;
            })
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        // the callback runs on the producer's network thread: answer the request elsewhere
        .emitOn(Infrastructure.getDefaultWorkerPool())
        .replaceWith(row);
  }

  void republishAtStart(@Observes StartupEvent start) {
    store
        .all()
        .onItem()
        .transformToUni(this::publishAll)
        .subscribe()
        .with(
            n -> LOG.infof("Published %d agent token record(s) to %s", n, Topics.AGENT_TOKENS),
            e ->
                LOG.warnf(
                    "Could not publish the agent tokens to %s at start (%s); ingest keeps what the"
                        + " topic holds",
                    Topics.AGENT_TOKENS, e.getMessage()));
  }

  private Uni<Integer> publishAll(List<AgentTokenRow> rows) {
    if (rows.isEmpty()) {
      return Uni.createFrom().item(0);
    }
    return Uni.join().all(rows.stream().map(this::publish).toList()).andFailFast().map(List::size);
  }

  @PreDestroy
  void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
