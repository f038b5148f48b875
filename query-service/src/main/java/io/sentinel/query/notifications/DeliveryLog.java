package io.sentinel.query.notifications;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Reads the delivery log: notifications newest first, each with its attempts. */
@ApplicationScoped
public class DeliveryLog {
  @Inject Pool pool;

  /** One attempt to send a notification. */
  public record AttemptView(
      int attempt, String at, Integer statusCode, String error, int durationMs, String replica) {}

  /** One notification and its attempts. */
  public record NotificationView(
      long id,
      long channelId,
      String channel,
      Long policyId,
      String monitor,
      String kind,
      String status,
      String title,
      String idempotencyKey,
      int attempts,
      Integer lastStatusCode,
      String lastError,
      OffsetDateTime createdAt,
      OffsetDateTime sentAt,
      OffsetDateTime nextAttemptAt,
      List<AttemptView> attemptLog) {}

  /** The statuses a notification can have. */
  static final List<String> STATUSES =
      List.of("pending", "sending", "sent", "failed", "suppressed");

  /**
   * Notifications newest first; null filters match everything. A notification belongs to the tenant
   * of its channel: only those of {@code tenants} (null: every tenant) are read.
   */
  Uni<List<NotificationView>> read(
      Long channel, String monitor, String status, Long id, int limit, String[] tenants) {
    return pool.preparedQuery(
            """
            SELECT n.id, n.channel_id, c.name AS channel, n.policy_id, n.monitor, n.kind, n.status,
                   n.alert::text AS alert, n.idempotency_key, n.attempts, n.last_status_code,
                   n.last_error, n.created_at, n.sent_at, n.next_attempt_at,
                   (SELECT COALESCE(json_agg(json_build_object('attempt', a.attempt,
                             'at', a.at, 'status_code', a.status_code, 'error', a.error,
                             'duration_ms', a.duration_ms, 'replica', a.replica)
                             ORDER BY a.attempt), '[]')::text
                      FROM notification_attempts a WHERE a.notification_id = n.id) AS attempt_log
              FROM notifications n JOIN notification_channels c ON c.id = n.channel_id
             WHERE ($1::bigint IS NULL OR n.channel_id = $1)
               AND ($2::text IS NULL OR n.monitor = $2)
               AND ($3::text IS NULL OR n.status = $3)
               AND ($4::bigint IS NULL OR n.id = $4)
               AND ($6::text[] IS NULL OR c.tenant = ANY($6))
             ORDER BY n.id DESC LIMIT $5
            """)
        .execute(Tuple.of(channel, monitor, status, id, limit, tenants))
        .map(
            rows -> {
              List<NotificationView> out = new ArrayList<>();
              rows.forEach(r -> out.add(notificationView(r)));
              return out;
            });
  }

  /** The notification with this id (one just queued, of a channel the caller sees). */
  Uni<NotificationView> byId(long id) {
    return read(null, null, null, id, 1, null).map(list -> list.get(0));
  }

  private static NotificationView notificationView(Row r) {
    List<AttemptView> attempts;
    try {
      attempts =
          Payloads.JSON.readValue(
              r.getString("attempt_log"), new TypeReference<List<AttemptView>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return new NotificationView(
        r.getLong("id"),
        r.getLong("channel_id"),
        r.getString("channel"),
        r.getLong("policy_id"),
        r.getString("monitor"),
        r.getString("kind"),
        r.getString("status"),
        NotificationStore.alert(r.getString("alert")).title(),
        r.getString("idempotency_key"),
        r.getInteger("attempts"),
        r.getInteger("last_status_code"),
        r.getString("last_error"),
        r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("sent_at"),
        r.getOffsetDateTime("next_attempt_at"),
        attempts);
  }
}
