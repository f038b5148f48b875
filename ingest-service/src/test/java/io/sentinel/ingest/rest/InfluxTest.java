package io.sentinel.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.sentinel.contract.FactSamples;
import io.sentinel.contract.Sample;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.ingest.Agents;
import io.sentinel.ingest.SamplesTopic;
import io.sentinel.ingest.protocol.influx.InfluxResource;
import io.sentinel.ingest.publish.RejectionPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class InfluxTest {
  private static SamplesTopic topic;

  @BeforeAll
  static void openTopic() {
    topic =
        new SamplesTopic(
            ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
  }

  @AfterAll
  static void closeTopic() {
    topic.close();
  }

  /** As Telegraf's outputs.influxdb_v2 sends: Token header, text/plain, gzip. */
  private static RequestSpecification telegraf() {
    return given()
        .header("Authorization", "Token " + Agents.TOKEN)
        .header("User-Agent", "Telegraf/1.30.0")
        .contentType("text/plain; charset=utf-8");
  }

  private List<Sample> publishedFor(Map<TopicPartition, Long> before, String monitor) {
    return topic.readSince(before).stream()
        .map(ConsumerRecord::value)
        .filter(s -> s.monitor().equals(monitor) && !s.metric().equals(RejectionPublisher.METRIC))
        .toList();
  }

  @Test
  void goldenTelegrafBatchInGzipIsStoredAsMeasurementField() {
    String host = "web-" + UUID.randomUUID();
    long seconds = System.currentTimeMillis() / 1000 - 10;
    String golden =
        "# a Telegraf batch\n"
            + "cpu,cpu=cpu-total,host="
            + host
            + " usage_idle=97.5,usage_user=1.25 "
            + seconds
            + "000000000\n"
            + "mem,host="
            + host
            + " used=123456i,available_percent=40.5 "
            + seconds
            + "000000000\n"
            + "system,host="
            + host
            + " uptime=3600u,uptime_format=\"1:00\",n_users=2i "
            + seconds
            + "000000000\n"
            + "net,host="
            + host
            + ",interface=eth\\ 0 up=true,errs=0i "
            + seconds
            + "000000000\r\n"
            + "disk,host="
            + host
            + ",path=/var\\,log,fstype=ext4 used_percent=1e1 "
            + seconds
            + "000000000\n";
    Map<TopicPartition, Long> before = topic.mark();
    telegraf()
        .header("Content-Encoding", "gzip")
        .queryParam("org", "sentinel")
        .queryParam("bucket", "telegraf")
        .body(Payloads.gzip(golden.getBytes(StandardCharsets.UTF_8)))
        .post(InfluxResource.V2_PATH)
        .then()
        .statusCode(204);
    long ms = seconds * 1000;
    Map<String, String> tenant = Map.of("tenant", Agents.TENANT);
    assertThat(publishedFor(before, host))
        .containsExactlyInAnyOrder(
            new Sample(
                host,
                "cpu_usage_idle",
                Map.of("cpu", "cpu-total", "tenant", Agents.TENANT),
                ms,
                97.5),
            new Sample(
                host,
                "cpu_usage_user",
                Map.of("cpu", "cpu-total", "tenant", Agents.TENANT),
                ms,
                1.25),
            new Sample(host, "mem_used", tenant, ms, 123456),
            new Sample(host, "mem_available_percent", tenant, ms, 40.5),
            new Sample(host, "system_uptime", tenant, ms, 3600),
            new Sample(host, "system_n_users", tenant, ms, 2),
            new Sample(
                host, "net_up", Map.of("interface", "eth 0", "tenant", Agents.TENANT), ms, 1),
            new Sample(
                host, "net_errs", Map.of("interface", "eth 0", "tenant", Agents.TENANT), ms, 0),
            new Sample(
                host,
                "disk_used_percent",
                Map.of("path", "/var,log", "fstype", "ext4", "tenant", Agents.TENANT),
                ms,
                10));
  }

  @Test
  void v1WriteHonoursPrecisionAndDefaultsToReceiveTime() {
    String host = "v1-" + UUID.randomUUID();
    long seconds = System.currentTimeMillis() / 1000 - 60;
    Map<TopicPartition, Long> before = topic.mark();
    given()
        .header(Agents.AUTH)
        .queryParam("db", "telegraf")
        .queryParam("precision", "s")
        .body("load,host=" + host + " load1=0.5 " + seconds + "\nload,host=" + host + " load5=0.25")
        .post(InfluxResource.V1_PATH)
        .then()
        .statusCode(204);
    List<Sample> samples = publishedFor(before, host);
    assertThat(samples)
        .filteredOn(s -> s.metric().equals("load_load1"))
        .singleElement()
        .extracting(Sample::timestamp)
        .isEqualTo(seconds * 1000);
    assertThat(samples)
        .filteredOn(s -> s.metric().equals("load_load5"))
        .singleElement()
        .extracting(Sample::timestamp)
        .satisfies(t -> assertThat(System.currentTimeMillis() - t).isBetween(0L, 30_000L));
  }

  @Test
  void badLinesAre400NamingTheLineAndGoodLinesAreStored() {
    String host = "bad-" + UUID.randomUUID();
    Map<TopicPartition, Long> before = topic.mark();
    telegraf()
        .body(
            "cpu,host="
                + host
                + " usage=1\ncpu,host="
                + host
                + " usage=\ncpu usage=2\ncpu,host="
                + host
                + " usage=abc\n")
        .post(InfluxResource.V2_PATH)
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid"))
        .body("message", containsString("partial write"))
        .body(
            "message",
            containsString(
                "line 2: unable to parse 'cpu,host="
                    + host
                    + " usage=': missing value of field 'usage' at column"))
        .body("message", containsString("line 3: usage/monitor: has no 'host' tag"))
        .body("message", containsString("line 4: unable to parse"))
        .body("message", containsString("1 points were stored"));
    assertThat(publishedFor(before, host)).extracting(Sample::metric).containsExactly("cpu_usage");
    // the unparsable lines 2 and 4 name their host: rejected data of that monitor (status Errors)
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(topic.readSince(before).stream().map(ConsumerRecord::value).toList())
                    .filteredOn(f -> f.monitor().equals(host) && FactSamples.isIngestRejection(f))
                    .singleElement()
                    .satisfies(
                        f -> {
                          assertThat(f.value()).isEqualTo(2.0);
                          assertThat(f.labels())
                              .containsEntry(FactSamples.REASON_LABEL, "malformed");
                        }));
  }

  @Test
  void v1ErrorsUseTheV1Form() {
    given()
        .header(Agents.AUTH)
        .body("no fields here")
        .post(InfluxResource.V1_PATH)
        .then()
        .statusCode(400)
        .header("X-Influxdb-Error", containsString("line 1"))
        .body("error", containsString("line 1: unable to parse"));
  }

  @Test
  void unknownPrecisionIs400() {
    telegraf()
        .queryParam("precision", "fortnight")
        .body("cpu,host=h usage=1")
        .post(InfluxResource.V2_PATH)
        .then()
        .statusCode(400)
        .body("message", containsString("precision 'fortnight'"));
  }

  @Test
  void gzipBombIsRefusedWith413WhileInflating() {
    byte[] bomb = Payloads.gzip(new byte[40 * 1024 * 1024]); // 40 MiB of zeros, ~40 KiB on the wire
    telegraf()
        .header("Content-Encoding", "gzip")
        .body(bomb)
        .post(InfluxResource.V2_PATH)
        .then()
        .statusCode(413)
        .body("code", equalTo("request too large"))
        .body("message", containsString("max-decompressed-size"));
  }

  @Test
  void corruptGzipIs400AndUnknownEncodingIs415() {
    telegraf()
        .header("Content-Encoding", "gzip")
        .body("not gzip at all")
        .post(InfluxResource.V2_PATH)
        .then()
        .statusCode(400)
        .body("message", containsString("gzip"));
    telegraf()
        .header("Content-Encoding", "br")
        .body("x")
        .post(InfluxResource.V2_PATH)
        .then()
        .statusCode(415)
        .body("message", containsString("Content-Encoding 'br'"));
  }
}
