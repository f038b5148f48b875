package io.sentinel.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.sentinel.contract.Sample;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.ingest.Agents;
import io.sentinel.ingest.SamplesTopic;
import io.sentinel.ingest.prompb.Remote.TimeSeries;
import io.sentinel.ingest.prompb.Remote.WriteRequest;
import io.sentinel.ingest.protocol.remotewrite.RemoteWriteResource;
import io.sentinel.ingest.publish.RejectionPublisher;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
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
class RemoteWriteTest {
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

  static ValidatableResponse post(byte[] snappyBody) {
    return given()
        .header(Agents.AUTH)
        .contentType("application/x-protobuf")
        .header("Content-Encoding", "snappy")
        .header("X-Prometheus-Remote-Write-Version", "0.1.0")
        .header("User-Agent", "Prometheus/2.42.0")
        .body(snappyBody)
        .post(RemoteWriteResource.PATH)
        .then();
  }

  private List<Sample> publishedFor(Map<TopicPartition, Long> before, String monitor) {
    return topic.readSince(before).stream()
        .map(ConsumerRecord::value)
        .filter(s -> s.monitor().equals(monitor) && !s.metric().equals(RejectionPublisher.METRIC))
        .toList();
  }

  // --- a golden WriteRequest, encoded field by field from prompb/remote.proto and types.proto ---

  private static byte[] field(int number, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    varint(out, (number << 3) | 2);
    varint(out, payload.length);
    out.writeBytes(payload);
    return out.toByteArray();
  }

