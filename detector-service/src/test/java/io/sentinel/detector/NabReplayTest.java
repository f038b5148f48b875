package io.sentinel.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sentinel.contract.Json;
import io.sentinel.contract.Rollup;
import io.sentinel.contract.Sample;
import io.sentinel.contract.Topics;
import io.sentinel.devstack.DevStack;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.engine.nab.NabMain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The streaming path and the benchmark use the same engine: one NAB file replayed through Kafka and
 * the running detector-service (its own configuration, on the real broker) gets exactly the scores
 * that {@code ./sentinel nab} writes for that file. Each NAB row is 5 or more minutes from the
 * next, so the per-minute rollup of a row carries that row's score as its {@code max_score}.
 *
 * <p>The file has no repeated timestamps. Some NAB files do (clock changes): the stream takes a
 * repeated timestamp for an agent's resend and scores it once, which a batch run cannot know.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class NabReplayTest {
  private static final Path CORPUS = Path.of("src/test/resources/nab-replay");

  /** NAB timestamps are UTC, as NabMain reads them. */
  private static final DateTimeFormatter NAB_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private record Row(long timestamp, double value, double score) {}

  @Test
  void nabFileThroughKafkaScoresExactlyAsTheNabCommand() throws Exception {
    Path out = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "nab-replay");
    NabMain.main(
        new String[] {
          CORPUS.toString(), "--out", out.toString(), "--no-baseline", "--threads", "1"
        });
    List<Row> expected =
        readResults(
            out.resolve("results/sentinel/realKnownCause/sentinel_rogue_agent_key_hold.csv"));
    assertThat(expected).hasSize(1882);
    assertThat(expected)
        .as("the file has anomalies the engine scores")
        .anyMatch(r -> r.score() >= 0.5);

    String monitor = "nab-replay-" + UUID.randomUUID().toString().substring(0, 8);
    String series = Sample.seriesId(monitor, "latency", Map.of());
    String bootstrap = DevStack.kafka().bootstrapServers();
    try (KafkaProducer<String, String> producer = producer(bootstrap)) {
      for (Row r : expected) {
        producer.send(record(monitor, r.timestamp(), r.value()));
      }
      // one more row closes the last row's minute, so its rollup is published
      Row last = expected.get(expected.size() - 1);
      producer.send(record(monitor, last.timestamp() + 300_000, last.value()));
      producer.flush();
    }

    Map<Long, Double> streamed = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
      consumer.subscribe(List.of(Topics.ROLLUPS));
      await("a rollup for every replayed row")
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ZERO)
          .until(
              () -> {
                for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(500))) {
                  if (series.equals(rec.key())) {
                    Rollup r =
                        Json.read(rec.value().getBytes(StandardCharsets.UTF_8), Rollup.class);
                    assertThat(r.count()).as("one row per minute").isEqualTo(1);
                    streamed.put(r.minute(), r.maxScore());
                  }
                }
                return expected.stream().allMatch(r -> streamed.containsKey(r.timestamp()));
              });
    }
    int mismatches = 0;
    StringBuilder first = new StringBuilder();
    for (int i = 0; i < expected.size(); i++) {
      Row r = expected.get(i);
      double got = streamed.get(r.timestamp());
      if (Double.compare(got, r.score()) != 0) {
        if (mismatches++ < 5) {
          first.append(
              String.format(
                  "%n  row %d (%d): nab %s, stream %s", i, r.timestamp(), r.score(), got));
        }
      }
    }
    assertThat(mismatches)
        .as("rows whose streamed score differs from ./sentinel nab's:" + first)
        .isZero();
  }

  private static List<Row> readResults(Path csv) throws Exception {
    return Files.readAllLines(csv, StandardCharsets.UTF_8).stream()
        .skip(1)
        .map(line -> line.split(","))
        .map(
            f ->
                new Row(
                    LocalDateTime.parse(f[0], NAB_TIME).toInstant(ZoneOffset.UTC).toEpochMilli(),
                    Double.parseDouble(f[1]),
                    Double.parseDouble(f[2])))
        .toList();
  }

  private static ProducerRecord<String, String> record(String monitor, long ts, double value) {
    // the record's own time is now: the topic's retention is judged by it, not by 2014's dates
    return new ProducerRecord<>(
        Topics.SAMPLES,
        null,
        System.currentTimeMillis(),
        monitor,
        new String(
            Json.write(new Sample(monitor, "latency", Map.of(), ts, value)),
            StandardCharsets.UTF_8));
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private static KafkaConsumer<String, String> consumer(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "nab-replay-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }
}
