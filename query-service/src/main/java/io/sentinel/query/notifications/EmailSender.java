package io.sentinel.query.notifications;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.StartTLSOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends email channels over SMTP. Each channel carries its own server, so each gets its own Vert.x
 * {@link MailClient} (a connection pool), kept while its settings stay the same (decision 016).
 */
@ApplicationScoped
public class EmailSender {
  /** TLS modes a channel can ask for. */
  public static final List<String> TLS_MODES = List.of("none", "starttls", "tls");

  @Inject Vertx vertx;

  @Inject NotificationSettings settings;

  /**
   * A client and what it was made from. MailConfig.equals leaves out its TLS options (ssl, trust),
   * so those are compared apart: a changed settings.ca_pem or settings.tls makes a new client.
   */
  private record Client(MailConfig config, String tls, MailClient client) {}

  private final Map<Long, Client> clients = new ConcurrentHashMap<>();

  void onStop(@Observes ShutdownEvent event) {
    clients.values().forEach(c -> c.client().close());
    clients.clear();
  }

  CompletableFuture<ChannelSenders.Outcome> send(Channel c, Alert a, String idempotencyKey) {
    EmailMessage m = EmailMessage.of(a, idempotencyKey, settings.dashboardUrl());
    MailMessage mail =
        new MailMessage()
            .setFrom(c.setting("from", null))
            .setTo(recipients(c.settings().get("to")))
            .setSubject(m.subject())
            .setText(m.text())
            .setHtml(m.html())
            .addHeader("X-Sentinel-Idempotency-Key", idempotencyKey)
            .addHeader("X-Sentinel-Dedup-Key", a.dedupKey());
    if (mail.getFrom() == null || mail.getTo().isEmpty()) {
      return CompletableFuture.completedFuture(
          ChannelSenders.Outcome.fail(null, "email channel needs settings.from and settings.to"));
    }
    MailClient client;
    try {
      client = client(c);
    } catch (ChannelTrust.InvalidPem e) {
      return CompletableFuture.completedFuture(
          ChannelSenders.Outcome.fail(null, ChannelTrust.sendError(e)));
    }
    return client
        .sendMail(mail)
        .toCompletionStage()
        .toCompletableFuture()
        // the mail client completes on the event loop; the dispatcher records the outcome with
        // blocking calls, so it continues on a worker thread (as the JDK HttpClient's futures do)
        .handleAsync(
            (r, e) -> e == null ? ChannelSenders.Outcome.sent(null) : outcome(e),
            Infrastructure.getDefaultWorkerPool());
  }

  /** SMTP 5xx replies fail at once (the same message would be refused again); the rest retry. */
  private static ChannelSenders.Outcome outcome(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && !(t instanceof SMTPException)) {
      t = t.getCause();
    }
    if (t instanceof SMTPException s) {
      String error = "SMTP " + s.getReplyCode() + ": " + Payloads.cut(s.getMessage(), 300);
      return s.isPermanent()
          ? ChannelSenders.Outcome.fail(s.getReplyCode(), error)
          : ChannelSenders.Outcome.retry(s.getReplyCode(), error);
    }
    return ChannelSenders.Outcome.retry(
        null, t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
  }

  private MailClient client(Channel c) throws ChannelTrust.InvalidPem {
    MailConfig config = config(c);
    String tls = config.isSsl() + "|" + ChannelTrust.pem(c);
    Client current = clients.get(c.id());
    if (current != null && current.config().equals(config) && current.tls().equals(tls)) {
      return current.client();
    }
    Client fresh = new Client(config, tls, MailClient.create(vertx, config));
    Client old = clients.put(c.id(), fresh);
    if (old != null) {
      old.client().close();
    }
    return fresh.client();
  }

  static MailConfig config(Channel c) throws ChannelTrust.InvalidPem {
    String tls = c.setting("tls", "starttls").toLowerCase(Locale.ROOT);
    MailConfig config =
        new MailConfig()
            .setHostname(c.setting("host", "localhost"))
            .setPort(Integer.parseInt(c.setting("port", "tls".equals(tls) ? "465" : "587")))
            .setSsl("tls".equals(tls))
            .setStarttls(
                switch (tls) {
                  case "none" -> StartTLSOptions.DISABLED;
                  case "tls" -> StartTLSOptions.DISABLED;
                  default -> StartTLSOptions.REQUIRED;
                })
            .setKeepAlive(true)
            .setMaxPoolSize(2);
    PemTrustOptions trust = ChannelTrust.pemTrust(c);
    if (trust != null) {
      // a private CA (settings.ca_pem): trusted instead of the JVM's CAs, for TLS and STARTTLS
      config.setTrustOptions(trust);
    }
    String user = c.setting("username", null);
    String password = c.secret("password");
    if (user != null && password != null) {
      // PLAIN and LOGIN only: Vert.x would also try XOAUTH2, sending the password as a token
      config
          .setUsername(user)
          .setPassword(password)
          .setLogin(LoginOption.REQUIRED)
          .setAuthMethods("PLAIN LOGIN");
    } else {
      config.setLogin(LoginOption.DISABLED);
    }
    return config;
  }

  static List<String> recipients(Object to) {
    List<String> out = new ArrayList<>();
    if (to instanceof List<?> list) {
      list.forEach(x -> out.add(String.valueOf(x).trim()));
    } else if (to != null) {
      for (String s : to.toString().split(",")) {
        if (!s.isBlank()) {
          out.add(s.trim());
        }
      }
    }
    return out;
  }
}
