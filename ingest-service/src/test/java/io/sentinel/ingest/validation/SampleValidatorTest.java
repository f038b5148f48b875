package io.sentinel.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentinel.contract.Sample;
import io.sentinel.ingest.TestIngestConfig;
import io.sentinel.ingest.problem.FieldError;
import io.sentinel.ingest.problem.RejectReason;
import io.sentinel.ingest.validation.SampleValidator.Rejection;
import io.sentinel.ingest.validation.SampleValidator.Validation;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleValidatorTest {
  private static final Instant NOW = Instant.parse("2024-11-23T22:13:20Z");

  private final SampleValidator validator = new SampleValidator(TestIngestConfig.defaults());

  private static IncomingSample sample(
      String monitor, String metric, Map<String, String> labels, Long timestamp, Double value) {
    return new IncomingSample("/samples/0", monitor, metric, labels, timestamp, value, List.of());
  }

  private List<FieldError> errorsOf(IncomingSample sample) {
    Validation v = validator.validate(List.of(sample), NOW);
    assertThat(v.valid()).isEmpty();
    return v.rejections().get(0).errors();
  }

  @Test
  void validSampleBecomesContractSample() {
    Validation v =
        validator.validate(
            List.of(sample("web-1", "cpu", Map.of("core", "0"), NOW.toEpochMilli() - 1000, 0.42)),
            NOW);

    assertThat(v.ok()).isTrue();
    assertThat(v.valid())
        .containsExactly(
            new Sample("web-1", "cpu", Map.of("core", "0"), NOW.toEpochMilli() - 1000, 0.42));
  }

  @Test
  void absentTimestampBecomesReceiveTime() {
    Validation v = validator.validate(List.of(sample("web-1", "cpu", null, null, 1.0)), NOW);

    assertThat(v.valid().get(0).timestamp()).isEqualTo(NOW.toEpochMilli());
  }

  @Test
  void missingMonitorMetricAndValueAreEachNamed() {
    assertThat(errorsOf(sample(null, null, null, null, null)))
        .extracting(FieldError::pointer, FieldError::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/samples/0/monitor", RejectReason.MISSING_FIELD),
            org.assertj.core.groups.Tuple.tuple("/samples/0/metric", RejectReason.MISSING_FIELD),
            org.assertj.core.groups.Tuple.tuple("/samples/0/value", RejectReason.MISSING_FIELD));
  }

  @Test
  void blankMonitorIsRejected() {
    assertThat(errorsOf(sample("  ", "cpu", null, null, 1.0)))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.pointer()).isEqualTo("/samples/0/monitor");
              assertThat(e.detail()).contains("blank");
            });
  }

  @Test
  void nonFiniteValuesAreRejectedAsNonFinite() {
    for (double bad :
        new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      assertThat(errorsOf(sample("web-1", "cpu", null, null, bad)))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.pointer()).isEqualTo("/samples/0/value");
                assertThat(e.detail()).startsWith("must be a finite number");
                assertThat(e.reason()).isEqualTo(RejectReason.NON_FINITE);
              });
    }
  }

  @Test
  void valuesTooLargeToLearnFromAreRejectedAsOutOfRange() {
    for (double bad : new double[] {1e200, -1e37, Double.MAX_VALUE}) {
      assertThat(errorsOf(sample("web-1", "cpu", null, null, bad)))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.pointer()).isEqualTo("/samples/0/value");
                assertThat(e.detail()).startsWith("must be at most 1e36 in magnitude");
                assertThat(e.reason()).isEqualTo(RejectReason.VALUE_OUT_OF_RANGE);
              });
    }
    assertThat(validator.validate(List.of(sample("web-1", "cpu", null, null, -1e36)), NOW).valid())
        .hasSize(1);
  }

  @Test
  void aWholeBatchRefusedForOneBadSampleUsesNoneOfTheMonitorsSeriesBudget() {
    SampleValidator limited =
        new SampleValidator(
            TestIngestConfig.defaults(), new SeriesLimiter(2, 60_000, () -> NOW.toEpochMilli()));
    List<IncomingSample> refused =
        List.of(
            sample("web-1", "cpu", null, null, 1.0),
            sample("web-1", "mem", null, null, Double.NaN));
    assertThat(limited.validateWhole(refused, "t", NOW).ok()).isFalse();
    List<IncomingSample> next =
        List.of(sample("web-1", "disk", null, null, 1.0), sample("web-1", "net", null, null, 1.0));
    assertThat(limited.validateWhole(next, "t", NOW).ok()).as("cpu was never published").isTrue();
    // the partial path (remote_write, Influx, OTLP) publishes the valid ones: those count
    assertThat(
            limited
                .validate(List.of(sample("web-1", "cpu", null, null, 1.0)), "t", NOW)
                .rejections())
        .singleElement()
        .extracting(Rejection::reason)
        .isEqualTo(RejectReason.TOO_MANY_SERIES);
  }

  @Test
  void moreLabelsThanConfiguredAreRejected() {
    SampleValidator strict = new SampleValidator(new TestIngestConfig(2, 10_000));
    Map<String, String> three = Map.of("a", "1", "b", "2", "c", "3");

    Validation v = strict.validate(List.of(sample("web-1", "cpu", three, null, 1.0)), NOW);

    assertThat(v.rejections().get(0).errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.pointer()).isEqualTo("/samples/0/labels");
              assertThat(e.reason()).isEqualTo(RejectReason.TOO_MANY_LABELS);
            });
  }

  @Test
  void overlongLabelNameAndValueAreNamedByLabel() {
    Map<String, String> labels = new HashMap<>();
    labels.put("n".repeat(129), "v");
    labels.put("path/to", "v".repeat(1025));

    assertThat(errorsOf(sample("web-1", "cpu", labels, null, 1.0)))
        .extracting(FieldError::pointer)
        .containsExactlyInAnyOrder(
            "/samples/0/labels/" + "n".repeat(129), "/samples/0/labels/path~1to");
  }

  @Test
  void timestampAtTheFutureLimitIsAcceptedAndBeyondIsRejected() {
    long limit = NOW.plus(Duration.ofMinutes(10)).toEpochMilli();

    assertThat(validator.validate(List.of(sample("m", "x", null, limit, 1.0)), NOW).ok()).isTrue();
    assertThat(errorsOf(sample("m", "x", null, limit + 1, 1.0)))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.pointer()).isEqualTo("/samples/0/timestamp");
              assertThat(e.reason()).isEqualTo(RejectReason.TIMESTAMP_IN_FUTURE);
              assertThat(e.detail()).contains("10m in the future");
            });
  }

  @Test
  void timestampAtThePastLimitIsAcceptedAndBeyondIsRejected() {
    long limit = NOW.minus(Duration.ofDays(7)).toEpochMilli();

    assertThat(validator.validate(List.of(sample("m", "x", null, limit, 1.0)), NOW).ok()).isTrue();
    assertThat(errorsOf(sample("m", "x", null, limit - 1, 1.0)))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.reason()).isEqualTo(RejectReason.TIMESTAMP_TOO_OLD);
              assertThat(e.detail()).contains("7d in the past");
            });
  }

  @Test
  void timestampInSecondsGetsAHint() {
    assertThat(errorsOf(sample("m", "x", null, NOW.getEpochSecond(), 1.0)))
        .singleElement()
        .satisfies(e -> assertThat(e.detail()).contains("epoch milliseconds expected"));
  }

  @Test
  void decodeErrorIsNotRepeatedAsMissingField() {
    IncomingSample wrongType =
        new IncomingSample(
            "/samples/0",
            "web-1",
            "cpu",
            null,
            null,
            null,
            List.of(
                new FieldError("/samples/0/value", "must be a number", RejectReason.WRONG_TYPE)));

    assertThat(errorsOf(wrongType))
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo(RejectReason.WRONG_TYPE));
  }

  @Test
  void oneInvalidSampleLeavesTheOthersValidButTheBatchNotOk() {
    Validation v =
        validator.validate(
            List.of(sample("m", "x", null, null, 1.0), sample("m", "x", null, null, Double.NaN)),
            NOW);

    assertThat(v.ok()).isFalse();
    assertThat(v.valid()).hasSize(1);
    assertThat(v.rejections()).hasSize(1);
  }
}
