package io.sentinel.query.live;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sentinel.query.config.DatabaseTls;
import io.sentinel.query.config.QueryConfig;
import io.sentinel.query.events.EventLogReader;
import io.sentinel.query.events.EventRow;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The live feed of committed event-log rows, in seq order, for the SSE clients of this replica.
 *
 * <p>It does not come from the Kafka consumer: a replica consumes only some partitions. Every
 * insert into {@code events} sends {@code NOTIFY sentinel_events} (a trigger), which PostgreSQL
 * delivers to every replica when the transaction commits; the feed then reads the rows after its
 * cursor. A poll every {@code sentinel.query.stream.poll-interval} covers notifications lost while
 * the LISTEN connection was down.
 *
 * <p>Seqs have gaps (rolled-back inserts, {@code ON CONFLICT DO NOTHING}), and a seq can commit
 * after a greater one. The feed never passes a gap until PostgreSQL says it is final: it takes a
 * snapshot once the gap is seen and waits until every transaction running at that snapshot has
 * ended, then reads again; whatever is still missing is skipped. {@code gap-timeout} bounds the
 * wait.
 */
@ApplicationScoped
public class EventFeed {
  /**
   * The channel the {@code events} trigger notifies (migration V3): not a setting, the schema fixes
   * it.
   */
  static final String NOTIFY_CHANNEL = "sentinel_events";

  private static final Logger LOG = Logger.getLogger(EventFeed.class);

  @Inject EventLogReader reader;
  @Inject QueryConfig config;
  @Inject Vertx vertx;

  @ConfigProperty(name = "quarkus.datasource.reactive.url")
  String reactiveUrl;

  @ConfigProperty(name = "quarkus.datasource.username")
  Optional<String> username;

  @ConfigProperty(name = "quarkus.datasource.password")
  Optional<String> password;

  @ConfigProperty(
      name = "quarkus.datasource.reactive.postgresql.ssl-mode",
      defaultValue = "disable")
  String sslMode;

  private final Object lock = new Object();
  private final List<Consumer<EventRow>> listeners = new CopyOnWriteArrayList<>();
  private long cursor = -1;
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private boolean fetching;
  private boolean fetchAgain;
  private Gap gap;
  private boolean recheckPending;
  private PgSubscriber subscriber;
  private volatile boolean listening;
  private long pollTimer = -1;
  private volatile boolean stopped;

  /** A missing seq the feed is waiting for. */
  private static final class Gap {
    final long seq;
    final long seenAt = System.nanoTime();
    String snapshot;
    boolean settled;

    Gap(long seq) {
      this.seq = seq;
    }
  }

  void onStart(@Observes StartupEvent event) {
    reader
        .maxSeq()
        .onFailure()
        .retry()
        .withBackOff(config.stream().reconnectDelay())
        .indefinitely()
        .subscribe()
        .with(
            max -> {
              synchronized (lock) {
                cursor = max;
              }
              started.complete(null);
              listen();
              long poll = Math.max(100, config.stream().pollInterval().toMillis());
              pollTimer = vertx.setPeriodic(poll, id -> requestFetch());
              requestFetch();
            });
  }

  /**
   * Starts the feed at {@code seq} without LISTEN or poll: it reads only when {@link
   * #requestFetch()} is called. For tests that need a feed lagging behind the log on purpose.
   */
  void startPaused(long seq) {
    synchronized (lock) {
      cursor = seq;
    }
    started.complete(null);
  }

  void onStop(@Observes ShutdownEvent event) {
    stopped = true;
    if (pollTimer >= 0) {
      vertx.cancelTimer(pollTimer);
    }
    if (subscriber != null) {
      subscriber.close();
    }
  }

  /** True while the LISTEN connection is up. */
  public boolean listening() {
    return listening;
  }

  /** Runs {@code action} once the feed knows where the log ends (at once if it already does). */
  public void whenStarted(Runnable action) {
    started.thenRun(action);
  }

  /** The seq of the last row delivered, -1 before the feed started. */
  public long cursor() {
    synchronized (lock) {
      return cursor;
    }
  }

  /**
   * Registers a listener for every row delivered from now on and returns the cursor at that moment:
   * rows up to it must come from a replay, rows after it will come to the listener.
   */
  public long register(Consumer<EventRow> listener) {
    synchronized (lock) {
      listeners.add(listener);
      return cursor;
    }
  }

  public void unregister(Consumer<EventRow> listener) {
    listeners.remove(listener);
  }

  /** Listeners registered now (the live-stream clients of this replica). */
  public int listenerCount() {
    return listeners.size();
  }

