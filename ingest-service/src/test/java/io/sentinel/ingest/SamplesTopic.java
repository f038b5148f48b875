package io.sentinel.ingest;

import static org.awaitility.Awaitility.await;

import io.sentinel.contract.Json;
import io.sentinel.contract.Sample;
import io.sentinel.contract.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@link Topics#SAMPLES} between two marks, so a test sees exactly the records appended while
 * it ran: no waiting for records that should not come.
 */
public final class SamplesTopic implements AutoCloseable {
  private final KafkaConsumer<String, Sample> consumer;
  private final List<TopicPartition> partitions;

  public SamplesTopic(String bootstrapServers) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            Json.deserializer(Sample.class));
    partitions =
        consumer.partitionsFor(Topics.SAMPLES).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
  }

  /** The current end of every partition. */
  public Map<TopicPartition, Long> mark() {
    return consumer.endOffsets(partitions);
  }

  /** Every record appended after {@code from} up to the current end of the topic. */
  public List<ConsumerRecord<String, Sample>> readSince(Map<TopicPartition, Long> from) {
    Map<TopicPartition, Long> to = mark();
    from.forEach(consumer::seek);
    List<ConsumerRecord<String, Sample>> records = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              consumer.poll(Duration.ofMillis(200)).forEach(records::add);
              return partitions.stream().allMatch(p -> consumer.position(p) >= to.get(p));
            });
    return records.stream()
        .filter(r -> r.offset() < to.get(new TopicPartition(r.topic(), r.partition())))
        .toList();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
