package io.sentinel.query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Uptime percentages from outage intervals. Pure, so it is tested without a database. */
public final class Uptime {
  private Uptime() {}

  /** A period of outage; {@code end} null while it lasts. */
  public record Interval(Instant start, Instant end) {}

  /**
   * Percentage of {@code [from, to)} not covered by any outage, overlapping outages counted once.
   * Null when the period is empty.
   */
  public static Double percent(List<Interval> outages, Instant from, Instant to) {
    long total = Duration.between(from, to).toMillis();
    if (total <= 0) {
      return null;
    }
    List<Interval> sorted = new ArrayList<>(outages);
    sorted.sort(Comparator.comparing(Interval::start));
    long down = 0;
    Instant covered = from; // everything before it is already counted
    for (Interval o : sorted) {
      Instant start = max(o.start(), covered);
      Instant end = min(o.end() == null ? to : o.end(), to);
      if (end.isAfter(start)) {
        down += Duration.between(start, end).toMillis();
        covered = end;
      }
    }
    double pct = 100.0 * (total - down) / total;
    return Math.round(pct * 1000.0) / 1000.0;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
