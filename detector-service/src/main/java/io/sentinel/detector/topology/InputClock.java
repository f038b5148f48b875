package io.sentinel.detector.topology;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

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
 *
 * <p>A pause of the whole instance's input (no partition received anything for longer than the
 * input gap) is either every agent quiet between sends or the pipeline stalled (ingest or a broker
 * down: ingest answered 503 and agents queued their samples). When input resumes, the partitions do
 * not resume together: the first to be fetched receives live records while the others have not been
 * fetched yet, and counting their idle time from before the pause would make every monitor on them
 * silent for the pause's length. What tells the two apart comes with the records: after a stall,
 * agents deliver the samples they queued, published much later after they were taken than their
 * monitor's samples were before ({@link Partition#delivered}). So for a short grace after the pause
 * (half the input gap) a partition that has not received since does not count wall time; if a
 * delivered sample shows the pause was a stall, the pause is left out of every partition's silences
 * (what a partition had already counted of it stays counted, so silence never shrinks); otherwise
 * the pause counts as the quiet it was. An installation whose agents are all quiet between sends
 * thus still sees a dead monitor's silence grow at the wall clock's pace.
 *
 * <p>A detector that hears nothing from the brokers (its consumer completed no fetch for longer
 * than the input gap: a broker down, or the stream thread blocked in a commit) learns nothing about
 * any partition meanwhile, however long: as while another partition replays, wall time does not
 * count, and idle time counts from when its consumer fetches again ({@link Partition#fetched}). The
 * queued samples above cover the stalls this detector cannot see (ingest down or unable to publish
 * while the brokers answer the detector).
 */
final class InputClock {
  private static final Logger LOG = Logger.getLogger(InputClock.class);

  /** Gaps remembered per partition; older ones count as silence again. */
  static final int GAPS_KEPT = 64;

  private final long inputGapMs;
  private final long idleFallbackMs;
  private final long lateCheckMs;
  private final long graceMs;
  private final Map<Integer, Partition> partitions = new ConcurrentHashMap<>();

  /** The wall time any partition of this instance last received a record. */
  private final AtomicLong lastInputWall = new AtomicLong(Long.MIN_VALUE);

  /** The last pause of this instance's whole input; {@code null} before the first. */
  private volatile Pause pause;

  /** Pauses found to be stalls of the pipeline, newest last (guarded by {@code this}). */
  private final Deque<Pause> stalls = new ArrayDeque<>();

  /** The number of stalls found so far (partitions apply the ones they have not yet applied). */
  private volatile long stallsFound;

  /**
   * A pause of the whole instance's input: nothing from input time {@code from} to {@code to},
   * input resumed at wall time {@code resumedWall}; {@code seq} numbers it once found to be a
   * stall.
   */
  private record Pause(long from, long to, long resumedWall, long seq) {
    boolean stall() {
      return seq > 0;
    }
  }

  /**
   * @param inputGapMs a partition receiving nothing this long while another receives is idle
   * @param idleFallbackMs a partition receiving nothing this long while none receives is idle
   * @param checkIntervalMs the period of the checks (a check much later than that is late)
   */
  InputClock(long inputGapMs, long idleFallbackMs, long checkIntervalMs) {
    this.inputGapMs = inputGapMs;
    this.idleFallbackMs = idleFallbackMs;
    this.lateCheckMs = Math.max(inputGapMs, 2 * checkIntervalMs);
    this.graceMs = inputGapMs / 2;
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

  /** The newest input time any partition of this instance has processed. */
  private long newestOfAll() {
    long newest = Long.MIN_VALUE;
    for (Partition p : partitions.values()) {
      newest = Math.max(newest, p.newest);
    }
    return newest;
  }

  /**
   * A record at input time {@code at} is processed at {@code wall}: if no partition had received
   * anything for longer than the input gap, the instance's input paused and has now resumed.
   */
  private void received(long at, long wall) {
    long previous = lastInputWall.getAndAccumulate(wall, Math::max);
    if (previous != Long.MIN_VALUE && wall - previous > inputGapMs) {
      long from = newestOfAll();
      if (from != Long.MIN_VALUE && at - from > inputGapMs) {
        pause = new Pause(from, at, wall, 0);
      }
    }
  }

  /**
   * Whether wall time must not count yet for a partition that has received nothing since wall time
   * {@code lastWall}: input resumed after a pause less than the grace ago, and whether that pause
   * was a stall is not known yet.
   */
  private boolean undecided(long lastWall, long wall) {
    Pause p = pause;
    return p != null && !p.stall() && lastWall < p.resumedWall && wall - p.resumedWall < graceMs;
  }

  /**
   * A sample taken at {@code sampleTs} arrived at input time {@code at}, its monitor's previous
   * sample {@code usualDelay} after it was taken: a sample taken before the last pause ended and
   * published much later than its monitor's samples used to be (by more than twice the input gap
   * and half the pause) was queued by its agent while the pipeline stalled: the pause was a stall.
   */
  private void delivered(long sampleTs, long at, long usualDelay) {
    Pause p = pause;
    if (p == null || p.stall() || at < p.to() || sampleTs >= p.to()) {
      return;
    }
    long late = (at - sampleTs) - usualDelay;
    if (late > Math.max(2 * inputGapMs, (p.to() - p.from()) / 2)) {
      synchronized (this) {
        if (pause == p) {
          Pause stall = new Pause(p.from(), p.to(), p.resumedWall(), stallsFound + 1);
          stalls.addLast(stall);
          if (stalls.size() > GAPS_KEPT) {
            stalls.removeFirst();
          }
          pause = stall;
          stallsFound = stall.seq();
          LOG.infof(
              "input paused for %d s and resumed with samples their agents had queued for %d s:"
                  + " a stall of the pipeline, left out of monitors' silence",
              (p.to() - p.from()) / 1000, (at - sampleTs) / 1000);
        }
      }
    }
  }

  /** The stalls numbered after {@code seq}, oldest first. */
  private synchronized List<Pause> stallsAfter(long seq) {
    List<Pause> after = new ArrayList<>();
    for (Pause s : stalls) {
      if (s.seq() > seq) {
        after.add(s);
      }
    }
    return after;
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
    private long fetchedWall = Long.MIN_VALUE;
    private long lastCheckWall = Long.MIN_VALUE;
    private long counted = Long.MIN_VALUE;
    private long stallsApplied;
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
      applyStalls();
      long at = Math.min(recordTs, wall);
      received(at, wall);
      if (newest != Long.MIN_VALUE && at > newest && at - newest > inputGapMs) {
        // the part of a gap in the stream that no check counted as silence is left out
        leaveOut(newest, at);
      }
      newest = Math.max(newest, at);
      counted = Math.max(counted, newest);
      lastWall = wall;
      return at;
    }

    /**
     * A sample of this partition's taken at {@code sampleTs} arrived at input time {@code at}; its
     * monitor's previous sample was published {@code usualDelay} after it was taken. Evidence that
     * the instance's last pause was a stall of the pipeline (see the class comment).
     */
    void delivered(long sampleTs, long at, long usualDelay) {
      InputClock.this.delivered(sampleTs, at, usualDelay);
    }

    /**
     * This partition's consumer completed a fetch from the brokers by wall time {@code wall}. Once
     * known, a consumer that completed none for longer than the input gap hears nothing from the
     * brokers (one down, or the thread blocked): like a detector behind, it learns nothing about
     * this partition's agents meanwhile, and idle time counts from when it hears again.
     */
    void fetched(long wall) {
      fetchedWall = wall;
    }

    /** Leaves the stalls found since the last call out of this partition's silences. */
    private void applyStalls() {
      if (stallsFound != stallsApplied) {
        for (Pause s : stallsAfter(stallsApplied)) {
          leaveOut(s.from(), s.to());
          stallsApplied = s.seq();
        }
      }
    }

    /**
     * Leaves input time {@code from} to {@code to} out of silences, except the part a check has
     * already counted (silence never shrinks), merged with the gaps it overlaps.
     */
    private void leaveOut(long from, long to) {
      long start = Math.max(from, counted);
      if (to <= start) {
        return;
      }
      long end = to;
      for (java.util.Iterator<long[]> it = gaps.iterator(); it.hasNext(); ) {
        long[] g = it.next();
        if (g[0] <= end && g[1] >= start) {
          start = Math.min(start, g[0]);
          end = Math.max(end, g[1]);
          it.remove();
        }
      }
      gaps.addLast(new long[] {start, end});
      if (gaps.size() > GAPS_KEPT) {
        gaps.removeFirst();
      }
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
      applyStalls();
      if (othersReplaying(this, wall)
          || (fetchedWall != Long.MIN_VALUE && wall - fetchedWall > inputGapMs)) {
        behindWall = wall;
      }
      // idle counts from the last record, or from the last moment this detector was seen behind
      long idleSince = Math.max(newest == Long.MIN_VALUE ? startWall : lastWall, behindWall);
      long idle = wall - idleSince;
      boolean wallCounts =
          !late
              && !undecided(lastWall, wall)
              && idle >= (othersReceivingLive(this, wall) ? inputGapMs : idleFallbackMs);
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
      applyStalls();
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
