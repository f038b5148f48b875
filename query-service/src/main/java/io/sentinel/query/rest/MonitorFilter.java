package io.sentinel.query.rest;

import io.quarkus.panache.common.Parameters;
import java.util.List;

/** The {@code monitor} query parameter: a numeric monitor id or a monitor name. */
final class MonitorFilter {
  private MonitorFilter() {}

  static void apply(String monitor, List<String> where, Parameters args) {
    if (monitor == null || monitor.isBlank()) {
      return;
    }
    String m = monitor.trim();
    if (m.chars().allMatch(Character::isDigit) && m.length() < 19) {
      where.add("(monitorId = :monitorId or monitor = :monitor)");
      args.and("monitorId", Long.parseLong(m)).and("monitor", m);
    } else {
      where.add("monitor = :monitor");
      args.and("monitor", m);
    }
  }
}
