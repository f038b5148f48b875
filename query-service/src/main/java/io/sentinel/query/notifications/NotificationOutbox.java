package io.sentinel.query.notifications;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;

/**
 * The notification outbox: the events worth notifying about, queued by the transaction that
 * materializes them (so a committed status change is always notified, and a rolled-back one never
 * is). The {@link NotificationRouter} reads and deletes the rows.
 */
public final class NotificationOutbox {
  private NotificationOutbox() {}

  private static final String ENQUEUE =
      """
      INSERT INTO notification_outbox (event_seq)
      SELECT seq FROM (
        SELECT seq FROM events WHERE event_id = ANY($1::text[])
        UNION
        SELECT unnest($2::bigint[])
      ) s ORDER BY seq
      """;

  /**
   * The statement that queues the status changes (by event id, logged earlier in the same
   * transaction) and the alerts suppressed by maintenance (by seq); null when there is nothing to
   * queue.
   */
  public static Uni<RowSet<Row>> enqueue(
      SqlConnection conn, List<String> statusEventIds, List<Long> suppressedSeqs) {
    if (statusEventIds.isEmpty() && suppressedSeqs.isEmpty()) {
      return null;
    }
    return conn.preparedQuery(ENQUEUE)
        .execute(
            Tuple.of(statusEventIds.toArray(String[]::new), suppressedSeqs.toArray(Long[]::new)));
  }
}
