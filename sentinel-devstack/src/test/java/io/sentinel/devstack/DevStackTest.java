package io.sentinel.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentinel.contract.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class DevStackTest {

  @Test
  void kafkaAcceptsAndReturnsARecordOnTheSamplesTopic() throws Exception {
    String bootstrap = DevStack.kafka().bootstrapServers();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(Topics.SAMPLES, "m1", "hello")).get();
    }
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "devstack-test");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.SAMPLES));
      ConsumerRecord<String, String> found = null;
      long deadline = System.currentTimeMillis() + 30_000;
      while (found == null && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          if ("m1".equals(r.key())) {
            found = r;
          }
        }
      }
      assertThat(found).isNotNull();
      assertThat(found.value()).isEqualTo("hello");
    }
  }

  @Test
  void postgresServesTheSentinelDatabaseWithPasswordAuth() throws Exception {
    Map<String, String> cfg = DevStack.postgresConfig();
    try (Connection conn =
            DriverManager.getConnection(
                cfg.get("quarkus.datasource.jdbc.url"),
                cfg.get("quarkus.datasource.username"),
                cfg.get("quarkus.datasource.password"));
        ResultSet rs =
            conn.createStatement().executeQuery("SELECT current_database(), version()")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(EmbeddedPostgresServer.DATABASE);
      assertThat(rs.getString(2)).startsWith("PostgreSQL 1");
    }
  }
}
