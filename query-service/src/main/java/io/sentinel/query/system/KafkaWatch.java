package io.sentinel.query.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentinel.contract.Json;
import io.sentinel.contract.Tenants;
import io.sentinel.contract.Topics;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What the self-watch asks Kafka: end offsets, a group's committed offsets and members, the records
 * of a dead-letter topic, and the replay of some of them. Plain clients on the service's own Kafka
 * settings (bootstrap servers, security), created once; every call blocks, so it runs on a worker
 * thread.
 */
@ApplicationScoped
public class KafkaWatch {
  /** Header a replayed record carries: the dead-letter topic, partition and offset it came from. */
  public static final String REPLAYED_FROM_HEADER = "sentinel-replayed-from";

  /** The dead-letter topics Sentinel writes. */
  public static final List<String> DEAD_LETTER_TOPICS =
      List.of(Topics.dlq(Topics.SAMPLES), Topics.dlq(Topics.EVENTS), Topics.dlq(Topics.ROLLUPS));

  private static final int VALUE_CHARS = 2000;

  /** The tenant label in a series id (the key of a rollup): {@code ...{a=b,tenant=acme}}. */
  private static final Pattern TENANT_LABEL = Pattern.compile("[{,]tenant=([^,}]+)");

  private final Map<String, Object> clientProps = new HashMap<>();
  private final Admin admin;
  private final Duration timeout;
  private KafkaProducer<byte[], byte[]> producer;