  private void listen() {
    String uri =
        reactiveUrl.startsWith("vertx-reactive:") ? reactiveUrl.substring(15) : reactiveUrl;
    PgConnectOptions options = PgConnectOptions.fromUri(uri);
    username.ifPresent(options::setUser);
    password.ifPresent(options::setPassword);
    options.setMetricsName("sentinel-listen"); // apart from the pool's metrics
    DatabaseTls.apply(options, sslMode, config.database().sslRootCert());
    long delay = config.stream().reconnectDelay().toMillis();
    subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> delay);
    subscriber.closeHandler(
        v -> {
          listening = false;
          if (!stopped) {
            LOG.warn("LISTEN connection closed; the feed polls until it is back");
          }
        });
    subscriber
        .channel(NOTIFY_CHANNEL)
        .subscribeHandler(
            v -> {
              listening = true;
              requestFetch(); // catch up on what was committed while not listening
            })
        .handler(payload -> requestFetch());
    connect();
  }

  private void connect() {
    subscriber
        .connect()
        .onFailure(
            e -> {
              LOG.warnf("LISTEN connection failed (%s); retrying", e.getMessage());
              if (!stopped) {
                vertx.setTimer(config.stream().reconnectDelay().toMillis(), id -> connect());
              }
            });
  }

  /** Asks for a read of the rows after the cursor; coalesces requests made during a read. */
  void requestFetch() {
    synchronized (lock) {
      if (cursor < 0 || stopped) {
        return;
      }
      if (fetching) {
        fetchAgain = true;
        return;
      }
      fetching = true;
    }
    fetch()
        .subscribe()
        .with(
            more -> done(more),
            e -> {
              LOG.debugf("feed read failed: %s", e.getMessage());
              done(false);
            });
  }

  private void done(boolean more) {
    boolean again;
    synchronized (lock) {
      fetching = false;
      again = more || fetchAgain;
      fetchAgain = false;
    }
    if (again) {
      requestFetch();
    }
  }

  /** One read; emits true when another read should follow at once. */
  private Uni<Boolean> fetch() {
    long from;
    synchronized (lock) {
      from = cursor;
    }
    int batch = config.stream().batchSize();
    return reader
        .after(from, batch)
        .chain(
            rows -> {
              Long missing = deliverUpToGap(rows);
              if (missing == null) {
                return Uni.createFrom().item(rows.size() == batch);
              }
              return inspectGap(missing);
            });
  }

  /** Delivers rows in order up to the first unresolved gap; returns that missing seq, if any. */
  private Long deliverUpToGap(List<EventRow> rows) {
    long timeoutNanos = config.stream().gapTimeout().toNanos();
    synchronized (lock) {
      for (EventRow row : rows) {
        if (row.seq() <= cursor) {
          continue;
        }
        long expected = cursor + 1;
        if (row.seq() != expected) {
          boolean passable =
              gap != null
                  && gap.seq == expected
                  && (gap.settled || System.nanoTime() - gap.seenAt > timeoutNanos);
          if (!passable) {
            if (gap == null || gap.seq != expected) {
              gap = new Gap(expected);
            }
            return expected;
          }
          LOG.debugf("feed skips seq %d..%d (never committed)", expected, row.seq() - 1);
        }
        gap = null;
        cursor = row.seq();
        for (Consumer<EventRow> listener : listeners) {
          try {
            listener.accept(row);
          } catch (RuntimeException e) {
            LOG.debugf("dropping a stream client: %s", e.getMessage());
            listeners.remove(listener);
          }
        }
      }
      return null;
    }
  }

  /**
   * Moves the wait for a missing seq on: the first re-check (one {@code gap-recheck} after the gap
   * was seen, so a transaction that just drew the seq has its transaction id) takes a snapshot;
   * later ones ask whether the transactions running at that snapshot have all ended.
   */
  private Uni<Boolean> inspectGap(long missing) {
    Gap current;
    synchronized (lock) {
      current = gap;
    }
    if (current == null || current.seq != missing) {
      return Uni.createFrom().item(false);
    }
    long recheck = Math.max(10, config.stream().gapRecheck().toMillis());
    if (System.nanoTime() - current.seenAt < recheck * 1_000_000L) {
      return later(recheck);
    }
    if (current.snapshot == null) {
      return reader
          .snapshot()
          .chain(
              s -> {
                current.snapshot = s;
                return later(recheck);
              });
    }
    return reader
        .settled(current.snapshot)
        .chain(
            settled -> {
              if (settled) {
                synchronized (lock) {
                  current.settled = true;
                }
                return Uni.createFrom().item(true); // read again: committed now, or never
              }
              return later(recheck);
            });
  }

  /** Schedules one re-read; at most one is pending however many reads met the gap. */
  private Uni<Boolean> later(long millis) {
    synchronized (lock) {
      if (recheckPending) {
        return Uni.createFrom().item(false);
      }
      recheckPending = true;
    }
    vertx.setTimer(
        millis,
        id -> {
          synchronized (lock) {
            recheckPending = false;
          }
          requestFetch();
        });
    return Uni.createFrom().item(false);
  }
}
