package io.sentinel.query.monitors;

import io.sentinel.query.sql.Where;

/**
 * The {@code monitor} filter of anomalies and outages: a numeric monitor id or a monitor name,
 * resolved through {@code monitors} so the filter uses the {@code monitor_id} indexes.
 */
public final class MonitorMatch {
  private MonitorMatch() {}

  public static void apply(String monitor, Where where) {
    if (monitor == null || monitor.isBlank()) {
      return;
    }
    String m = monitor.trim();
    String name = where.arg(m);
    if (m.chars().allMatch(Character::isDigit) && m.length() < 19) {
      String id = where.arg(Long.parseLong(m));
      where.and(
          "monitor_id IN (SELECT id FROM monitors WHERE id = " + id + " OR name = " + name + ")");
    } else {
      where.and("monitor_id IN (SELECT id FROM monitors WHERE name = " + name + ")");
    }
  }
}
