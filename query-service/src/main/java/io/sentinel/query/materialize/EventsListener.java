package io.sentinel.query.materialize;

import io.sentinel.contract.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@link Topics#EVENTS} into the event log, anomalies, outages and monitor statuses, one
 * polled batch per transaction ({@code batch=true} on the channel).
 */
@ApplicationScoped
public class EventsListener {
  /**
   * Channel name = topic name, configured under {@code mp.messaging.incoming."sentinel.events"}.
   */
  public static final String CHANNEL = Topics.EVENTS;

  @Inject EventBatchProcessor processor;
  @Inject ReliableApply reliably;

  @Incoming(CHANNEL)
  public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
    return reliably.process(
        CHANNEL,
        batch.getRecords(),
        batch::ack,
        RecordDecoder::event,
        events ->
            processor
                .apply(events)
                .map(r -> new ReliableApply.Outcome(r.applied(), r.duplicates())));
  }
}
