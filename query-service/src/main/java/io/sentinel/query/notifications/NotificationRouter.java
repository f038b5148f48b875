package io.sentinel.query.notifications;

import io.sentinel.query.notifications.RoutingPass.OutboxEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Turns outbox events into notifications, in one transaction per tick: reads (and deletes) a batch
 * of the outbox, applies the policies to it (threads opened, extended by a relapse, resolved),
 * fires the threads' timers (group interval, repeat, resolve hold) and inserts one notification per
 * channel with its idempotency key. One replica routes at a time (a transaction-scoped advisory
 * lock; routing is a few statements, so this costs nothing), which keeps a monitor's events in
 * order; sending, the slow part, is spread over every replica by {@link NotificationDispatcher}.
 * The decisions are {@link RoutingPass}'s, the SQL {@link RoutingStore}'s.
 */
@ApplicationScoped
public class NotificationRouter {
  private static final Logger LOG = Logger.getLogger(NotificationRouter.class);
  static final long ROUTER_LOCK = 0x5e17_0016L;
  static final int BATCH = 1000;

  @Inject Pool pool;

  /** What one routing pass did. */
  public record Routed(int events, int notifications, boolean skipped) {}

  /** Routes one batch of the outbox and fires due thread timers; blocking. */
  public Routed route() {
    return pool.withTransaction(this::route).await().indefinitely();
  }

  private Uni<Routed> route(SqlConnection conn) {
    return RoutingStore.tryLock(conn, ROUTER_LOCK)
        .chain(
            locked ->
                locked
                    ? RoutingStore.outbox(conn, BATCH).chain(events -> route(conn, events))
                    : Uni.createFrom().item(new Routed(0, 0, true)));
  }

  private Uni<Routed> route(SqlConnection conn, List<OutboxEvent> events) {
    return RoutingStore.policies(conn)
        .chain(
            policies ->
                RoutingStore.channels(conn)
                    .chain(
                        channels ->
                            RoutingStore.threads(conn, groupKeys(events, policies))
                                .map(
                                    threads ->
                                        new RoutingPass(
                                            policies, channels, threads, Instant.now()))))
        .chain(pass -> decide(conn, events, pass))
        .chain(pass -> save(conn, events, pass));
  }

  /** The groups the events fall in under each policy: their threads are read besides live ones. */
  private static Set<String> groupKeys(List<OutboxEvent> events, List<Policy> policies) {
    Set<String> keys = new HashSet<>();
    for (OutboxEvent e : events) {
      for (Policy p : policies) {
        keys.add(p.groupKey(e.monitor(), e.tags()));
      }
    }
    return keys;
  }

  /** Applies the events, fires the timers, and repeats the due threads that should repeat. */
  private static Uni<RoutingPass> decide(
      SqlConnection conn, List<OutboxEvent> events, RoutingPass pass) {
    pass.apply(events);
    List<ThreadState> dueRepeats = pass.fireTimers();
    if (dueRepeats.isEmpty()) {
      return Uni.createFrom().item(pass);
    }
    return RoutingStore.monitorStates(conn, pass.monitorKeys(dueRepeats))
        .invoke(states -> pass.repeat(dueRepeats, states))
        .replaceWith(pass);
  }

  private static Uni<Routed> save(SqlConnection conn, List<OutboxEvent> events, RoutingPass pass) {
    return RoutingStore.saveThreads(conn, pass.threads)
        .chain(() -> RoutingStore.insertNotifications(conn, pass.out))
        .call(() -> RoutingStore.deleteOutbox(conn, events))
        .map(
            n -> {
              if (!events.isEmpty() || n > 0) {
                LOG.debugf("routed %d events into %d notifications", events.size(), n);
              }
              return new Routed(events.size(), n, false);
            });
  }
}
