package io.sentinel.query.materialize;

import io.sentinel.contract.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The two Kafka consumers, one polled batch per transaction ({@code batch=true} on each channel),
 * both with the delivery guarantees of {@link ReliableApply}. Channel name = topic name, configured
 * under {@code mp.messaging.incoming."<topic>"}.
 */
@ApplicationScoped
public class Consumers {
  @Inject EventBatchProcessor events;
  @Inject RollupBatchProcessor rollups;
  @Inject ReliableApply reliably;

  /**
   * {@link Topics#EVENTS} into the event log, anomalies, outages and monitor statuses (and the
   * notification outbox).
   */
  @Incoming(Topics.EVENTS)
  public Uni<Void> events(KafkaRecordBatch<String, byte[]> batch) {
    return reliably.process(
        Topics.EVENTS,
        batch.getRecords(),
        batch::ack,
        RecordDecoder::event,
        list ->
            events.apply(list).map(r -> new ReliableApply.Outcome(r.applied(), r.duplicates())));
  }

  /**
   * {@link Topics#ROLLUPS} into the rollups, their hourly aggregates, the series catalog and the
   * monitors' last update.
   */
  @Incoming(Topics.ROLLUPS)
  public Uni<Void> rollups(KafkaRecordBatch<String, byte[]> batch) {
    return reliably.process(
        Topics.ROLLUPS,
        batch.getRecords(),
        batch::ack,
        RecordDecoder::rollup,
        list -> rollups.apply(list).map(n -> new ReliableApply.Outcome(list.size(), 0)));
  }
}
