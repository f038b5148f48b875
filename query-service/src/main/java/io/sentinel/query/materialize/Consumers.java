package io.sentinel.query.materialize;

import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Rollup;
import io.sentinel.contract.Topics;
import io.sentinel.query.materialize.ReliableApply.Outcome;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Function;
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
    return consume(Topics.EVENTS, batch, RecordDecoder::event, this::applyEvents);
  }

  /**
   * {@link Topics#ROLLUPS} into the rollups, their hourly aggregates, the series catalog and the
   * monitors' last update.
   */
  @Incoming(Topics.ROLLUPS)
  public Uni<Void> rollups(KafkaRecordBatch<String, byte[]> batch) {
    return consume(Topics.ROLLUPS, batch, RecordDecoder::rollup, this::applyRollups);
  }

  private Uni<Outcome> applyEvents(List<MonitorEvent> list) {
    return events.apply(list).map(r -> new Outcome(r.applied(), r.duplicates()));
  }

  private Uni<Outcome> applyRollups(List<Rollup> list) {
    return rollups.apply(list).map(n -> new Outcome(list.size(), 0));
  }

  private <T> Uni<Void> consume(
      String topic,
      KafkaRecordBatch<String, byte[]> batch,
      Function<byte[], T> decoder,
      Function<List<T>, Uni<Outcome>> apply) {
    return reliably.process(topic, batch.getRecords(), batch::ack, decoder, apply);
  }
}