  private static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] label(String name, String value) {
    return field(
        1,
        concat(
            field(1, name.getBytes(StandardCharsets.UTF_8)),
            field(2, value.getBytes(StandardCharsets.UTF_8))));
  }

  private static byte[] sample(double value, long timestamp) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x09); // field 1, fixed64: the double value
    out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(value).array());
    out.write(0x10); // field 2, varint: the timestamp in ms
    varint(out, timestamp);
    return field(2, out.toByteArray());
  }

  @Test
  void goldenWriteRequestIsStoredWithNameMonitorAndLabels() {
    String instance = "node-" + UUID.randomUUID() + ":9100";
    long t = System.currentTimeMillis() - 5_000;
    byte[] golden =
        field(
            1,
            concat(
                label("__name__", "node_load1"),
                label("instance", instance),
                label("job", "node"),
                label("mode", "idle"),
                sample(0.25, t),
                sample(0.5, t + 1000)));
    Map<TopicPartition, Long> before = topic.mark();
    post(Payloads.snappy(golden)).statusCode(204).body(emptyString());
    assertThat(publishedFor(before, instance))
        .containsExactly(
            new Sample(
                instance,
                "node_load1",
                Map.of("job", "node", "mode", "idle", "tenant", Agents.TENANT),
                t,
                0.25),
            new Sample(
                instance,
                "node_load1",
                Map.of("job", "node", "mode", "idle", "tenant", Agents.TENANT),
                t + 1000,
                0.5));
  }

  @Test
  void jobNamesTheMonitorWhenThereIsNoInstance() {
    String job = "batch-" + UUID.randomUUID();
    long t = System.currentTimeMillis();
    Map<TopicPartition, Long> before = topic.mark();
    post(Payloads.snappy(
            WriteRequest.newBuilder()
                .addTimeseries(Payloads.series(3, t, "__name__", "jobs_done", "job", job))
                .build()
                .toByteArray()))
        .statusCode(204);
    assertThat(publishedFor(before, job)).extracting(Sample::metric).containsExactly("jobs_done");
  }

  @Test
  void staleMarkersAreDroppedAndCountedNotRejected() {
    String instance = "stale-" + UUID.randomUUID();
    long t = System.currentTimeMillis();
    double staleNaN = Double.longBitsToDouble(0x7ff0000000000002L);
    WriteRequest request =
        WriteRequest.newBuilder()
            .addTimeseries(Payloads.series(staleNaN, t, "__name__", "up", "instance", instance))
            .addTimeseries(Payloads.series(1, t, "__name__", "up2", "instance", instance))
            .build();
    Map<TopicPartition, Long> before = topic.mark();
    post(Payloads.snappy(request.toByteArray())).statusCode(204);
    assertThat(publishedFor(before, instance)).extracting(Sample::metric).containsExactly("up2");
    given()
        .get("/q/metrics")
        .then()
        .body(
            containsString(
                "sentinel_ingest_samples_dropped_total{protocol=\"remote_write\",reason=\"stale_marker\"}"));
  }

  @Test
  void invalidSamplesAre400AsTextNamingTheSeriesAndValidOnesAreStored() {
    String instance = "mixed-" + UUID.randomUUID();
    long t = System.currentTimeMillis();
    WriteRequest request =
        WriteRequest.newBuilder()
            .addTimeseries(Payloads.series(1, t, "__name__", "good", "instance", instance))
            .addTimeseries(
                Payloads.series(Double.NaN, t, "__name__", "bad_value", "instance", instance))
            .addTimeseries(
                Payloads.series(
                    1, t - 30L * 86_400_000, "__name__", "too_old", "instance", instance))
            .addTimeseries(Payloads.series(1, t, "__name__", "nobody"))
            .build();
    Map<TopicPartition, Long> before = topic.mark();
    post(Payloads.snappy(request.toByteArray()))
        .statusCode(400)
        .contentType(containsString("text/plain"))
        .body(containsString("3 of 4 samples are invalid"))
        .body(
            containsString(
                "bad_value{instance=\""
                    + instance
                    + "\"}@"
                    + t
                    + "/value: must be a finite number"))
        .body(containsString("too_old{instance=\"" + instance + "\"}"))
        .body(containsString("in the past"))
        .body(
            containsString(
                "nobody{}@" + t + "/monitor: no label instance or job names the monitor"));
    assertThat(publishedFor(before, instance)).extracting(Sample::metric).containsExactly("good");
  }

  @Test
  void nativeHistogramsAreRefusedClearly() {
    String instance = "hist-" + UUID.randomUUID();
    WriteRequest request =
        WriteRequest.newBuilder()
            .addTimeseries(
                TimeSeries.newBuilder()
                    .addLabels(Payloads.label("__name__", "rpc_latency"))
                    .addLabels(Payloads.label("instance", instance))
                    .addHistograms(
                        com.google.protobuf.ByteString.copyFrom(new byte[] {0x08, 0x01})))
            .build();
    post(Payloads.snappy(request.toByteArray()))
        .statusCode(400)
        .body(containsString("native histograms are not supported"));
  }

  @Test
  void bodyThatIsNotSnappyIs400AndWrongEncodingOrVersionIs415() {
    post("definitely not snappy".getBytes()).statusCode(400).body(containsString("Snappy"));
    given()
        .header(Agents.AUTH)
        .contentType("application/x-protobuf")
        .body(Payloads.writeRequest("x", System.currentTimeMillis()).toByteArray())
        .post(RemoteWriteResource.PATH)
        .then()
        .statusCode(415)
        .body(containsString("Content-Encoding: snappy"));
    given()
        .header(Agents.AUTH)
        .contentType("application/x-protobuf")
        .header("Content-Encoding", "snappy")
        .header("X-Prometheus-Remote-Write-Version", "2.0.0")
        .body(Payloads.snappy(Payloads.writeRequest("x", System.currentTimeMillis()).toByteArray()))
        .post(RemoteWriteResource.PATH)
        .then()
        .statusCode(415)
        .body(containsString("remote_write 1.0"));
  }

  @Test
  void snappyBlockDeclaringMoreThanTheDecompressedLimitIs413BeforeInflating() {
    // a Snappy block starts with its uncompressed length as a varint: claim 1 GiB, send 5 bytes
    byte[] bomb = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x04, 0x00};
    post(bomb).statusCode(413).body(containsString("max-decompressed-size"));
  }

  @Test
  void protobufThatIsNotAWriteRequestIs400() {
    post(Payloads.snappy(new byte[] {0x0a, 0x7f, 0x01}))
        .statusCode(400)
        .body(containsString("not a Prometheus remote_write WriteRequest"));
  }

  @Test
  void moreSamplesThanTheLimitIs413() {
    WriteRequest.Builder request = WriteRequest.newBuilder();
    long t = System.currentTimeMillis();
    for (int i = 0; i < 10_001; i++) {
      request.addTimeseries(Payloads.series(i, t, "__name__", "m" + i, "instance", "many"));
    }
    post(Payloads.snappy(request.build().toByteArray()))
        .statusCode(413)
        .body(containsString("max_samples_per_send"));
  }
}
