package io.sentinel.query.notifications;

import java.util.List;

/**
 * What one notification says, channel-independent; stored (as JSON) with the notification so every
 * retry sends the same body.
 *
 * @param kind firing, resolved, repeat or test
 * @param dedupKey stable for the thread (policy and group): PagerDuty dedup_key, Opsgenie alias
 * @param groupKey the group (a monitor name, or tag=value)
 * @param monitor the monitor whose event caused it
 * @param monitors every monitor of the thread
 * @param status the monitor's status (down, errors, critical, trouble, up)
 * @param previousStatus its status before
 * @param severity severity of the anomaly behind it, when there is one
 * @param metric the metric behind it, when there is one
 * @param message what happened, in words
 * @param time ISO-8601 time of the event
 * @param eventId the event log id behind it
 * @param tags the monitor's tags
 * @param flaps relapses damped into this thread
 */
public record Alert(
    String kind,
    String dedupKey,
    String groupKey,
    String monitor,
    List<String> monitors,
    String status,
    String previousStatus,
    String severity,
    String metric,
    String message,
    String time,
    String eventId,
    List<String> tags,
    int flaps) {

  public Alert withKind(String k, String t) {
    return new Alert(
        k,
        dedupKey,
        groupKey,
        monitor,
        monitors,
        status,
        previousStatus,
        severity,
        metric,
        message,
        t,
        eventId,
        tags,
        flaps);
  }

  public Alert withThread(List<String> ms, int f) {
    return new Alert(
        kind,
        dedupKey,
        groupKey,
        monitor,
        ms,
        status,
        previousStatus,
        severity,
        metric,
        message,
        time,
        eventId,
        tags,
        f);
  }

  /** One line: "[FIRING] Server A is down (cpu_usage, critical)". */
  public String title() {
    String state =
        switch (kind) {
          case "resolved" -> "[RESOLVED] " + monitor + " is up again";
          case "test" -> "[TEST] Sentinel test notification";
          default ->
              "[FIRING] "
                  + (monitors != null && monitors.size() > 1
                      ? monitors.size() + " monitors in " + groupKey + " are unhealthy"
                      : monitor + " is " + status);
        };
    if ("resolved".equals(kind) || "test".equals(kind)) {
      return state;
    }
    String detail =
        metric != null && severity != null
            ? " (" + metric + ", " + severity + ")"
            : metric != null ? " (" + metric + ")" : severity != null ? " (" + severity + ")" : "";
    return state + detail;
  }
}
