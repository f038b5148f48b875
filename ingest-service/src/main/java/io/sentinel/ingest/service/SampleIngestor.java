package io.sentinel.ingest.service;

import io.sentinel.contract.Sample;
import io.sentinel.ingest.FieldError;
import io.sentinel.ingest.KafkaUnavailableException;
import io.sentinel.ingest.IncomingSample;
import io.sentinel.ingest.ProblemDetail;
import io.sentinel.ingest.ProblemException;
import io.sentinel.ingest.config.IngestConfig;
import io.sentinel.ingest.RejectReason;
import io.sentinel.ingest.service.SampleValidator.Rejection;
import io.sentinel.ingest.service.SampleValidator.Validation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The path every protocol shares once its body is decoded: validate the whole batch, count the
 * outcome, publish only a batch without a single invalid sample.
 */
@ApplicationScoped
public class SampleIngestor {
  private final SampleValidator validator;
  private final SamplePublisher publisher;
  private final IngestMetrics metrics;
  private final IngestConfig config;

  public SampleIngestor(
      SampleValidator validator,
      SamplePublisher publisher,
      IngestMetrics metrics,
      IngestConfig config) {
    this.validator = validator;
    this.publisher = publisher;
    this.metrics = metrics;
    this.config = config;
  }

  /**
   * Validates and publishes {@code batch}; emits the number of samples Kafka acknowledged.
   *
   * @throws ProblemException (400) when any sample is invalid; nothing is published then
   */
  public Uni<Integer> ingest(String protocol, List<IncomingSample> batch) {
    Validation validation = validator.validate(batch, Instant.now());
    if (!validation.ok()) {
      countRejected(protocol, validation);
      throw new ProblemException(invalid(validation, batch.size()), null);
    }
    List<Sample> samples = validation.valid();
    return Uni.createFrom()
        .completionStage(publisher.publish(samples))
        .onItem()
        .invoke(n -> metrics.accepted(protocol, n))
        .onFailure(KafkaUnavailableException.class)
        .invoke(e -> metrics.failed(protocol, samples.size()));
  }

  private void countRejected(String protocol, Validation validation) {
    for (Rejection r : validation.rejections()) {
      metrics.rejected(protocol, r.reason(), r.sample().monitor());
    }
    for (Sample s : validation.valid()) {
      metrics.rejected(protocol, RejectReason.BATCH_REJECTED, s.monitor());
    }
  }

  private ProblemDetail invalid(Validation validation, int total) {
    int invalid = validation.rejections().size();
    List<FieldError> errors = new ArrayList<>();
    for (Rejection r : validation.rejections()) {
      for (FieldError e : r.errors()) {
        if (errors.size() < config.maxReportedErrors()) {
          errors.add(e);
        }
      }
    }
    String detail =
        invalid
            + " of "
            + total
            + (total == 1 ? " sample" : " samples")
            + (invalid == 1 ? " is" : " are")
            + " invalid; the whole batch was rejected and nothing was published."
            + (errors.size() < countErrors(validation)
                ? " The first " + errors.size() + " errors are listed."
                : "");
    return ProblemDetail.of("invalid-samples", "Invalid samples", 400, detail)
        .withErrors(errors)
        .withInvalidSamples(invalid);
  }

  private static int countErrors(Validation validation) {
    return validation.rejections().stream().mapToInt(r -> r.errors().size()).sum();
  }
}
