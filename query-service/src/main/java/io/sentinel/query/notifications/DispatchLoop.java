package io.sentinel.query.notifications;

import java.time.Duration;

/**
 * The order of one dispatcher tick's work, apart from its SQL so that it can be tested alone.
 *
 * <ul>
 *   <li>Routing and sending alternate, one routing pass then one send batch, until neither has a
 *       full batch left: a burst of events does not hold back the sending of what is due, and a
 *       backlog of sends does not hold back the routing of new events (each used to run to its end
 *       before the other started: a burst of 10,000 events delayed the first notification by the
 *       whole routing and the routing of the next event by the whole delivery, decision 024).
 *   <li>Then, if a notification becomes due before the next tick (the end of a group wait, a
 *       retry), the tick waits for it and sends it on time instead of up to a poll interval late.
 * </ul>
 */
final class DispatchLoop {
  private DispatchLoop() {}

  /** What a tick does, step by step. */
  interface Steps {
    /** Routes one batch of the outbox; answers how many events it took. */
    int route();

    /** Claims and sends one batch; answers how many notifications it claimed. */
    int deliver();

    /** How long until the earliest pending notification not yet due is due; null if none. */
    Duration nextDue();

    /** Waits this long. */
    void park(Duration d);
  }

  /**
   * Runs a tick.
   *
   * @param routeBatch a routing pass that took this many events leaves more in the outbox
   * @param sendBatch a send batch that claimed this many leaves more due
   * @param horizon a notification due sooner than this is waited for (the poll interval)
   */
  static void run(Steps steps, int routeBatch, int sendBatch, Duration horizon) {
    while (true) {
      boolean more;
      do {
        int routed = steps.route();
        int sent = steps.deliver();
        more = routed >= routeBatch || sent >= sendBatch;
      } while (more);
      Duration due = steps.nextDue();
      if (due == null || due.compareTo(horizon) >= 0) {
        return;
      }
      steps.park(due.isNegative() ? Duration.ZERO : due);
    }
  }
}
