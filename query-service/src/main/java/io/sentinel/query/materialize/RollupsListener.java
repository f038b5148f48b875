package io.sentinel.query.materialize;

import io.sentinel.contract.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@link Topics#ROLLUPS} into the rollups, their hourly aggregates, the series catalog and
 * the monitors' last update, one polled batch per transaction ({@code batch=true} on the channel).
 */
@ApplicationScoped
public class RollupsListener {
  /**
   * Channel name = topic name, configured under {@code mp.messaging.incoming."sentinel.rollups"}.
   */
  public static final String CHANNEL = Topics.ROLLUPS;

  @Inject RollupBatchProcessor processor;
  @Inject ReliableApply reliably;

  @Incoming(CHANNEL)
  public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
    return reliably.process(
        CHANNEL,
        batch.getRecords(),
        batch::ack,
        RecordDecoder::rollup,
        rollups -> processor.apply(rollups).map(n -> new ReliableApply.Outcome(rollups.size(), 0)));
  }
}
