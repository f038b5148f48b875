package io.sentinel.query.api;

import java.time.Duration;
import java.time.Instant;

/**
 * A chart's time range cut into buckets of one step, from the {@code from}, {@code to} and {@code
 * step} query parameters: {@code to} defaults to now and {@code from} to {@code to} minus a default
 * span; the range is widened to whole steps; without a step, the finest of the endpoint's automatic
 * steps that gives at most its target number of buckets.
 *
 * @param from inclusive start, on a step boundary
 * @param to exclusive end, on a step boundary
 * @param stepSeconds the bucket width, a whole number of minutes
 */
public record Buckets(Instant from, Instant to, long stepSeconds) {

  /**
   * How an endpoint cuts its range.
   *
   * @param defaultSpan {@code to} minus {@code from} when {@code from} is absent
   * @param autoSteps steps (seconds) to choose from when none is asked, finest first
   * @param autoTarget most buckets an automatic step gives (beyond the last step: whole days)
   * @param maxBuckets most buckets a request may ask for
   * @param maxName how the answer names that most (a setting, or the number)
   */
  public record Rules(
      Duration defaultSpan, long[] autoSteps, int autoTarget, long maxBuckets, String maxName) {

    /** The finest automatic step giving at most {@link #autoTarget} buckets over this range. */
    public long autoStep(Instant from, Instant to) {
      long span = Math.max(60, to.getEpochSecond() - from.getEpochSecond());
      for (long s : autoSteps) {
        if (span / s <= autoTarget) {
          return s;
        }
      }
      return -Math.floorDiv(-span, autoTarget * 86_400L) * 86_400L;
    }
  }

  /** Parses the three parameters, adding what is wrong with them to {@code p}. */
  public static Buckets parse(Params p, String from, String to, String step, Rules rules) {
    Instant end = p.instant("to", to);
    Instant start = p.instant("from", from);
    Duration width = p.duration("step", step);
    if (end == null) {
      end = Instant.now();
    }
    if (start == null) {
      start = end.minus(rules.defaultSpan());
    }
    p.range("from", start, "to", end);
    long stepSeconds = width == null ? rules.autoStep(start, end) : width.toSeconds();
    if (width != null && (stepSeconds < 60 || stepSeconds % 60 != 0)) {
      p.invalid("query", "step", "must be a whole number of minutes, got '" + step + "'");
      stepSeconds = rules.autoStep(start, end);
    }
    long from0 = Math.floorDiv(start.getEpochSecond(), stepSeconds) * stepSeconds;
    long to0 = -Math.floorDiv(-end.getEpochSecond(), stepSeconds) * stepSeconds;
    long buckets = stepSeconds > 0 ? (to0 - from0) / stepSeconds : 0;
    if (buckets > rules.maxBuckets()) {
      p.invalid(
          "query",
          "step",
          "gives "
              + buckets
              + " buckets, more than "
              + rules.maxName()
              + "; use a larger step or a shorter range");
    }
    return new Buckets(Instant.ofEpochSecond(from0), Instant.ofEpochSecond(to0), stepSeconds);
  }
}
