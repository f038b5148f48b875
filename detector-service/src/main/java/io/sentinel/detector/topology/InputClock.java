package io.sentinel.detector.topology;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far each input partition of this detector instance has been read, in input time (record
 * times: when ingest published), the clock on which monitors' silence is measured. One per
 * instance, shared by its tasks, so that a partition can tell whether the others are receiving.
 *
 * <p>A partition's clock is its stream's own progress: the newest input time processed. Wall time
 * advances it only while the partition receives nothing: after {@code input-gap} when another
 * partition of this instance is receiving live records meanwhile (the pipeline works; this
 * partition's agents are quiet), after {@code idle-fallback} otherwise (it may be the pipeline
 * stalling: ingest or this detector held up; past the fallback, all agents quiet is believed). A
 * partition receives live records while its stream has been read up to less than {@code input-gap}
 * before the wall clock; one replaying a backlog (this detector restarted, rebalanced, or a broker
 * back) receives old records, which show only that this detector is behind, not that the other
 * partitions' records after their last one were published. While another partition replays, wall
 * time does not count at all, however long: this detector is behind, and a partition it does not
 * fetch meanwhile (its stream thread works through one poll's backlog before fetching again) looks
 * idle while its agents keep sending; its idle time counts from the end of the replay. A check that
 * comes late (this detector's own thread stalled) never advances it. So a detector catching up on a
 * backlog, stalled, or restarted measures each monitor's silence against the stream, and a monitor
 * that kept sending is never silent on it.
 *
 * <p>A gap in the stream itself (nothing published for a while: ingest stalled) that wall time was
 * not allowed to count is not silence either: it is remembered and left out of silences spanning
 * it, so the records after an ingest stall do not make every monitor look silent for its length.
 */
final class InputClock {
  /** Gaps remembered per partition; older ones count as silence again. */
  static final int GAPS_KEPT = 64;

  private final long inputGapMs;
  private final long idleFallbackMs;
  private final long lateCheckMs;
  private final Map<Integer, Partition> partitions = new ConcurrentHashMap<>();

  /**
   * @param inputGapMs a partition receiving nothing this long while another receives is idle
   * @param idleFallbackMs a partition receiving nothing this long while none receives is idle
   * @param checkIntervalMs the period of the checks (a check much later than that is late)
   */
  InputClock(long inputGapMs, long idleFallbackMs, long checkIntervalMs) {
    this.inputGapMs = inputGapMs;
    this.idleFallbackMs = idleFallbackMs;
    this.lateCheckMs = Math.max(inputGapMs, 2 * checkIntervalMs);
  }

  /**
   * The clock of {@code partition}, (re)started (a task initialised): unknown until input arrives.
   * It starts at its first use (a processor's wall clock is not yet set during its init).
   */
  Partition start(int partition) {
    Partition p = new Partition();
    partitions.put(partition, p);
    return p;
  }

  /**
   * Whether another partition is receiving live records at wall time {@code wall}: its stream read
   * up to less than the input gap before it (which implies it received a record that recently).
   */
  private boolean othersReceivingLive(Partition self, long wall) {
    for (Partition p : partitions.values()) {
      long newest = p.newest;
      if (p != self && newest != Long.MIN_VALUE && wall - newest < inputGapMs) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether another partition is replaying a backlog at wall time {@code wall}: it processed a
   * record within the input gap, and that record is older than the input gap. This detector is
   * behind then, and a partition that receives nothing meanwhile may merely not be fetched (a
   * stream thread works through what one poll returned, for as long as that takes, before it
   * fetches again): its quiet says nothing about its agents.
   */
  private boolean othersReplaying(Partition self, long wall) {
    for (Partition p : partitions.values()) {
      long newest = p.newest;
      if (p != self
          && newest != Long.MIN_VALUE
          && wall - p.lastWall < inputGapMs
          && wall - newest >= inputGapMs) {
        return true;
      }
    }
    return false;
  }

  /**
   * One partition's clock; used by the thread of its task only (others read its newest time and
   * when it last received).
   */
  final class Partition {
    private long startWall = Long.MIN_VALUE;
    private volatile long newest = Long.MIN_VALUE;
    private volatile long lastWall = Long.MIN_VALUE;
    private long behindWall = Long.MIN_VALUE;
    private long lastCheckWall = Long.MIN_VALUE;
    private long counted = Long.MIN_VALUE;
    private final Deque<long[]> gaps = new ArrayDeque<>();

    private Partition() {}

    private void started(long wall) {
      if (startWall == Long.MIN_VALUE) {
        startWall = wall;
        lastCheckWall = wall;
      }
    }

    /**
     * A record published at {@code recordTs} is processed at {@code wall}: its input time (never
     * ahead of the wall clock), and the clock advances.
     */
    long input(long recordTs, long wall) {
      started(wall);
      long at = Math.min(recordTs, wall);
      if (newest != Long.MIN_VALUE && at > newest) {
        // the part of a gap in the stream that no check counted as silence is left out
        long from = Math.max(newest, counted);
        if (at - newest > inputGapMs && at > from) {
          gaps.addLast(new long[] {from, at});
          if (gaps.size() > GAPS_KEPT) {
            gaps.removeFirst();
          }
        }
      }
      newest = Math.max(newest, at);
      counted = Math.max(counted, newest);
      lastWall = wall;
      return at;
    }

    /**
     * The input time this partition has been read up to at wall time {@code wall} (the silence
     * check's "now"), {@code Long.MIN_VALUE} while unknown.
     */
    long at(long wall) {
      started(wall);
      boolean late = wall - lastCheckWall > lateCheckMs;
      lastCheckWall = wall;
      return at(wall, late);
    }

    /** {@link #at(long)} without being a check (for the eviction sweep): never late. */
    long peek(long wall) {
      started(wall);
      return at(wall, false);
    }

    private long at(long wall, boolean late) {
      if (othersReplaying(this, wall)) {
        behindWall = wall;
      }
      // idle counts from the last record, or from the last moment this detector was seen behind
      long idleSince = Math.max(newest == Long.MIN_VALUE ? startWall : lastWall, behindWall);
      long idle = wall - idleSince;
      boolean wallCounts =
          !late && idle >= (othersReceivingLive(this, wall) ? inputGapMs : idleFallbackMs);
      if (newest == Long.MIN_VALUE) {
        // nothing since start-up: a backlog may be about to arrive
        return wallCounts && idle >= idleFallbackMs ? wall : Long.MIN_VALUE;
      }
      long at = wallCounts ? Math.min(wall, Math.max(newest, newest + idle)) : newest;
      counted = Math.max(counted, at);
      return Math.max(at, newest);
    }

    /** Silence from input time {@code since} to {@code at}, less the stream's uncounted gaps. */
    long silence(long since, long at) {
      long s = at - since;
      for (long[] g : gaps) {
        long from = Math.max(g[0], since);
        long to = Math.min(g[1], at);
        if (to > from) {
          s -= to - from;
        }
      }
      return Math.max(0, s);
    }
  }
}
