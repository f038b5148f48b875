package io.sentinel.query.notifications;

import io.sentinel.query.security.TenantScope;
import io.sentinel.query.sql.Rows;
import io.sentinel.query.sql.Where;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads and writes what administrators set up: channels (contact points) and policies, each of one
 * tenant. Reads, deletes and tests see the request's tenants ({@link TenantScope#restrict}, as the
 * readers do): another tenant's channel or policy is not found.
 */
@ApplicationScoped
public class NotificationSetup {
  @Inject Pool pool;
  @Inject TenantScope scope;

  /** A channel as the API shows it: which secrets are set, never their values. */
  public record ChannelView(
      long id,
      String name,
      String tenant,
      String type,
      Map<String, Object> settings,
      List<String> secretsSet,
      int ratePerMinute,
      boolean enabled,
      OffsetDateTime createdAt) {}

  Uni<List<ChannelView>> channels() {
    return list(
        "notification_channels",
        NotificationStore.CHANNEL_COLUMNS + ", tenant, created_at",
        NotificationSetup::channelView);
  }

  /** The channel created in {@code tenant} from a checked body, or null when one has its name. */
  Uni<ChannelView> createChannel(NewChannel c, String tenant) {
    return pool.preparedQuery(
            "INSERT INTO notification_channels (name, type, settings, secret, rate_per_minute,"
                + " enabled, tenant) VALUES ($1, $2, $3::text::jsonb, $4, $5, $6, $7)"
                + " ON CONFLICT (tenant, name) DO NOTHING RETURNING "
                + NotificationStore.CHANNEL_COLUMNS
                + ", tenant, created_at")
        .execute(
            Tuple.tuple()
                .addValue(c.name())
                .addValue(c.type())
                .addValue(Payloads.json(c.settings()))
                .addValue(c.secrets().isEmpty() ? null : Payloads.json(c.secrets()))
                .addValue(c.ratePerMinute())
                .addValue(c.enabled())
                .addValue(tenant))
        .map(rows -> Rows.first(rows, NotificationSetup::channelView));
  }

  /** Whether a visible channel had this id (it and its delivery log are gone). */
  Uni<Boolean> deleteChannel(long id) {
    return delete("notification_channels", id);
  }

  /**
   * Queues a test notification to a channel: its id, or null when no visible channel has this id.
   */
  Uni<Long> queueTest(long channel) {
    Alert a =
        new Alert(
            "test",
            "sentinel/test/" + channel,
            "test",
            "sentinel-test",
            List.of("sentinel-test"),
            "up",
            null,
            null,
            null,
            "This is a test notification from Sentinel. If you can read it, the channel works.",
            Instant.now().toString(),
            null,
            List.of(),
            0);
    Where where = new Where();
    String key = where.arg("test:" + UUID.randomUUID() + ":c" + channel);
    String alert = where.arg(Payloads.json(a));
    scope.restrict(where.and("id = ?", channel), "tenant");
    return pool.preparedQuery(
            "INSERT INTO notifications (idempotency_key, channel_id, monitor, kind, alert) SELECT "
                + key
                + ", id, 'sentinel-test', 'test', "
                + alert
                + "::text::jsonb FROM notification_channels"
                + where.sql()
                + " RETURNING id")
        .execute(where.args)
        .map(rows -> Rows.first(rows, r -> r.getLong("id")));
  }

  Uni<List<Policy>> policies() {
    return list(
        "notification_policies", NotificationStore.POLICY_COLUMNS, NotificationStore::policy);
  }

  /** Those of these channel ids that no channel of {@code tenant} has. */
  Uni<List<Long>> unknownChannels(List<Long> ids, String tenant) {
    return pool.preparedQuery(
            "SELECT id FROM notification_channels WHERE id = ANY($1::bigint[]) AND tenant = $2")
        .execute(Tuple.of(ids.toArray(Long[]::new), tenant))
        .map(
            found -> {
              List<Long> unknown = new ArrayList<>(ids);
              found.forEach(r -> unknown.remove(r.getLong("id")));
              return unknown;
            });
  }

  /** The policy created in {@code tenant} from a checked body, or null when one has its name. */
  Uni<Policy> createPolicy(NewPolicy b, String tenant) {
    return pool.preparedQuery(
            "INSERT INTO notification_policies (name, channel_ids, severities, statuses,"
                + " monitor_pattern, tags, metrics, group_by, group_wait_seconds,"
                + " group_interval_seconds, repeat_interval_seconds,"
                + " resolve_hold_seconds, send_resolved, enabled, tenant) VALUES ($1,"
                + " $2::bigint[], $3::text[], $4::text[], $5, $6::text[], $7::text[], $8,"
                + " $9, $10, $11, $12, $13, $14, $15) ON CONFLICT (tenant, name) DO NOTHING"
                + " RETURNING "
                + NotificationStore.POLICY_COLUMNS)
        .execute(
            Tuple.tuple()
                .addValue(b.name())
                .addValue(b.channelIds().toArray(Long[]::new))
                .addValue(array(b.severities()))
                .addValue(array(b.statuses()))
                .addValue(b.monitorPattern())
                .addValue(array(b.tags()))
                .addValue(array(b.metrics()))
                .addValue(b.groupBy())
                .addValue(b.groupWaitSeconds())
                .addValue(b.groupIntervalSeconds())
                .addValue(b.repeatIntervalSeconds())
                .addValue(b.resolveHoldSeconds())
                .addValue(b.sendResolved())
                .addValue(b.enabled())
                .addValue(tenant))
        .map(rows -> Rows.first(rows, NotificationStore::policy));
  }

  /** Whether a visible policy had this id (it and its threads are gone). */
  Uni<Boolean> deletePolicy(long id) {
    return delete("notification_policies", id);
  }

  /** The rows of {@code table} in the request's tenants, by id, as {@code view} reads them. */
  private <T> Uni<List<T>> list(String table, String columns, Function<Row, T> view) {
    Where where = scope.restrict(new Where(), "tenant");
    return pool.preparedQuery("SELECT " + columns + " FROM " + table + where.sql() + " ORDER BY id")
        .execute(where.args)
        .map(rows -> Rows.all(rows, view));
  }

  private Uni<Boolean> delete(String table, long id) {
    Where where = scope.restrict(new Where().and("id = ?", id), "tenant");
    return pool.preparedQuery("DELETE FROM " + table + where.sql())
        .execute(where.args)
        .map(rows -> rows.rowCount() > 0);
  }

  private static ChannelView channelView(Row r) {
    Channel c = NotificationStore.channel(r);
    return new ChannelView(
        c.id(),
        c.name(),
        r.getString("tenant"),
        c.type().wire(),
        c.settings(),
        List.copyOf(new TreeSet<>(c.secrets().keySet())),
        c.ratePerMinute(),
        c.enabled(),
        r.getOffsetDateTime("created_at"));
  }

  private static String[] array(List<String> l) {
    return l == null || l.isEmpty() ? null : l.toArray(String[]::new);
  }
}
