package io.sentinel.query.materialize;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sentinel.contract.Topics;
import io.sentinel.query.config.QueryConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * The delivery guarantees shared by both consumers, for one polled batch of records: decode each
 * record, apply the valid ones in one transaction, retry transient database failures with back-off
 * until they succeed, and acknowledge the batch (commit its offsets) only after the commit. Records
 * that can never be applied go to the dead-letter topic with the reason in a header, alone: an
 * undecodable record is set aside before the transaction, and when the database rejects the batch
 * itself (a data or integrity error), its records are applied again one at a time, in order, so
 * only the one it rejects is dead-lettered.
 */
@ApplicationScoped
public class ReliableApply {
  private static final Logger LOG = Logger.getLogger(ReliableApply.class);

  @Inject QueryConfig config;
  @Inject MeterRegistry registry;

  /** What a transactional write did with the records it was given. */
  public record Outcome(int applied, int duplicates) {}

  /** A decoded record with its message. */
  private record Decoded<T>(Message<byte[]> record, T value) {}

  /**
   * Processes one polled batch.
   *
   * @param topic the source topic, for logs and metrics
   * @param records the batch's records in consumption order; invalid ones are nacked (to the
   *     dead-letter topic) here
   * @param ackAll acknowledges the whole batch; called once every record is applied or
   *     dead-lettered
   * @param decoder turns a value into a domain record, throwing {@link InvalidRecordException}
   * @param apply the transactional write of several records, in order; re-invoked from scratch on
   *     every retry
   */
  public <T> Uni<Void> process(
      String topic,
      List<? extends Message<byte[]>> records,
      Supplier<CompletionStage<Void>> ackAll,
      Function<byte[], T> decoder,
      Function<List<T>, Uni<Outcome>> apply) {
    List<Decoded<T>> valid = new ArrayList<>(records.size());
    List<Message<byte[]>> invalid = new ArrayList<>();
    List<InvalidRecordException> reasons = new ArrayList<>();
    for (Message<byte[]> record : records) {
      try {
        valid.add(new Decoded<>(record, decoder.apply(record.getPayload())));
      } catch (InvalidRecordException e) {
        invalid.add(record);
        reasons.add(e);
      }
    }
    registry.summary("sentinel.query.batch.records", "topic", topic).record(records.size());
    // Retries re-subscribe after a delay on a timer thread; keep every attempt on the batch's
    // Vert.x context.
    Context context = Vertx.currentContext();
    Executor onContext = context == null ? Runnable::run : r -> context.runOnContext(v -> r.run());
    Uni<Void> applied =
        valid.isEmpty() ? Uni.createFrom().voidItem() : applyBatch(topic, valid, apply, onContext);
    // dead letters after the commit: acknowledging a dead letter may commit its offset, which must
    // not pass records of the batch that are not in the database yet
    return applied
        .chain(() -> deadLetters(topic, invalid, reasons))
        .chain(() -> Uni.createFrom().completionStage(ackAll));
  }

  private <T> Uni<Void> applyBatch(
      String topic,
      List<Decoded<T>> valid,
      Function<List<T>, Uni<Outcome>> apply,
      Executor onContext) {
    List<T> values = valid.stream().map(Decoded::value).toList();
    if (valid.size() == 1) {
      return applyOne(topic, valid.get(0), apply, onContext);
    }
    Timer.Sample timer = Timer.start(registry);
    return transientlyRetried(topic, () -> apply.apply(values), onContext)
        .invoke(
            outcome -> {
              timer.stop(registry.timer("sentinel.query.batch.apply", "topic", topic));
              count(topic, outcome);
            })
        .replaceWithVoid()
        .onFailure()
        .recoverWithUni(
            e -> {
              LOG.warnf(
                  "%s: a batch of %d records was rejected (%s); applying them one at a time to"
                      + " set the bad one aside",
                  topic, valid.size(), Failures.reason(e));
              registry.counter("sentinel.query.batch.split", "topic", topic).increment();
              return Multi.createFrom()
                  .iterable(valid)
                  .onItem()
                  .transformToUniAndConcatenate(d -> applyOne(topic, d, apply, onContext))
                  .collect()
                  .last()
                  .replaceWithVoid();
            });
  }

  /**
   * One record on its own: transient failures retried until they pass, other failures retried
   * {@code permanent-failure-attempts} times in all, then the record goes to the dead-letter topic.
   */
  private <T> Uni<Void> applyOne(
      String topic, Decoded<T> d, Function<List<T>, Uni<Outcome>> apply, Executor onContext) {
    Uni<Outcome> attempt =
        transientlyRetried(topic, () -> apply.apply(List.of(d.value())), onContext);
    int attempts = config.consumer().permanentFailureAttempts();
    if (attempts > 1) {
      attempt = attempt.onFailure().retry().atMost(attempts - 1L);
    }
    return attempt
        .invoke(outcome -> count(topic, outcome))
        .replaceWithVoid()
        .onFailure()
        .recoverWithUni(e -> deadLetter(topic, d.record(), e));
  }

  private Uni<Outcome> transientlyRetried(
      String topic, Supplier<Uni<Outcome>> apply, Executor onContext) {
    QueryConfig.Consumer settings = config.consumer();
    return Uni.createFrom()
        .<Outcome>deferred(apply::get)
        .runSubscriptionOn(onContext)
        .onFailure(Failures::isTransient)
        .invoke(
            e -> {
              registry.counter("sentinel.query.transient.failures", "topic", topic).increment();
              LOG.warnf("%s: transient failure, retrying: %s", topic, Failures.reason(e));
            })
        .onFailure(Failures::isTransient)
        .retry()
        .withBackOff(settings.retryInitialBackoff(), settings.retryMaxBackoff())
        .indefinitely();
  }

  private Uni<Void> deadLetters(
      String topic, List<Message<byte[]>> records, List<InvalidRecordException> reasons) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (int i = 0; i < records.size(); i++) {
      Message<byte[]> record = records.get(i);
      InvalidRecordException reason = reasons.get(i);
      chain = chain.chain(() -> deadLetter(topic, record, reason));
    }
    return chain;
  }

  private Uni<Void> deadLetter(String topic, Message<byte[]> record, Throwable failure) {
    String reason = Failures.reason(failure);
    LOG.errorf("%s: record sent to %s: %s", topic, Topics.dlq(topic), reason);
    registry
        .counter("sentinel.query.records", "topic", topic, "outcome", "dead_letter")
        .increment();
    RecordHeaders headers = new RecordHeaders();
    headers.add(Topics.DLQ_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    Metadata metadata =
        Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build());
    return Uni.createFrom().completionStage(() -> record.nack(failure, metadata));
  }

  private void count(String topic, Outcome outcome) {
    if (outcome.applied() > 0) {
      registry
          .counter("sentinel.query.records", "topic", topic, "outcome", "applied")
          .increment(outcome.applied());
    }
    if (outcome.duplicates() > 0) {
      registry
          .counter("sentinel.query.records", "topic", topic, "outcome", "duplicate")
          .increment(outcome.duplicates());
    }
  }
}
