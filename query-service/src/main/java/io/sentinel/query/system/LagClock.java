package io.sentinel.query.system;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * How long a consumer group is behind, in time rather than records, without trusting record
 * timestamps (agents may send old samples): the clock remembers the end offsets it saw at each
 * check, so a committed offset at or past the end seen at time t means everything that had arrived
 * by t is processed. The delay is now minus the latest such t (an upper bound, within one check
 * interval of the truth). Not thread-safe: one check thread uses it.
 */
final class LagClock {
  private record Seen(Instant at, Map<TopicPartition, Long> end) {}

  private final Deque<Seen> seen = new ArrayDeque<>();
  private final int capacity;

  /**
   * @param capacity checks remembered at most (the oldest are forgotten first); with a check every
   *     2 s, 10,000 cover five and a half hours of a stopped consumer
   */
  LagClock(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Records the end offsets seen {@code now} and returns how long the group has been behind given
   * its {@code committed} offsets: zero when it has processed everything, and at least the age of
   * the oldest remembered check when even that one is not processed yet.
   */
  Duration delay(Instant now, Map<TopicPartition, Long> end, Map<TopicPartition, Long> committed) {
    seen.addLast(new Seen(now, Map.copyOf(end)));
    while (seen.size() > capacity) {
      seen.removeFirst();
    }
    // forget checks the group has passed, except the newest of them (the one that dates the delay)
    while (seen.size() > 1) {
      Iterator<Seen> it = seen.iterator();
      it.next();
      if (processed(it.next(), committed)) {
        seen.removeFirst();
      } else {
        break;
      }
    }
    if (processed(seen.peekLast(), committed)) {
      return Duration.ZERO;
    }
    // the first check kept is the newest one fully processed (or, when even that is not, the
    // oldest remembered): what arrived after it is still waiting
    return Duration.between(seen.peekFirst().at(), now);
  }

  private static boolean processed(Seen s, Map<TopicPartition, Long> committed) {
    for (Map.Entry<TopicPartition, Long> e : s.end().entrySet()) {
      Long c = committed.get(e.getKey());
      if (e.getValue() > 0 && (c == null || c < e.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** Checks remembered now (for tests). */
  int remembered() {
    return seen.size();
  }
}
