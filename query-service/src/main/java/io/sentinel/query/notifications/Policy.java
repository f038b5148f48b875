package io.sentinel.query.notifications;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which events go to which channels, and how they are grouped, repeated and resolved. A null
 * matcher matches everything.
 *
 * @param monitorPattern a monitor name with * wildcards (case-insensitive)
 * @param tags "key=value" tags the monitor must all carry
 * @param groupBy "monitor", or "tag:KEY" to make one thread per value of a tag
 * @param resolveHoldSeconds how long a recovered thread waits before it resolves; a relapse within
 *     it is a flap and continues the thread
 * @param tenant the tenant it belongs to: it matches only that tenant's events, and sends only to
 *     that tenant's channels
 */
public record Policy(
    long id,
    String name,
    List<Long> channelIds,
    List<String> severities,
    List<String> statuses,
    String monitorPattern,
    List<String> tags,
    List<String> metrics,
    String groupBy,
    int groupWaitSeconds,
    int groupIntervalSeconds,
    int repeatIntervalSeconds,
    int resolveHoldSeconds,
    boolean sendResolved,
    boolean enabled,
    String tenant) {

  /** The statuses a policy can match; "up" resolves a thread instead. */
  public static final List<String> FIRING_STATUSES =
      List.of("down", "errors", "critical", "trouble");

  /** Whether an event of a monitor is one of this policy's, leaving out the status. */
  boolean matchesSubject(String monitor, List<String> monitorTags, String severity, String metric) {
    if (severities != null && !severities.isEmpty() && !severities.contains(severity)) {
      return false;
    }
    if (metrics != null && !metrics.isEmpty() && !metrics.contains(metric)) {
      return false;
    }
    if (tags != null
        && !tags.isEmpty()
        && (monitorTags == null || !monitorTags.containsAll(tags))) {
      return false;
    }
    return monitorPattern == null
        || monitorPattern.isBlank()
        || glob(monitorPattern).matcher(monitor).matches();
  }

  boolean matchesStatus(String status) {
    return statuses == null || statuses.isEmpty() || statuses.contains(status);
  }

  /** The thread an event of this monitor belongs to. */
  String groupKey(String monitor, List<String> monitorTags) {
    if (groupBy != null && groupBy.startsWith("tag:")) {
      String key = groupBy.substring(4);
      if (monitorTags != null) {
        for (String t : monitorTags) {
          if (t.startsWith(key + "=")) {
            return t;
          }
        }
      }
      return key + "=";
    }
    return monitor;
  }

  static Pattern glob(String pattern) {
    StringBuilder re = new StringBuilder();
    String[] parts = pattern.split("\\*", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        re.append(".*");
      }
      re.append(Pattern.quote(parts[i]));
    }
    return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
  }

  static boolean validGroupBy(String g) {
    return g == null || g.equals("monitor") || (g.startsWith("tag:") && g.length() > 4);
  }
}
