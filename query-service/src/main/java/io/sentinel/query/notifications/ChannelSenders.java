package io.sentinel.query.notifications;

import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/** Sends one rendered notification over its channel. */
@ApplicationScoped
public class ChannelSenders {
  private static final Logger LOG = Logger.getLogger(ChannelSenders.class);

  /** How one attempt went. */
  public record Outcome(boolean ok, boolean retryable, Integer statusCode, String error) {
    static Outcome sent(Integer code) {
      return new Outcome(true, false, code, null);
    }

    static Outcome retry(Integer code, String error) {
      return new Outcome(false, true, code, error);
    }

    static Outcome fail(Integer code, String error) {
      return new Outcome(false, false, code, error);
    }
  }

  @Inject Pool pool;
  @Inject EmailSender email;
  @Inject ChannelTrust trust;

  List<Channel> channels() {
    List<Channel> out = new ArrayList<>();
    pool.query("SELECT " + NotificationStore.CHANNEL_COLUMNS + " FROM notification_channels")
        .execute()
        .await()
        .indefinitely()
        .forEach(r -> out.add(NotificationStore.channel(r)));
    return out;
  }

  CompletableFuture<Outcome> send(Channel c, Alert a, String idempotencyKey) {
    if (c.type() == ChannelType.EMAIL) {
      return email.send(c, a, idempotencyKey);
    }
    Payloads.Outgoing o = Payloads.render(c, a, idempotencyKey);
    if (c.type() == ChannelType.LOG) {
      LOG.infof("notification (%s) %s: %s", c.name(), a.title(), o.body());
      return CompletableFuture.completedFuture(Outcome.sent(null));
    }
    if (o.url() == null || o.url().isBlank()) {
      return CompletableFuture.completedFuture(Outcome.fail(null, "channel has no URL"));
    }
    HttpClient http;
    try {
      // the channel's own CAs (settings.ca_pem) or the JVM's; one client per bundle, cached
      http = trust.http(c);
    } catch (ChannelTrust.InvalidPem e) {
      return CompletableFuture.completedFuture(Outcome.fail(null, ChannelTrust.sendError(e)));
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(java.net.URI.create(o.url()))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("User-Agent", "Sentinel-Notifications/1")
            .POST(HttpRequest.BodyPublishers.ofString(o.body()));
    o.headers().forEach(b::header);
    return http.sendAsync(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString())
        .thenApply(
            r -> {
              int code = r.statusCode();
              if (code >= 200 && code < 300) {
                return Outcome.sent(code);
              }
              String body = r.body() == null ? "" : Payloads.cut(r.body(), 300);
              // 408, 429 and 5xx are worth retrying; any other 4xx will fail the same way again
              boolean retry = code == 408 || code == 429 || code >= 500;
              return new Outcome(false, retry, code, "HTTP " + code + ": " + body);
            })
        .exceptionally(e -> Outcome.retry(null, rootMessage(e)));
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
