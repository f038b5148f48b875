package io.sentinel.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.google.rpc.Status;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sentinel.contract.Sample;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.ingest.Agents;
import io.sentinel.ingest.SamplesTopic;
import io.sentinel.ingest.protocol.otlp.OtlpResource;
import io.sentinel.ingest.publish.RejectionPublisher;
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
class OtlpTest {
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

  private List<Sample> publishedFor(Map<TopicPartition, Long> before, String monitor) {
    return topic.readSince(before).stream()
        .map(ConsumerRecord::value)
        .filter(s -> s.monitor().equals(monitor) && !s.metric().equals(RejectionPublisher.METRIC))
        .toList();
  }

  private static KeyValue attr(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  @Test
  void goldenOtlpJsonWithGaugeSumAndHistogramsIsStored() {
    String host = "otel-" + UUID.randomUUID();
    long ms = System.currentTimeMillis() - 2_000;
    String t = ms + "000000";
    // hand-written per the OTLP/JSON encoding: lowerCamelCase, int64 as strings, enums as numbers
    String golden =
        """
        {"resourceMetrics":[{
          "resource":{"attributes":[
            {"key":"service.name","value":{"stringValue":"checkout"}},
            {"key":"host.name","value":{"stringValue":"%1$s"}}]},
          "scopeMetrics":[{
            "scope":{"name":"otelcol/hostmetricsreceiver/load","version":"0.100.0"},
            "metrics":[
              {"name":"system.cpu.load_average.1m","unit":"{thread}",
               "gauge":{"dataPoints":[{"timeUnixNano":"%2$s","asDouble":0.5}]}},
              {"name":"http.server.requests","unit":"1",
               "sum":{"aggregationTemporality":2,"isMonotonic":true,"dataPoints":[
                 {"attributes":[{"key":"http.route","value":{"stringValue":"/pay"}}],
                  "startTimeUnixNano":"1","timeUnixNano":"%2$s","asInt":"17"}]}},
              {"name":"http.server.duration","unit":"ms",
               "histogram":{"aggregationTemporality":2,"dataPoints":[
                 {"timeUnixNano":"%2$s","count":"4","sum":10.5,"bucketCounts":["1","3"],
                  "explicitBounds":[5],"min":1,"max":6}]}},
              {"name":"http.client.duration","unit":"ms",
               "exponentialHistogram":{"aggregationTemporality":2,"dataPoints":[
                 {"timeUnixNano":"%2$s","count":"3","sum":7.5,"scale":1,"zeroCount":"0",
                  "positive":{"offset":0,"bucketCounts":["1","2"]},"min":0.5,"max":4}]}}]}]}]}
        """
            .formatted(host, t);
    Map<TopicPartition, Long> before = topic.mark();
    given()
        .header(Agents.AUTH)
        .contentType("application/json")
        .header("Content-Encoding", "gzip")
        .body(Payloads.gzip(golden.getBytes()))
        .post(OtlpResource.PATH)
        .then()
        .statusCode(200)
        .contentType(containsString("application/json"))
        .body(equalTo("{\n}"));
    Map<String, String> tenant = Map.of("tenant", Agents.TENANT);
    assertThat(publishedFor(before, host))
        .containsExactlyInAnyOrder(
            new Sample(host, "system.cpu.load_average.1m", tenant, ms, 0.5),
            new Sample(
                host,
                "http.server.requests",
                Map.of("http.route", "/pay", "tenant", Agents.TENANT),
                ms,
                17),
            new Sample(host, "http.server.duration_count", tenant, ms, 4),
            new Sample(host, "http.server.duration_sum", tenant, ms, 10.5),
            new Sample(host, "http.server.duration_min", tenant, ms, 1),
            new Sample(host, "http.server.duration_max", tenant, ms, 6),
            new Sample(host, "http.client.duration_count", tenant, ms, 3),
            new Sample(host, "http.client.duration_sum", tenant, ms, 7.5),
            new Sample(host, "http.client.duration_min", tenant, ms, 0.5),
            new Sample(host, "http.client.duration_max", tenant, ms, 4));
  }

  @Test
  void pointsThatExpandIntoMoreSamplesThanAllowedAre413() {
    // one summary point, but 2 + 10,001 samples (count, sum, one per quantile) > max 10,000
    StringBuilder quantiles = new StringBuilder();
    for (int q = 0; q <= 10_000; q++) {
      quantiles
          .append(q == 0 ? "" : ",")
          .append("{\"quantile\":")
          .append(q / 10_000.0)
          .append(",\"value\":1}");
    }
    String body =
        "{\"resourceMetrics\":[{\"resource\":{\"attributes\":[{\"key\":\"host.name\",\"value\":{\"stringValue\":\"h\"}}]},"
            + "\"scopeMetrics\":[{\"metrics\":[{\"name\":\"rpc.latency\",\"summary\":{\"dataPoints\":[{\"timeUnixNano\":\""
            + System.currentTimeMillis() * 1_000_000L
            + "\",\"count\":\"3\",\"sum\":1,\"quantileValues\":["
            + quantiles
            + "]}]}}]}]}]}";
    given()
        .header(Agents.AUTH)
        .contentType("application/json")
        .body(body)
        .post(OtlpResource.PATH)
        .then()
        .statusCode(413)
        .body("message", containsString("its 1 data points make 10003"));
  }

  @Test
  void protobufWithInvalidPointsAnswersPartialSuccessAndStoresTheRest() throws Exception {
    String instance = "inst-" + UUID.randomUUID();
    long ns = System.currentTimeMillis() * 1_000_000L;
    ExportMetricsServiceRequest request =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .setResource(
                        Resource.newBuilder()
                            .addAttributes(attr("service.instance.id", instance))
                            .addAttributes(attr("host.name", "ignored")))
                    .addScopeMetrics(
                        ScopeMetrics.newBuilder()
                            .addMetrics(
                                Metric.newBuilder()
                                    .setName("queue.depth")
                                    .setGauge(
                                        Gauge.newBuilder()
                                            .addDataPoints(
                                                NumberDataPoint.newBuilder()
                                                    .setTimeUnixNano(ns)
                                                    .setAsInt(3))
                                            .addDataPoints(
                                                NumberDataPoint.newBuilder()
                                                    .setTimeUnixNano(ns)
                                                    .setAsDouble(Double.NaN))
                                            .addDataPoints(
                                                NumberDataPoint.newBuilder()
                                                    .setTimeUnixNano(ns)
                                                    .setFlags(1))))
                            .addMetrics(
                                Metric.newBuilder()
                                    .setName("rpc.latency")
                                    .setSummary(
                                        Summary.newBuilder()
                                            .addDataPoints(
                                                SummaryDataPoint.newBuilder()
                                                    .setTimeUnixNano(ns)
                                                    .setCount(2)
                                                    .setSum(3)
                                                    .addQuantileValues(
                                                        SummaryDataPoint.ValueAtQuantile
                                                            .newBuilder()
                                                            .setQuantile(0.99)
                                                            .setValue(2.5)))))))
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .addScopeMetrics(
                        ScopeMetrics.newBuilder()
                            .addMetrics(
                                Metric.newBuilder()
                                    .setName("orphan")
                                    .setGauge(
                                        Gauge.newBuilder()
                                            .addDataPoints(
                                                NumberDataPoint.newBuilder().setAsInt(1))))))
            .build();
    Map<TopicPartition, Long> before = topic.mark();
    byte[] body =
        given()
            .header(Agents.AUTH)
            .contentType("application/x-protobuf")
            .body(request.toByteArray())
            .post(OtlpResource.PATH)
            .then()
            .statusCode(200)
            .contentType("application/x-protobuf")
            .extract()
            .asByteArray();
    ExportMetricsServiceResponse response = ExportMetricsServiceResponse.parseFrom(body);
    assertThat(response.getPartialSuccess().getRejectedDataPoints()).isEqualTo(2);
    assertThat(response.getPartialSuccess().getErrorMessage())
        .contains("metric 'queue.depth' point 1/value: must be a finite number")
        .contains(
            "metric 'orphan' point 0/monitor: the resource has no attribute service.instance.id or host.name");
    assertThat(publishedFor(before, instance))
        .extracting(
            s ->
                s.metric()
                    + (s.labels().containsKey("quantile")
                        ? "{" + s.labels().get("quantile") + "}"
                        : "")
                    + "="
                    + s.value())
        .containsExactlyInAnyOrder(
            "queue.depth=3.0",
            "rpc.latency_count=2.0",
            "rpc.latency_sum=3.0",
            "rpc.latency{0.99}=2.5");
  }

  @Test
  void malformedBodiesAre400AsGoogleRpcStatusInTheRequestsEncoding() throws Exception {
    given()
        .header(Agents.AUTH)
        .contentType("application/json")
        .body("{\"resourceMetrics\": 7}")
        .post(OtlpResource.PATH)
        .then()
        .statusCode(400)
        .body("code", equalTo(3))
        .body("message", containsString("OTLP JSON"));
    byte[] body =
        given()
            .header(Agents.AUTH)
            .contentType("application/x-protobuf")
            .body(new byte[] {0x0a, 0x7f})
            .post(OtlpResource.PATH)
            .then()
            .statusCode(400)
            .contentType("application/x-protobuf")
            .extract()
            .asByteArray();
    assertThat(Status.parseFrom(body).getMessage())
        .contains("not an OTLP ExportMetricsServiceRequest");
  }

  @Test
  void otherContentTypesAre415() {
    given()
        .header(Agents.AUTH)
        .contentType("text/plain")
        .body("x")
        .post(OtlpResource.PATH)
        .then()
        .statusCode(415)
        .body("message", containsString("application/x-protobuf or application/json"));
  }
}
