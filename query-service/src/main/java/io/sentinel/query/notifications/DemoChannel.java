package io.sentinel.query.notifications;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * With SENTINEL_NOTIFICATIONS_DEMO=true (set by {@code ./sentinel up}), a "demo webhook" channel
 * (type log: the generic webhook body written to the service log) and a policy sending every status
 * change of the {@code default} tenant to it, so a new user sees notifications flow without
 * configuring anything.
 */
@ApplicationScoped
public class DemoChannel {
  private static final Logger LOG = Logger.getLogger(DemoChannel.class);

  @Inject NotificationSettings settings;

  @Inject Pool pool;

  void onStart(@Observes StartupEvent ev) {
    if (!settings.demo()) {
      return;
    }
    pool.query(
            """
            WITH c AS (
              INSERT INTO notification_channels (name, type) VALUES ('demo webhook', 'log')
              ON CONFLICT (tenant, name) DO UPDATE SET name = EXCLUDED.name RETURNING id
            )
            INSERT INTO notification_policies (name, channel_ids, group_wait_seconds,
                                               resolve_hold_seconds)
            SELECT 'demo: every status change', ARRAY[id], 0, 30 FROM c
            ON CONFLICT (tenant, name) DO NOTHING
            """)
        .execute()
        .await()
        .indefinitely();
    LOG.info(
        "notifications: channel 'demo webhook' writes every status change to this log (see"
            + " /api/notifications/channels)");
  }
}
