package io.sentinel.query.live;

import io.sentinel.query.config.QueryConfig;
import io.sentinel.query.events.EventLogReader;
import io.sentinel.query.events.EventRow;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * One client's stream: the rows it missed (after its Last-Event-ID) read from PostgreSQL, then the
 * live feed, without gap or duplicate.
 *
 * <p>The client is registered with the feed before anything is read. While it catches up, the
 * feed's rows are not queued: the client only notes how far the feed has delivered, and the
 * catch-up reads from PostgreSQL until it has reached that point; only then, atomically with the
 * feed's next delivery, does the client go live. So a resume that races with a feed still catching
 * up on a burst (thousands of rows committed at once) is neither cut off nor left with a hole: the
 * rows it missed come from the database, at the database's pace, in seq order. Every point the
 * catch-up reads up to is one the feed has passed, so it never passes a seq that may still commit.
 */
@ApplicationScoped
public class EventStream {
  /** Type of the notice that a resume skipped events: {@code (lastEventId, seq]} were not sent. */
  public static final String REPLAY_TRUNCATED = "replay_truncated";

  @Inject EventFeed feed;
  @Inject EventLogReader reader;
  @Inject QueryConfig config;

  /**
   * The stream for a client that last saw {@code lastEventId} (null: a new client, live rows only).
   */
  public Multi<EventRow> open(Long lastEventId) {
    return open(lastEventId, () -> {});
  }

  /**
   * As {@link #open(Long)}; {@code onRegistered} runs once the client is registered with the feed,
   * i.e. from when on no committed row can be missed.
   */
  public Multi<EventRow> open(Long lastEventId, Runnable onRegistered) {
    return Multi.createFrom()
        .<EventRow>emitter(emitter -> start(emitter, lastEventId, onRegistered))
        .onOverflow()
        // a replay is sent at once (at most max-replay rows): room for it on top of the live buffer
        .buffer(config.stream().clientBuffer() + config.stream().maxReplay());
  }

  private void start(
      MultiEmitter<? super EventRow> emitter, Long lastEventId, Runnable onRegistered) {
    if (feed.cursor() < 0) {
      // the replica is starting and does not know yet where the log ends: a resume decided now
      // could skip what the client missed
      feed.whenStarted(() -> start(emitter, lastEventId, onRegistered));
      return;
    }
    if (emitter.isCancelled()) {
      return;
    }
    Client client = new Client(emitter);
    long upTo = feed.register(client);
    client.feedAt(upTo);
    emitter.onTermination(() -> feed.unregister(client));
    onRegistered.run();
    if (lastEventId == null) {
      client.goLive(upTo);
      return;
    }
    // The cap counts from the newest committed row, not from the feed's cursor: a feed still
    // catching up on a burst must not let a resume replay more than max-replay rows. A resume at
    // or past the feed's cursor goes through here too, for the same reason.
    reader
        .maxSeq()
        .chain(
            newest -> {
              long from =
                  Math.max(lastEventId, Math.max(newest, upTo) - config.stream().maxReplay());
              if (from > lastEventId) {
                // more was missed than one replay sends: say so, so the client reloads instead of
                // trusting a stream with a hole in it
                client.replaying(List.of(truncated(lastEventId, from)));
              }
              client.replayedUpTo(from);
              return catchUp(client, from);
            })
        .subscribe()
        .with(done -> {}, emitter::fail);
  }

  /**
   * Reads from PostgreSQL the rows after {@code from} up to the point the feed has delivered, batch
   * by batch, until the client can go live.
   */
  private Uni<Void> catchUp(Client client, long from) {
    if (client.cancelled()) {
      return Uni.createFrom().voidItem();
    }
    long target = client.feedPosition();
    if (target <= from) {
      if (client.goLiveIfCaughtUp(from)) {
        return Uni.createFrom().voidItem();
      }
      return catchUp(client, from); // the feed moved on meanwhile
    }
    int batch = config.stream().batchSize();
    return reader
        .between(from, target, batch)
        .chain(
            rows -> {
              client.replaying(rows);
              // fewer than a batch: everything up to target was read (seqs without a row were
              // never committed, as the feed has passed them)
              long reached = rows.size() < batch ? target : rows.get(rows.size() - 1).seq();
              client.replayedUpTo(reached);
              return catchUp(client, reached);
            });
  }

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
        "Events after "
            + lastEventId
            + " up to "
            + upTo
            + " ("
            + (upTo - lastEventId)
            + ") are not replayed: more were missed than sentinel.query.stream.max-replay; reload"
            + " the lists from the REST API (or page /api/events?after="
            + lastEventId
            + ")",
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * A registered client. Until it is live it keeps no rows of the feed, only the seq the feed has
   * delivered up to, which is where its catch-up must read to.
   */
  private static final class Client implements Consumer<EventRow> {
    private final MultiEmitter<? super EventRow> emitter;
    private boolean live;
    private long feedPosition = Long.MIN_VALUE;
    private long sent = Long.MIN_VALUE;

    Client(MultiEmitter<? super EventRow> emitter) {
      this.emitter = emitter;
    }

    /** A live row from the feed, in seq order. */
    @Override
    public synchronized void accept(EventRow row) {
      if (emitter.isCancelled()) {
        throw new IllegalStateException("client gone");
      }
      if (live) {
        send(row);
      } else {
        feedPosition = Math.max(feedPosition, row.seq());
      }
    }

    synchronized boolean cancelled() {
      return emitter.isCancelled();
    }

    /** The feed's cursor when the client registered. */
    synchronized void feedAt(long seq) {
      feedPosition = Math.max(feedPosition, seq);
    }

    /** How far the feed has delivered since the client registered. */
    synchronized long feedPosition() {
      return feedPosition;
    }

    /** Rows read from the database, in order. */
    synchronized void replaying(List<EventRow> rows) {
      rows.forEach(this::send);
    }

    /** Everything up to {@code seq} was sent (or never committed). */
    synchronized void replayedUpTo(long seq) {
      sent = Math.max(sent, seq);
      feedPosition = Math.max(feedPosition, seq);
    }

    /** Goes live if the catch-up, at {@code reached}, is where the feed is; false if behind. */
    synchronized boolean goLiveIfCaughtUp(long reached) {
      if (feedPosition > reached) {
        return false;
      }
      goLive(reached);
      return true;
    }

    /** Live from here: rows up to {@code upTo} were sent or are not wanted. */
    synchronized void goLive(long upTo) {
      sent = Math.max(sent, upTo);
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
