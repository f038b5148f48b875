package io.sentinel.ingest.publish;

import io.sentinel.contract.Sample;
import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.contract.problem.ProblemException;
import io.sentinel.ingest.config.IngestConfig;
import io.sentinel.ingest.problem.FieldError;
import io.sentinel.ingest.problem.RejectReason;
import io.sentinel.ingest.protocol.DecodedBatch;
import io.sentinel.ingest.protocol.DecodedBatch.Unparsable;
import io.sentinel.ingest.validation.IncomingSample;
import io.sentinel.ingest.validation.SampleValidator;
import io.sentinel.ingest.validation.SampleValidator.Rejection;
import io.sentinel.ingest.validation.SampleValidator.Validation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
  private final RejectionPublisher rejectionFacts;

  public SampleIngestor(
      SampleValidator validator,
      SamplePublisher publisher,
      IngestMetrics metrics,
      IngestConfig config,
      RejectionPublisher rejectionFacts) {
    this.validator = validator;
    this.publisher = publisher;
    this.metrics = metrics;
    this.config = config;
    this.rejectionFacts = rejectionFacts;
  }

  /**
   * Validates and publishes {@code batch} of {@code tenant} as a whole; emits the number of samples
   * Kafka acknowledged.
   *
   * @throws ProblemException (400) when any sample is invalid; nothing is published then
   */
  public Uni<Integer> ingest(String protocol, String tenant, List<IncomingSample> batch) {
    return ingest(protocol, tenant, batch, Map.of());
  }

  /** Like {@link #ingest(String, String, List)}, with {@code headers} on every record. */
  public Uni<Integer> ingest(
      String protocol, String tenant, List<IncomingSample> batch, Map<String, String> headers) {
    Instant now = Instant.now();
    Validation validation = validator.validateWhole(batch, tenant, now);
    if (!validation.ok()) {
      countRejected(protocol, validation);
      rejectionFacts.publish(protocol, tenant, validation.rejections(), now.toEpochMilli());
      throw new ProblemException(invalid(validation, batch.size(), true));
    }
    return publish(protocol, validation.valid(), headers);
  }

  /**
   * Validates {@code batch} of {@code tenant} and publishes its valid samples even when others are
   * invalid (the protocols whose senders do not retry a 4xx: remote_write, line protocol, OTLP);
   * emits what was accepted and what was rejected. Counted here: the unparsable parts and the
   * rejected samples (by monitor), the samples dropped on purpose, the accepted ones. An unparsable
   * part whose monitor could be read is rejected data of that monitor (a rejection fact, status
   * Errors), as an invalid sample is.
   */
  public Uni<Outcome> ingestValid(String protocol, String tenant, DecodedBatch batch) {
    List<Rejection> unparsable = new ArrayList<>();
    for (Unparsable u : batch.unparsable()) {
      metrics.rejected(protocol, u.error().reason(), u.monitor());
      if (u.monitor() != null) {
        IncomingSample part =
            new IncomingSample(
                u.error().pointer(), u.monitor(), null, Map.of(), null, null, List.of());
        unparsable.add(new Rejection(part, List.of(u.error())));
      }
    }
    rejectionFacts.publish(protocol, tenant, unparsable, System.currentTimeMillis());
    metrics.dropped(protocol, batch.droppedReason(), batch.dropped());
    Instant now = Instant.now();
    List<IncomingSample> samples = batch.samples();
    Validation validation = validator.validate(samples, tenant, now);
    for (Rejection r : validation.rejections()) {
      metrics.rejected(protocol, r.reason(), r.sample().monitor());
    }
    rejectionFacts.publish(protocol, tenant, validation.rejections(), now.toEpochMilli());
    return publish(protocol, validation.valid(), Map.of())
        .map(
            n ->
                new Outcome(
                    n, validation.rejections(), invalid(validation, samples.size(), false)));
  }

  /**
   * What {@link #ingestValid} did.
   *
   * @param accepted samples Kafka acknowledged
   * @param rejections the invalid samples, not published
   * @param problem the 400 problem describing the rejections (meaningful only when there are any)
   */
  public record Outcome(int accepted, List<Rejection> rejections, ProblemDetail problem) {
    public boolean complete() {
      return rejections.isEmpty();
    }
  }

  private Uni<Integer> publish(String protocol, List<Sample> samples, Map<String, String> headers) {
    return Uni.createFrom()
        .completionStage(publisher.publish(samples, headers))
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

  private ProblemDetail invalid(Validation validation, int total, boolean whole) {
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
            + (whole
                ? " invalid; the whole batch was rejected and nothing was published."
                : " invalid and not stored; the valid ones were stored. Do not resend them.")
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
