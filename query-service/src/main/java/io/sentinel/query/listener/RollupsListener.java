package io.sentinel.query.listener;

import io.sentinel.contract.Topics;
import io.sentinel.query.service.RollupProcessor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Consumes {@link Topics#ROLLUPS} into the rollups table and the monitors' last update. */
@ApplicationScoped
public class RollupsListener {
  /** Channel name = topic name, configured under {@code mp.messaging.incoming."sentinel.rollups"}. */
  public static final String CHANNEL = Topics.ROLLUPS;

  @Inject RollupProcessor processor;
  @Inject ReliableApply reliably;

  @Incoming(CHANNEL)
  public Uni<Void> consume(Message<byte[]> record) {
    return reliably.process(
        CHANNEL, record, RecordDecoder::rollup, rollup -> processor.apply(rollup).replaceWith("applied"));
  }
}
