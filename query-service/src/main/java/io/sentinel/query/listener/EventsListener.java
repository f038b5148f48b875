package io.sentinel.query.listener;

import io.sentinel.contract.Topics;
import io.sentinel.query.service.EventProcessor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Consumes {@link Topics#EVENTS} into the event log, anomalies, outages and monitor statuses. */
@ApplicationScoped
public class EventsListener {
  /** Channel name = topic name, configured under {@code mp.messaging.incoming."sentinel.events"}. */
  public static final String CHANNEL = Topics.EVENTS;

  @Inject EventProcessor processor;
  @Inject ReliableApply reliably;

  @Incoming(CHANNEL)
  public Uni<Void> consume(Message<byte[]> record) {
    return reliably.process(
        CHANNEL,
        record,
        RecordDecoder::event,
        event -> processor.apply(event).map(o -> o.name().toLowerCase(Locale.ROOT)));
  }
}
