package io.sentinel.query.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The order of a dispatcher tick's work: routing and sending alternate, so neither a burst of
 * events nor a backlog of sends holds the other back, and a notification falling due before the
 * next tick is waited for. Found by {@code ./sentinel notify-bench}: with routing run to its end
 * first, the first of 10,000 notifications waited for all 10,000 events to be routed, and new
 * events waited for all 10,000 sends.
 */
class DispatchLoopTest {
  private static final int ROUTE_BATCH = 1000;
  private static final int SEND_BATCH = 200;
  private static final Duration HORIZON = Duration.ofSeconds(1);

  /** Answers scripted step results and records the order of the steps. */
  private static final class Script implements DispatchLoop.Steps {
    final Deque<Integer> routed = new ArrayDeque<>();
    final Deque<Integer> delivered = new ArrayDeque<>();
    final Deque<Duration> due = new ArrayDeque<>();
    final List<String> calls = new ArrayList<>();

    @Override
    public int route() {
      calls.add("route");
      return routed.isEmpty() ? 0 : routed.poll();
    }

    @Override
    public int deliver() {
      calls.add("deliver");
      return delivered.isEmpty() ? 0 : delivered.poll();
    }

    @Override
    public Duration nextDue() {
      calls.add("due");
      return due.isEmpty() ? null : due.poll();
    }

    @Override
    public void park(Duration d) {
      calls.add("park " + d.toMillis());
    }
  }

  @Test
  void aBurstOfEventsDoesNotHoldBackTheSendsThatAreDue() {
    Script s = new Script();
    // three full routing passes (a burst still arriving), sends due all along
    s.routed.addAll(List.of(ROUTE_BATCH, ROUTE_BATCH, ROUTE_BATCH, 10));
    s.delivered.addAll(List.of(SEND_BATCH, SEND_BATCH, 5));

    DispatchLoop.run(s, ROUTE_BATCH, SEND_BATCH, HORIZON);

    assertThat(s.calls)
        .containsExactly(
            "route", "deliver", "route", "deliver", "route", "deliver", "route", "deliver", "due");
  }

  @Test
  void aBacklogOfSendsDoesNotHoldBackTheRoutingOfNewEvents() {
    Script s = new Script();
    s.routed.addAll(List.of(3, 0, 2));
    s.delivered.addAll(List.of(SEND_BATCH, SEND_BATCH, 7));

    DispatchLoop.run(s, ROUTE_BATCH, SEND_BATCH, HORIZON);

    assertThat(s.calls)
        .containsExactly("route", "deliver", "route", "deliver", "route", "deliver", "due");
  }

  @Test
  void aNotificationDueBeforeTheNextTickIsWaitedForAndSentInThisTick() {
    Script s = new Script();
    s.routed.addAll(List.of(1));
    s.delivered.addAll(List.of(0, 1));
    // the end of a group wait 400 ms away, then one after the next tick
    s.due.addAll(List.of(Duration.ofMillis(400), Duration.ofMillis(1500)));

    DispatchLoop.run(s, ROUTE_BATCH, SEND_BATCH, HORIZON);

    assertThat(s.calls)
        .containsExactly("route", "deliver", "due", "park 400", "route", "deliver", "due");
  }

  @Test
  void nothingPendingEndsTheTick() {
    Script s = new Script();

    DispatchLoop.run(s, ROUTE_BATCH, SEND_BATCH, HORIZON);

    assertThat(s.calls).containsExactly("route", "deliver", "due");
  }
}
