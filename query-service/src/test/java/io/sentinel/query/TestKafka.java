package io.sentinel.query;

import io.sentinel.contract.EventType;
import io.sentinel.contract.Json;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Rollup;
import io.sentinel.contract.Severity;
import io.sentinel.contract.Tenants;
import io.sentinel.contract.Topics;
import io.sentinel.devstack.DevStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients on the dev-stack broker, as the detector would produce. */
public final class TestKafka {
  private static KafkaProducer<String, byte[]> producer;

  private TestKafka() {}

  private static synchronized KafkaProducer<String, byte[]> producer() {
    if (producer == null) {
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStack.kafka().bootstrapServers());
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
      producer = new KafkaProducer<>(p);
    }
    return producer;
  }

  public static void send(String topic, String key, byte[] value) {
    try {
      producer().send(new ProducerRecord<>(topic, key, value)).get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void send(MonitorEvent e) {
    send(Topics.EVENTS, e.key(), Json.write(e));
  }

  public static void send(Rollup r) {
    send(Topics.ROLLUPS, r.series(), Json.write(r));
  }

  public static void sendRaw(String topic, String key, String value) {
    send(topic, key, value.getBytes(StandardCharsets.UTF_8));
  }

  /** A unique monitor name, so test classes sharing the database do not see each other. */
  public static String monitor(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public static MonitorEvent anomaly(String monitor, String metric, Severity severity, long time) {
    return MonitorEvent.anomaly(
        UUID.randomUUID().toString(),
        monitor,
        metric,
        monitor + "/" + metric,
        time,
        0.97,
        severity,
        97.5,
        10.0,
        40.0,
        metric + " is far above its usual band");
  }

  /** The resolution of {@code anomaly}, without score or value (as an older detector sent it). */
  public static MonitorEvent resolved(MonitorEvent anomaly, long time) {
    return new MonitorEvent(
        UUID.randomUUID().toString(),
        EventType.ANOMALY_RESOLVED,
        anomaly.monitor(),
        anomaly.metric(),
        anomaly.series(),
        time,
        null,
        null,
        null,
        null,
        null,
        anomaly.metric() + " is back to normal",
        anomaly.id(),
        Tenants.DEFAULT);
  }

  public static MonitorEvent outageStarted(String monitor, long time) {
    return MonitorEvent.outageStarted(
        UUID.randomUUID().toString(), monitor, time, "no samples for 3 expected intervals");
  }

  public static MonitorEvent outageResolved(MonitorEvent started, long time) {
    return MonitorEvent.outageResolved(
        UUID.randomUUID().toString(),
        started.monitor(),
        time,
        "samples arrive again",
        started.id());
  }

  public static MonitorEvent errorsStarted(String monitor, long time) {
    return MonitorEvent.errorsStarted(
        UUID.randomUUID().toString(),
        monitor,
        time,
        7.0,
        "Data of " + monitor + " keeps being rejected: 7 samples in 3 requests over 60 s");
  }

  public static MonitorEvent errorsResolved(MonitorEvent started, long time) {
    return MonitorEvent.errorsResolved(
        UUID.randomUUID().toString(),
        started.monitor(),
        time,
        7.0,
        "No data of " + started.monitor() + " rejected for 5 min",
        started.id());
  }

  /** Every record currently in {@code topic}, read from the beginning by a fresh group. */
  public static List<ConsumerRecord<String, String>> readAll(String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStack.kafka().bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(topic));
      long end = System.currentTimeMillis() + 3000;
      while (System.currentTimeMillis() < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
        if (!out.isEmpty()
            && consumer.assignment().stream()
                .allMatch(
                    tp -> {
                      Map<org.apache.kafka.common.TopicPartition, Long> ends =
                          consumer.endOffsets(List.of(tp));
                      return consumer.position(tp) >= ends.get(tp);
                    })) {
          break;
        }
      }
    }
    return out;
  }
}
