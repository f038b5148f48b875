package io.sentinel.query.notifications;

import io.sentinel.query.api.Params;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A channel to create. Secrets (url, signing_key, routing_key, api_key, password) are write-only.
 * {@code tenant}: one of the caller's; absent, the caller's only (or narrowed) tenant, else
 * default.
 */
public record NewChannel(
    String name,
    String type,
    Map<String, Object> settings,
    Map<String, String> secrets,
    Integer ratePerMinute,
    Boolean enabled,
    String tenant) {

  /** This body checked, with defaults in place; a 400 naming every invalid field otherwise. */
  NewChannel checked() {
    Params p = new Params("body");
    String checkedName = p.required("body", "name", name, 200);
    ChannelType channelType = type == null ? null : ChannelType.fromWire(type);
    if (channelType == null) {
      List<String> names = new ArrayList<>();
      for (ChannelType t : ChannelType.values()) {
        names.add(t.wire());
      }
      p.invalid("body", "type", "must be one of " + String.join(", ", names) + ", got " + type);
    }
    Map<String, String> secretValues = secrets == null ? Map.of() : secrets;
    Map<String, Object> settingValues = settings == null ? Map.of() : settings;
    if (channelType != null) {
      typed(p, channelType, settingValues, secretValues);
    }
    int rate = ratePerMinute == null ? 60 : ratePerMinute;
    if (rate < 1 || rate > 100_000) {
      p.invalid("body", "rate_per_minute", "must be from 1 to 100000, got " + rate);
    }
    p.check();
    return new NewChannel(
        checkedName,
        channelType.wire(),
        settingValues,
        secretValues,
        rate,
        enabled == null || enabled,
        tenant);
  }

  /** What a channel of this type needs: its secrets, URLs, SMTP or Alertmanager settings. */
  private static void typed(
      Params p, ChannelType type, Map<String, Object> settings, Map<String, String> secrets) {
    for (String s : type.requiredSecrets) {
      if (secrets.get(s) == null || secrets.get(s).isBlank()) {
        p.invalid("body", "secrets." + s, "a " + type.wire() + " channel needs secrets." + s);
      }
    }
    for (String s : secrets.keySet()) {
      if (!type.requiredSecrets.contains(s) && !type.optionalSecrets.contains(s)) {
        p.invalid("body", "secrets." + s, "a " + type.wire() + " channel has no secret " + s);
      }
    }
    for (String url :
        List.of(
            secrets.getOrDefault("url", ""), String.valueOf(settings.getOrDefault("url", "")))) {
      if (!url.isEmpty() && !url.startsWith("http://") && !url.startsWith("https://")) {
        // never echo a secret URL back
        p.invalid("body", "url", "must be an http:// or https:// URL");
      }
    }
    ChannelTrust.check(p, settings);
    if (type == ChannelType.EMAIL) {
      email(p, settings, secrets);
    }
    if (type == ChannelType.ALERTMANAGER && settings.get("url") == null) {
      p.invalid("body", "settings.url", "an alertmanager channel needs settings.url");
    }
  }

  /** An email channel's SMTP settings: where, how, from whom, to whom. */
  private static void email(Params p, Map<String, Object> settings, Map<String, String> secrets) {
    Object host = settings.get("host");
    if (host == null || host.toString().isBlank()) {
      p.invalid("body", "settings.host", "an email channel needs settings.host (the SMTP server)");
    }
    Object port = settings.get("port");
    if (port != null) {
      int n;
      try {
        n = Integer.parseInt(port.toString());
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 1 || n > 65535) {
        p.invalid("body", "settings.port", "must be a port from 1 to 65535, got " + port);
      }
    }
    Object tls = settings.get("tls");
    if (tls != null && !EmailSender.TLS_MODES.contains(tls.toString())) {
      p.invalid(
          "body",
          "settings.tls",
          "must be one of " + String.join(", ", EmailSender.TLS_MODES) + ", got " + tls);
    }
    Object from = settings.get("from");
    if (from == null || !from.toString().contains("@")) {
      p.invalid("body", "settings.from", "an email channel needs settings.from, an address");
    }
    List<String> to = EmailSender.recipients(settings.get("to"));
    if (to.isEmpty()) {
      p.invalid("body", "settings.to", "an email channel needs settings.to, a list of addresses");
    }
    for (String address : to) {
      if (!address.contains("@")) {
        p.invalid("body", "settings.to", "not an email address: " + address);
      }
    }
    if (secrets.containsKey("password") && settings.get("username") == null) {
      p.invalid("body", "settings.username", "secrets.password needs settings.username");
    }
  }
}
