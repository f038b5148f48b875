package io.sentinel.query.notifications;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The email an {@link Alert} becomes: subject, plain text and HTML with monitor, status, severity,
 * times and a link to the dashboard. Pure, like {@link Payloads}.
 *
 * @param subject the alert's one-line title
 * @param text the plain-text part
 * @param html the HTML part (every value escaped)
 * @param link the dashboard page of the monitor
 */
public record EmailMessage(String subject, String text, String html, String link) {

  /** Renders the alert; {@code dashboardUrl} is where people open Sentinel. */
  public static EmailMessage of(Alert a, String idempotencyKey, String dashboardUrl) {
    String base = dashboardUrl.replaceAll("/+$", "");
    String link =
        base
            + "/monitors?q="
            + URLEncoder.encode(a.monitor(), StandardCharsets.UTF_8).replace("+", "%20");
    Map<String, String> facts = facts(a);
    StringBuilder text = new StringBuilder();
    text.append(a.title()).append("\n\n");
    if (a.message() != null) {
      text.append(a.message()).append("\n\n");
    }
    facts.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
    text.append("\nOpen in Sentinel: ").append(link).append('\n');
    text.append("\n-- \nSentinel notification ").append(idempotencyKey).append('\n');

    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
    html.append("<h2>").append(esc(a.title())).append("</h2>");
    if (a.message() != null) {
      html.append("<p>").append(esc(a.message())).append("</p>");
    }
    html.append("<table cellpadding=\"4\">");
    facts.forEach(
        (k, v) ->
            html.append("<tr><th align=\"left\">")
                .append(esc(k))
                .append("</th><td>")
                .append(esc(v))
                .append("</td></tr>"));
    html.append("</table>");
    html.append("<p><a href=\"").append(esc(link)).append("\">Open in Sentinel</a></p>");
    html.append("<p style=\"color:#888;font-size:small\">Sentinel notification ")
        .append(esc(idempotencyKey))
        .append("</p></body></html>");
    return new EmailMessage(a.title(), text.toString(), html.toString(), link);
  }

  private static Map<String, String> facts(Alert a) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(
        "Monitor",
        a.monitors() == null || a.monitors().isEmpty()
            ? a.monitor()
            : String.join(", ", a.monitors()));
    m.put("Status", String.valueOf(a.status()));
    if (a.previousStatus() != null) {
      m.put("Previous status", a.previousStatus());
    }
    if (a.severity() != null) {
      m.put("Severity", a.severity());
    }
    if (a.metric() != null) {
      m.put("Metric", a.metric());
    }
    m.put("Kind", a.kind());
    m.put("Time", String.valueOf(a.time()));
    if (a.flaps() > 0) {
      m.put("Flaps", Integer.toString(a.flaps()));
    }
    if (a.tags() != null && !a.tags().isEmpty()) {
      m.put("Tags", String.join(", ", a.tags()));
    }
    return m;
  }

  static String esc(String s) {
    return s == null
        ? ""
        : s.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\"", "&quot;")
            .replace("'", "&#39;");
  }
}
