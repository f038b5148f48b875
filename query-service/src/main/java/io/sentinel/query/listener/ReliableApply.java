package io.sentinel.query.listener;

import io.micrometer.core.instrument.MeterRegistry;
import io.sentinel.contract.Topics;
import io.sentinel.query.config.QueryConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * The delivery guarantees shared by both consumers: decode, apply in a transaction, retry transient
 * database failures with back-off until they succeed, acknowledge only after the commit, and send
 * records that can never be applied to the dead-letter topic with the reason in a header.
 */
@ApplicationScoped
public class ReliableApply {
  private static final Logger LOG = Logger.getLogger(ReliableApply.class);

  @Inject QueryConfig config;
  @Inject MeterRegistry registry;

  /**
   * Processes one record.
   *
   * @param topic the source topic, for logs and metrics
   * @param record the record; acknowledged or nacked (to the dead-letter topic) here
   * @param decoder turns the value into a domain record, throwing {@link InvalidRecordException}
   * @param apply the transactional write; re-invoked from scratch on every retry
   */
  public <T> Uni<Void> process(
      String topic,
      Message<byte[]> record,
      Function<byte[], T> decoder,
      Function<T, Uni<String>> apply) {
    T value;
    try {
      value = decoder.apply(record.getPayload());
    } catch (InvalidRecordException e) {
      return deadLetter(topic, record, e);
    }
    QueryConfig.Consumer settings = config.consumer();
    // retries re-subscribe after a delay on a timer thread; the reactive session must be opened
    // on the record's Vert.x context, so every attempt is moved back there
    Context context = Vertx.currentContext();
    Executor onContext = context == null ? Runnable::run : r -> context.runOnContext(v -> r.run());
    Uni<String> attempt =
        Uni.createFrom()
            .deferred(() -> apply.apply(value))
            .runSubscriptionOn(onContext)
            .onFailure(Failures::isTransient)
            .invoke(e -> LOG.warnf("%s: transient failure, retrying: %s", topic, Failures.reason(e)))
            .onFailure(Failures::isTransient)
            .retry()
            .withBackOff(settings.retryInitialBackoff(), settings.retryMaxBackoff())
            .indefinitely();
    if (settings.permanentFailureAttempts() > 1) {
      attempt = attempt.onFailure().retry().atMost(settings.permanentFailureAttempts() - 1L);
    }
    return attempt
        .invoke(outcome -> count(topic, outcome))
        .chain(x -> Uni.createFrom().completionStage(record.ack()))
        .onFailure()
        .recoverWithUni(e -> deadLetter(topic, record, e));
  }

  private Uni<Void> deadLetter(String topic, Message<byte[]> record, Throwable failure) {
    String reason = Failures.reason(failure);
    LOG.errorf("%s: record sent to %s: %s", topic, Topics.dlq(topic), reason);
    count(topic, "dead_letter");
    RecordHeaders headers = new RecordHeaders();
    headers.add(Topics.DLQ_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    Metadata metadata =
        Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build());
    return Uni.createFrom().completionStage(() -> record.nack(failure, metadata));
  }

  private void count(String topic, String outcome) {
    registry.counter("sentinel.query.records", "topic", topic, "outcome", outcome).increment();
  }
}
