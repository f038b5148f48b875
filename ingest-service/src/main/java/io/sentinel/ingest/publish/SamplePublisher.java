package io.sentinel.ingest.publish;

import io.sentinel.contract.Json;
import io.sentinel.contract.Sample;
import io.sentinel.contract.Topics;
import io.sentinel.ingest.config.IngestConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Writes validated samples to {@link Topics#SAMPLES}, keyed by {@code tenant/monitor} ({@link
 * Sample#key()}), and completes only once Kafka acknowledged every record (acks=all, idempotent
 * producer). Every protocol feeds this one publisher.
 */
@ApplicationScoped
public class SamplePublisher {
  private static final Logger LOG = Logger.getLogger(SamplePublisher.class);

  private final Producer<String, Sample> producer;

  public SamplePublisher(
      @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, IngestConfig config) {
    this.producer =
        new KafkaProducer<>(
            producerConfig(kafkaConfig, config.producer()),
            new StringSerializer(),
            Json.<Sample>serializer());
  }

  /** The producer settings: the {@code kafka.*} configuration plus what the promises need. */
  public static Map<String, Object> producerConfig(
      Map<String, Object> kafkaConfig, IngestConfig.Producer timings) {
    Map<String, Object> props = new HashMap<>(kafkaConfig);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, (int) timings.linger().toMillis());
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timings.maxBlock().toMillis());
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timings.requestTimeout().toMillis());
    props.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timings.deliveryTimeout().toMillis());
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "sentinel-ingest");
    props.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
    props.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
    return props;
  }

  /**
   * Sends every sample, then completes with the number of samples once all were acknowledged, or
   * fails with {@link KafkaUnavailableException} once all sends finished and any of them failed. A
   * send failing on the spot (metadata timeout) stops the batch: the rest is not sent, so an
   * unreachable broker costs one max.block.ms per request, not one per sample. Blocks up to
   * max.block.ms when metadata is missing: call it from a worker thread.
   */
  public CompletionStage<Integer> publish(List<Sample> samples) {
    return publish(samples, Map.of());
  }

  /**
   * Like {@link #publish(List)}, with {@code headers} (UTF-8 values) on every record: facts that
   * travel beside a sample without being part of its series (a heartbeat's message).
   */
  public CompletionStage<Integer> publish(List<Sample> samples, Map<String, String> headers) {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    if (samples.isEmpty()) {
      done.complete(0);
      return done;
    }
    int count = samples.size();
    AtomicInteger pending = new AtomicInteger(count);
    AtomicReference<Exception> firstFailure = new AtomicReference<>();
    int sent = 0;
    for (Sample sample : samples) {
      if (firstFailure.get() != null) {
        // a send already failed (metadata timeout, closed producer): every further send would
        // block max.block.ms again, and the batch fails anyway
        break;
      }
      sent++;
      try {
        ProducerRecord<String, Sample> record =
            new ProducerRecord<>(Topics.SAMPLES, sample.key(), sample);
        headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        producer.send(
            record,
            (metadata, error) -> {
              if (error != null) {
                firstFailure.compareAndSet(null, error);
              }
              if (pending.decrementAndGet() == 0) {
                finish(done, count, firstFailure.get());
              }
            });
      } catch (RuntimeException e) {
        // a send that throws never calls back: count it here
        firstFailure.compareAndSet(null, e);
        if (pending.decrementAndGet() == 0) {
          finish(done, count, firstFailure.get());
        }
      }
    }
    int unsent = count - sent;
    if (unsent > 0 && pending.addAndGet(-unsent) == 0) {
      finish(done, count, firstFailure.get());
    }
    return done;
  }

  private static void finish(CompletableFuture<Integer> done, int count, Exception failure) {
    if (failure == null) {
      done.complete(count);
    } else {
      LOG.warnf("Kafka did not acknowledge a batch of %d samples: %s", count, failure.toString());
      done.completeExceptionally(
          new KafkaUnavailableException(
              "Kafka did not acknowledge the samples: " + failure.getMessage(), failure));
    }
  }

  @PreDestroy
  void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
