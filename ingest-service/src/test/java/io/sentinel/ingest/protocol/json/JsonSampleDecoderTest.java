package io.sentinel.ingest.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.ingest.TestIngestConfig;
import io.sentinel.ingest.problem.RejectedException;
import io.sentinel.ingest.validation.IncomingSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonSampleDecoderTest {
  private final JsonSampleDecoder decoder = new JsonSampleDecoder(TestIngestConfig.defaults());

  private List<IncomingSample> decode(String json) throws IOException {
    return decoder.decode(json.getBytes(StandardCharsets.UTF_8)).samples();
  }

  private RejectedException problemOf(String json) {
    return catchThrowableOfType(RejectedException.class, () -> decode(json));
  }

  @Test
  void objectBatchIsReadWithPointersUnderSamples() throws IOException {
    List<IncomingSample> samples =
        decode(
            "{\"samples\":[{\"monitor\":\"web-1\",\"metric\":\"cpu\",\"labels\":{\"core\":\"0\"},"
                + "\"timestamp\":1732400000000,\"value\":0.42}]}");

    assertThat(samples)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.location()).isEqualTo("/samples/0");
              assertThat(s.monitor()).isEqualTo("web-1");
              assertThat(s.labels()).containsEntry("core", "0");
              assertThat(s.timestamp()).isEqualTo(1732400000000L);
              assertThat(s.value()).isEqualTo(0.42);
              assertThat(s.decodeErrors()).isEmpty();
            });
  }

  @Test
  void bareArrayIsReadWithPointersAtTheRoot() throws IOException {
    assertThat(decode("[{\"monitor\":\"m\",\"metric\":\"x\",\"value\":1}]").get(0).pointer("value"))
        .isEqualTo("/0/value");
  }

  @Test
  void rfc3339TimestampWithOffsetIsConverted() throws IOException {
    IncomingSample s =
        decode(
                "[{\"monitor\":\"m\",\"metric\":\"x\",\"value\":1,\"timestamp\":\"2024-11-24t00:13:20.5+02:00\"}]")
            .get(0);

    assertThat(s.timestamp()).isEqualTo(Instant.parse("2024-11-23T22:13:20.5Z").toEpochMilli());
  }

  @Test
  void nanInfinityAndOverflowDecodeAsNonFiniteNumbers() throws IOException {
    List<IncomingSample> samples =
        decode("[{\"value\":NaN},{\"value\":Infinity},{\"value\":-Infinity},{\"value\":1e999}]");

    assertThat(samples).extracting(IncomingSample::value).allMatch(v -> !Double.isFinite(v));
  }

  @Test
  void wrongTypesAreNamedByField() throws IOException {
    IncomingSample s =
        decode(
                "[{\"monitor\":1,\"metric\":\"x\",\"value\":\"0.4\",\"timestamp\":true,"
                    + "\"labels\":{\"core\":0,\"ok\":\"y\"}}]")
            .get(0);

    assertThat(s.decodeErrors())
        .extracting(ProblemDetail.ErrorEntry::where)
        .containsExactlyInAnyOrder("/0/monitor", "/0/value", "/0/timestamp", "/0/labels/core");
    assertThat(s.labels()).containsOnlyKeys("ok");
  }

  @Test
  void malformedJsonReportsLineAndColumn() {
    RejectedException e = problemOf("{\"samples\":[\n  {\"monitor\": }\n]}");

    assertThat(e.problem().status()).isEqualTo(400);
    assertThat(e.problem().line()).isEqualTo(2);
    assertThat(e.problem().column()).isPositive();
    assertThat(e.problem().detail()).contains("line 2");
  }

  @Test
  void duplicateKeysAreMalformed() {
    assertThat(problemOf("[{\"value\":1,\"value\":2}]").problem().type())
        .endsWith("malformed-json");
  }

  @Test
  void bodyWithoutSamplesArrayIsRejected() {
    assertThat(problemOf("{\"samples\":{}}").problem().errors())
        .extracting(ProblemDetail.ErrorEntry::where)
        .containsExactly("/samples");
    assertThat(problemOf("42").problem().status()).isEqualTo(400);
    assertThat(problemOf("").problem().status()).isEqualTo(400);
  }

  @Test
  void moreSamplesThanAllowedIs413() {
    JsonSampleDecoder small = new JsonSampleDecoder(new TestIngestConfig(32, 2));
    RejectedException e =
        catchThrowableOfType(
            RejectedException.class,
            () -> small.decode("[{},{},{}]".getBytes(StandardCharsets.UTF_8)));

    assertThat(e.problem().status()).isEqualTo(413);
  }
}
