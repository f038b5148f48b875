package io.sentinel.query.service;

import io.sentinel.query.EventRow;
import io.sentinel.query.config.QueryConfig;
import io.sentinel.query.repository.EventLogReader;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * One client's stream: the rows it missed (after its Last-Event-ID) read from PostgreSQL, then the
 * live feed, without gap or duplicate. The client is registered with the feed before the replay is
 * read; live rows arriving meanwhile wait in a queue and rows already replayed are not sent twice.
 */
@ApplicationScoped
public class EventStream {
  @Inject EventFeed feed;
  @Inject EventLogReader reader;
  @Inject QueryConfig config;

  /**
   * The stream for a client that last saw {@code lastEventId} (null: a new client, live rows only).
   */
  public Multi<EventRow> open(Long lastEventId) {
    return Multi.createFrom()
        .<EventRow>emitter(emitter -> start(emitter, lastEventId))
        .onOverflow()
        // a replay is sent at once (at most max-replay rows): room for it on top of the live buffer
        .buffer(config.stream().clientBuffer() + config.stream().maxReplay());
  }

  private void start(MultiEmitter<? super EventRow> emitter, Long lastEventId) {
    if (feed.cursor() < 0) {
      // the replica is starting and does not know yet where the log ends: a resume decided now
      // could skip what the client missed
      feed.whenStarted(() -> start(emitter, lastEventId));
      return;
    }
    if (emitter.isCancelled()) {
      return;
    }
    Client client = new Client(emitter, config.stream().clientBuffer());
    long upTo = feed.register(client);
    emitter.onTermination(() -> feed.unregister(client));
    if (lastEventId == null || lastEventId >= upTo) {
      client.replayed(List.of(), lastEventId == null ? upTo : Math.max(upTo, lastEventId));
      return;
    }
    long from = Math.max(lastEventId, upTo - config.stream().maxReplay());
    if (from > lastEventId) {
      // more was missed than one replay sends: say so, so the client reloads instead of trusting
      // a stream with a hole in it
      client.replaying(List.of(truncated(lastEventId, from)));
    }
    replay(client, from, upTo)
        .subscribe()
        .with(last -> client.replayed(List.of(), Math.max(last, upTo)), emitter::fail);
  }

  /** Type of the notice that a resume skipped events: {@code (lastEventId, seq]} were not sent. */
  public static final String REPLAY_TRUNCATED = "replay_truncated";

  private static EventRow truncated(long lastEventId, long upTo) {
    return new EventRow(
        upTo,
        REPLAY_TRUNCATED + "-" + lastEventId + "-" + upTo,
        REPLAY_TRUNCATED,
        null,
        null,
        null,
        Instant.now(),
        null,
        null,
        (double) (upTo - lastEventId),
        null,
        null,
        "Events after " + lastEventId + " up to " + upTo + " (" + (upTo - lastEventId)
            + ") are not replayed: more were missed than sentinel.query.stream.max-replay; reload"
            + " the lists from the REST API (or page /api/events?after=" + lastEventId + ")",
        null,
        null,
        null,
        null,
        null);
  }

  /** Sends the rows in (from, upTo] in batches; emits the last seq sent (or from). */
  private Uni<Long> replay(Client client, long from, long upTo) {
    int batch = config.stream().batchSize();
    return reader
        .between(from, upTo, batch)
        .chain(
            rows -> {
              client.replaying(rows);
              if (rows.size() < batch) {
                return Uni.createFrom().item(rows.isEmpty() ? from : rows.get(rows.size() - 1).seq());
              }
              return replay(client, rows.get(rows.size() - 1).seq(), upTo);
            });
  }

  /** A registered client: queues live rows until its replay is done. */
  private static final class Client implements Consumer<EventRow> {
    private final MultiEmitter<? super EventRow> emitter;
    private final int maxQueued;
    private final ArrayDeque<EventRow> queued = new ArrayDeque<>();
    private boolean live;
    private long sent = Long.MIN_VALUE;

    Client(MultiEmitter<? super EventRow> emitter, int maxQueued) {
      this.emitter = emitter;
      this.maxQueued = maxQueued;
    }

    /** A live row from the feed. */
    @Override
    public synchronized void accept(EventRow row) {
      if (emitter.isCancelled()) {
        throw new IllegalStateException("client gone");
      }
      if (!live) {
        if (queued.size() >= maxQueued) {
          emitter.fail(new IllegalStateException("client too slow during replay"));
          throw new IllegalStateException("client too slow");
        }
        queued.add(row);
        return;
      }
      send(row);
    }

    /** Replayed rows, in order. */
    synchronized void replaying(List<EventRow> rows) {
      rows.forEach(this::send);
    }

    /** The replay is over: everything up to {@code upTo} was sent; go live. */
    synchronized void replayed(List<EventRow> rows, long upTo) {
      rows.forEach(this::send);
      sent = Math.max(sent, upTo);
      while (!queued.isEmpty()) {
        send(queued.poll());
      }
      live = true;
    }

    private void send(EventRow row) {
      if (row.seq() > sent) {
        sent = row.seq();
        emitter.emit(row);
      }
    }
  }
}