  public KafkaWatch(
      @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, SystemConfig config) {
    // only the connection and security keys, so the clients do not warn about the others
    kafkaConfig.forEach(
        (k, v) -> {
          if (AdminClientConfig.configNames().contains(k)
              && !k.equals(AdminClientConfig.CLIENT_ID_CONFIG)) {
            clientProps.put(k, v);
          }
        });
    Map<String, Object> adminProps = new HashMap<>(clientProps);
    adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "sentinel-query-system");
    this.admin = Admin.create(adminProps);
    this.timeout = config.probeTimeout();
  }

  /**
   * Offsets of a group on some topics.
   *
   * @param end the end (next) offset of each partition
   * @param committed the group's committed offset of each partition it committed
   * @param members members of the group now (-1 when unknown)
   * @param state the group's state as the broker says it (Stable, Empty, Dead...)
   */
  public record GroupOffsets(
      Map<TopicPartition, Long> end,
      Map<TopicPartition, Long> committed,
      int members,
      String state) {
    /** Records on these topics the group has not processed yet. */
    public long lag() {
      long lag = 0;
      for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
        Long c = committed.get(e.getKey());
        lag += Math.max(0, e.getValue() - (c == null ? 0 : c));
      }
      return lag;
    }
  }

  /** End offsets of these topics and the group's committed offsets and membership. */
  public GroupOffsets group(String group, Collection<String> topics)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, Long> end = endOffsets(topics);
    Map<TopicPartition, OffsetAndMetadata> offsets =
        get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
    Map<TopicPartition, Long> committed = new HashMap<>();
    offsets.forEach(
        (tp, om) -> {
          if (om != null && topics.contains(tp.topic())) {
            committed.put(tp, om.offset());
          }
        });
    int members = -1;
    String state = "unknown";
    try {
      ConsumerGroupDescription d =
          get(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group));
      members = d.members().size();
      state = String.valueOf(d.groupState());
    } catch (ExecutionException e) {
      // a group of another protocol (or none yet): membership unknown, offsets still tell
    }
    return new GroupOffsets(end, committed, members, state);
  }

  /** The end offset of every partition of these topics (missing topics have none). */
  public Map<TopicPartition, Long> endOffsets(Collection<String> topics)
      throws ExecutionException, InterruptedException, TimeoutException {
    return offsets(partitions(topics), OffsetSpec.latest());
  }

  private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, spec));
    Map<TopicPartition, Long> out = new HashMap<>();
    if (request.isEmpty()) {
      return out;
    }
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
        get(admin.listOffsets(request).all());
    result.forEach((tp, info) -> out.put(tp, info.offset()));
    return out;
  }

  private List<TopicPartition> partitions(Collection<String> topics)
      throws ExecutionException, InterruptedException, TimeoutException {
    List<TopicPartition> out = new ArrayList<>();
    for (String topic : topics) {
      TopicDescription d;
      try {
        d = get(admin.describeTopics(List.of(topic)).topicNameValues().get(topic));
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UnknownTopicOrPartitionException) {
          continue; // not created yet: nothing in it
        }
        throw e;
      }
      d.partitions().forEach(p -> out.add(new TopicPartition(topic, p.partition())));
    }
    return out;
  }

  /**
   * Count of the records of a dead-letter topic and its newest ones.
   *
   * @param count records in it (end minus start offsets, over its partitions)
   * @param newest the newest records, newest first
   */
  public record DeadLetters(long count, List<DeadLetter> newest) {}

  /** The records in {@code topic} and the newest {@code max} of them, newest first. */
  public DeadLetters deadLetters(String topic, int max)
      throws ExecutionException, InterruptedException, TimeoutException {
    List<TopicPartition> partitions = partitions(List.of(topic));
    Map<TopicPartition, Long> start = offsets(partitions, OffsetSpec.earliest());
    Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
    long count = 0;
    for (TopicPartition tp : partitions) {
      count += end.getOrDefault(tp, 0L) - start.getOrDefault(tp, 0L);
    }
    if (count == 0 || max <= 0) {
      return new DeadLetters(count, List.of());
    }
    // the newest max of each partition cover the newest max of the topic
    Map<TopicPartition, Long> from = new HashMap<>();
    for (TopicPartition tp : partitions) {
      long e = end.getOrDefault(tp, 0L);
      long s = start.getOrDefault(tp, 0L);
      if (e > s) {
        from.put(tp, Math.max(s, e - max));
      }
    }
    List<DeadLetter> read = new ArrayList<>();
    readRange(from, end, r -> read.add(view(r)));
    read.sort(Comparator.comparing(DeadLetter::time).thenComparing(DeadLetter::offset).reversed());
    return new DeadLetters(count, List.copyOf(read.subList(0, Math.min(max, read.size()))));
  }

  /**
   * A record of a dead-letter topic to replay.
   *
   * @param partition its partition
   * @param offset its offset
   */
  public record RecordRef(int partition, long offset) {}

  /**
   * What became of one record named in a replay.
   *
   * @param partition the dead letter's partition
   * @param offset the dead letter's offset
   * @param replayed whether it was written to the source topic
   * @param toPartition the partition of the source topic it was written to
   * @param toOffset its offset there
   * @param problem why it was not replayed (no such record), else null
   */
  public record ReplayResult(
      int partition,
      long offset,
      boolean replayed,
      Integer toPartition,
      Long toOffset,
      String problem) {}

  /**
   * Writes the named records of dead-letter topic {@code dlq} back to its source topic (the name
   * without {@code .dlq}) as they came: same key, value and headers, minus the dead-letter ones,
   * plus {@value #REPLAYED_FROM_HEADER}. Returns once Kafka acknowledged every write. A record of a
   * tenant {@code tenants} does not allow is answered as one that does not exist.
   */
  public List<ReplayResult> replay(String dlq, List<RecordRef> refs, Predicate<String> tenants)
      throws ExecutionException, InterruptedException, TimeoutException {
    String source = dlq.substring(0, dlq.length() - Topics.DLQ_SUFFIX.length());
    List<TopicPartition> partitions = partitions(List.of(dlq));
    Map<TopicPartition, Long> start = offsets(partitions, OffsetSpec.earliest());
    Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
    Map<RecordRef, ConsumerRecord<byte[], byte[]>> found = new HashMap<>();
    Map<TopicPartition, Long> from = new HashMap<>();
    Map<TopicPartition, Long> to = new HashMap<>();
    for (RecordRef ref : refs) {
      TopicPartition tp = new TopicPartition(dlq, ref.partition());
      Long s = start.get(tp);
      Long e = end.get(tp);
      if (s == null || ref.offset() < s || ref.offset() >= e) {
        continue;
      }
      from.merge(tp, ref.offset(), Math::min);
      to.merge(tp, ref.offset() + 1, Math::max);
    }
    Set<RecordRef> wanted = Set.copyOf(refs);
    readRange(
        from,
        to,
        r -> {
          RecordRef ref = new RecordRef(r.partition(), r.offset());
          if (wanted.contains(ref) && tenants.test(tenantOf(r.key(), r.value()))) {
            found.put(ref, r);
          }
        });
    List<ReplayResult> out = new ArrayList<>();
    KafkaProducer<byte[], byte[]> p = producer();
    for (RecordRef ref : refs) {
      ConsumerRecord<byte[], byte[]> r = found.get(ref);
      if (r == null) {
        out.add(
            new ReplayResult(
                ref.partition(),
                ref.offset(),
                false,
                null,
                null,
                "no record at partition " + ref.partition() + " offset " + ref.offset()));
        continue;
      }
      RecordHeaders headers = new RecordHeaders();
      for (Header h : r.headers()) {
        if (!h.key().equals(Topics.DLQ_REASON_HEADER)
            && !h.key().startsWith("dead-letter-")
            && !h.key().equals(REPLAYED_FROM_HEADER)) {
          headers.add(h);
        }
      }
      headers.add(
          REPLAYED_FROM_HEADER,
          (dlq + "/" + r.partition() + "/" + r.offset()).getBytes(StandardCharsets.UTF_8));
      var meta =
          p.send(new ProducerRecord<>(source, null, null, r.key(), r.value(), headers))
              .get(timeout.toMillis() * 5, TimeUnit.MILLISECONDS);
      out.add(
          new ReplayResult(
              ref.partition(), ref.offset(), true, meta.partition(), meta.offset(), null));
    }
    return out;
  }

  /** Reads [from, to) of each partition, calling {@code sink} for every record. */
  private void readRange(
      Map<TopicPartition, Long> from,
      Map<TopicPartition, Long> to,
      java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    if (from.isEmpty()) {
      return;
    }
    Map<String, Object> props = new HashMap<>(clientProps);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "sentinel-query-system-reader");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // the dead-letter producers are not transactional; read what is there
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(from.keySet());
      from.forEach(consumer::seek);
      Map<TopicPartition, Long> remaining = new HashMap<>(to);
      remaining.keySet().retainAll(from.keySet());
      long deadline = System.nanoTime() + timeout.toNanos() * 5;
      while (!remaining.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          Long limit = remaining.get(tp);
          if (limit != null && r.offset() < limit) {
            sink.accept(r);
          }
        }
        remaining.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
      }
    }
  }

  private static DeadLetter view(ConsumerRecord<byte[], byte[]> r) {
    String reason = header(r, Topics.DLQ_REASON_HEADER);
    if (reason == null) {
      reason = header(r, "dead-letter-reason");
    }
    String value = r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
    if (value != null && value.length() > VALUE_CHARS) {
      value = value.substring(0, VALUE_CHARS) + "…";
    }
    return new DeadLetter(
        r.topic(),
        r.partition(),
        r.offset(),
        Instant.ofEpochMilli(r.timestamp()),
        r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
        reason,
        value,
        header(r, REPLAYED_FROM_HEADER),
        tenantOf(r.key(), r.value()));
  }

  /**
   * The tenant of a dead-lettered record: the {@code tenant} field of its value (samples, events
   * and rollups carry it), else its {@code tenant} label, else what its key says (a rollup's series
   * id carries the label, a sample's or event's key is {@code tenant/monitor}), else {@code
   * default}, the tenant of a record that names none.
   */
  static String tenantOf(byte[] key, byte[] value) {
    if (value != null) {
      try {
        JsonNode n = Json.MAPPER.readTree(value);
        if (n != null && n.isObject()) {
          String t = n.path("tenant").asText("");
          if (t.isBlank()) {
            t = n.path("labels").path(Tenants.LABEL).asText("");
          }
          if (!t.isBlank()) {
            return t;
          }
        }
      } catch (java.io.IOException | RuntimeException e) {
        // not JSON (perhaps why it was dead-lettered): the key tells
      }
    }
    if (key == null) {
      return Tenants.DEFAULT;
    }
    String k = new String(key, StandardCharsets.UTF_8);
    Matcher label = TENANT_LABEL.matcher(k);
    if (label.find()) {
      return label.group(1);
    }
    int slash = k.indexOf('/');
    return slash > 0 && k.indexOf('{') < 0 ? k.substring(0, slash) : Tenants.DEFAULT;
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
    Header h = r.headers().lastHeader(key);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private synchronized KafkaProducer<byte[], byte[]> producer() {
    if (producer == null) {
      Map<String, Object> props = new HashMap<>(clientProps);
      props.put(ProducerConfig.CLIENT_ID_CONFIG, "sentinel-query-replay");
      props.put(ProducerConfig.ACKS_CONFIG, "all");
      props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
    return producer;
  }

  private <T> T get(KafkaFuture<T> f)
      throws ExecutionException, InterruptedException, TimeoutException {
    return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  synchronized void close() {
    admin.close(Duration.ofSeconds(2));
    if (producer != null) {
      producer.close(Duration.ofSeconds(2));
    }
  }
}
