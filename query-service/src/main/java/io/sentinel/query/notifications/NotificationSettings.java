package io.sentinel.query.notifications;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How notifications are routed and sent ({@code sentinel.notifications.*}). */
@ConfigMapping(prefix = "sentinel.notifications")
public interface NotificationSettings {
  /** Whether this replica routes and sends notifications at all. */
  @WithDefault("true")
  boolean enabled();

  /** How often the outbox is routed and due notifications sent (read by the schedule). */
  @WithDefault("1s")
  String poll();

  /** Most notifications one replica claims (and sends in parallel) at a time. */
  @WithDefault("200")
  int batch();

  /** How long a claimed notification is this replica's; after it, another replica may send it. */
  @WithDefault("60s")
  Duration lease();

  /** Attempts before a retryable failure is given up. */
  @WithDefault("8")
  int maxAttempts();

  /** Back-off before the second attempt; doubled at each attempt after. */
  @WithDefault("2s")
  Duration backoffBase();

  /** Longest back-off between two attempts. */
  @WithDefault("10m")
  Duration backoffMax();

  /** Whether a demo channel and policy are created at start-up. */
  @WithDefault("false")
  boolean demo();

  /** The dashboard's public address, for the links in notifications. */
  @WithDefault("http://localhost:8080")
  String dashboardUrl();
}
