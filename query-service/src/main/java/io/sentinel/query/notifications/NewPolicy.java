package io.sentinel.query.notifications;

import io.sentinel.query.api.Params;
import java.util.List;

/**
 * A policy to create; absent matchers match everything, absent timers take their defaults (see
 * {@link Policy} for what each field means). {@code tenant}: one of the caller's; absent, the
 * caller's only (or narrowed) tenant, else default. Its channels must be of the same tenant.
 */
public record NewPolicy(
    String name,
    List<Long> channelIds,
    List<String> severities,
    List<String> statuses,
    String monitorPattern,
    List<String> tags,
    List<String> metrics,
    String groupBy,
    Integer groupWaitSeconds,
    Integer groupIntervalSeconds,
    Integer repeatIntervalSeconds,
    Integer resolveHoldSeconds,
    Boolean sendResolved,
    Boolean enabled,
    String tenant) {

  static final List<String> SEVERITIES = List.of("minor", "major", "critical");

  /** Longest a policy timer may be: 30 days. */
  private static final int MAX_SECONDS = 30 * 86400;

  /** This body checked, with defaults in place; a 400 naming every invalid field otherwise. */
  NewPolicy checked() {
    Params p = new Params("body");
    String checkedName = p.required("body", "name", name, 200);
    List<Long> channels = channelIds == null ? List.of() : channelIds;
    if (channels.isEmpty()) {
      p.invalid("body", "channel_ids", "at least one channel id is required");
    }
    only(p, "severities", severities, SEVERITIES);
    only(p, "statuses", statuses, Policy.FIRING_STATUSES);
    if (!Policy.validGroupBy(groupBy)) {
      p.invalid("body", "group_by", "must be monitor or tag:KEY, got " + groupBy);
    }
    int wait = seconds(p, "group_wait_seconds", groupWaitSeconds, 0, 0);
    int interval = seconds(p, "group_interval_seconds", groupIntervalSeconds, 300, 0);
    int repeat = seconds(p, "repeat_interval_seconds", repeatIntervalSeconds, 14400, 1);
    int hold = seconds(p, "resolve_hold_seconds", resolveHoldSeconds, 120, 0);
    p.check();
    return new NewPolicy(
        checkedName,
        channels,
        severities,
        statuses,
        monitorPattern,
        tags,
        metrics,
        groupBy == null ? "monitor" : groupBy,
        wait,
        interval,
        repeat,
        hold,
        sendResolved == null || sendResolved,
        enabled == null || enabled,
        tenant);
  }

  private static void only(Params p, String name, List<String> values, List<String> allowed) {
    if (values != null) {
      for (String v : values) {
        if (!allowed.contains(v)) {
          p.invalid("body", name, "must hold only " + String.join(", ", allowed) + ", got " + v);
        }
      }
    }
  }

  private static int seconds(Params p, String name, Integer v, int absent, int min) {
    if (v == null) {
      return absent;
    }
    if (v < min || v > MAX_SECONDS) {
      p.invalid("body", name, "must be from " + min + " to " + MAX_SECONDS + " seconds, got " + v);
      return absent;
    }
    return v;
  }
}
