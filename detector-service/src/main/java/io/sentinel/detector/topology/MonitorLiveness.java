package io.sentinel.detector.topology;

import static io.sentinel.detector.topology.Emitter.eventId;
import static io.sentinel.detector.topology.Emitter.human;

import io.sentinel.contract.EventType;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Sample;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import org.jboss.logging.Logger;

/**
 * Monitor liveness: discovery on a monitor's first accepted sample, its learned cadence, heartbeats
 * (a check or scrape reporting it up or down), and outages when it falls silent.
 *
 * <p>Silence is measured on the input clock, not on this detector's wall clock: times are the input
 * records' timestamps (when ingest published them), and "now" for the silence check is how far the
 * stream has been read: the latest input time processed, plus the time since then during which no
 * record came ({@link InputClock}). A detector catching up on a backlog (after a restart, or behind
 * a burst) therefore sees each monitor's samples as close together as they were sent, and opens no
 * outage for a monitor that kept sending; once it has caught up, a silent monitor is silent on the
 * wall clock too.
 *
 * <p>The check runs every {@code check-interval} but looks only at monitors that are due: each
 * monitor's next deadline (silence limit, end of an errors streak) is kept in memory, so a check
 * costs what is due, not a scan of every monitor.
 */
final class MonitorLiveness {
  private static final Logger LOG = Logger.getLogger(MonitorLiveness.class);

  /**
   * How far the input has been read, in input time. Before the first record after start-up it is
   * unknown (a backlog may be about to arrive) for a grace period; a task that receives nothing in
   * that time has nothing pending, and its clock is the wall clock.
   */
  static final class InputClock {
    private final long startWall;
    private final long graceMs;
    private long progress = Long.MIN_VALUE;
    private long lastRecordWall;

    InputClock(long startWall, long graceMs) {
      this.startWall = startWall;
      this.graceMs = graceMs;
    }

    /** A record of input time {@code at} was processed at wall time {@code wall}. */
    void processed(long at, long wall) {
      progress = Math.max(progress, at);
      lastRecordWall = wall;
    }

    /**
     * The input time read up to at wall time {@code wall}, or {@code Long.MIN_VALUE} if unknown.
     */
    long at(long wall) {
      if (progress == Long.MIN_VALUE) {
        return wall - startWall >= graceMs ? wall : Long.MIN_VALUE;
      }
      return Math.min(wall, progress + Math.max(0, wall - lastRecordWall));
    }
  }

  private record Due(long at, String monitor) {}

  private final TopologySettings settings;
  private final Emitter emit;
  private final Monitors monitors;
  private final ErrorEpisodes errors;
  private final InputClock clock;
  private final Map<String, Long> due = new HashMap<>();
  private final PriorityQueue<Due> queue = new PriorityQueue<>(Comparator.comparingLong(Due::at));
  private boolean indexed;

  MonitorLiveness(
      TopologySettings settings,
      Emitter emit,
      Monitors monitors,
      ErrorEpisodes errors,
      long startWall) {
    this.settings = settings;
    this.emit = emit;
    this.monitors = monitors;
    this.errors = errors;
    // a restarted detector's backlog arrives within moments; a monitor silent before the restart
    // is reported at most one default interval late
    this.clock = new InputClock(startWall, settings.defaultIntervalMs());
    monitors.listen(this::schedule, due::remove);
  }

  /**
   * The input time of a record: its timestamp (when it was published), never ahead of the wall
   * clock; and the clock advances.
   */
  long input(long recordTimestamp, long wall) {
    long at = Math.min(recordTimestamp, wall);
    clock.processed(at, wall);
    return at;
  }

  /**
   * An accepted sample (or a check reporting up or an error) at input time {@code at}: a sign of
   * life.
   */
  void seen(Sample sample, long at) {
    MonitorState m = monitors.get(sample.key());
    if (m == null || !m.live()) {
      emit.event(
          sample.tenant(),
          MonitorEvent.monitorDiscovered(
              eventId(EventType.MONITOR_DISCOVERED, sample.key(), 0),
              sample.monitor(),
              sample.timestamp(),
              "Monitor " + sample.monitor() + " started reporting"));
      MonitorState known =
          m != null ? m : MonitorState.rejectedOnly(sample.tenant(), sample.monitor());
      monitors.put(known.seen(at, sample.timestamp(), 0));
      return;
    }
    double interval = m.intervalMs();
    long gap = sample.timestamp() - m.lastSampleTs();
    boolean resuming = m.inOutage();
    if (gap > 0 && !resuming) {
      // learn the cadence from distinct sample times; several series of one scrape share a time
      interval = interval <= 0 ? gap : 0.8 * interval + 0.2 * gap;
    }
    if (resuming) {
      long silentMs = Math.max(0, at - m.lastSeenWall());
      emit.event(
          sample.tenant(),
          MonitorEvent.outageResolved(
              eventId(EventType.OUTAGE_RESOLVED, sample.key(), m.outageSinceWall()),
              sample.monitor(),
              sample.timestamp(),
              "Samples from "
                  + sample.monitor()
                  + " resumed after "
                  + human(silentMs)
                  + " of silence",
              m.outageId()));
    }
    monitors.put(
        m.seen(
            Math.max(at, m.lastSeenWall()),
            Math.max(m.lastSampleTs(), sample.timestamp()),
            interval));
  }

  /**
   * A report of the monitor's health by its agent (a pushed heartbeat, Prometheus' {@code up}): up
   * counts as a sign of life (and ends an outage); down is the agent itself reporting the monitor
   * down, which opens an outage at once with {@code downMessage}.
   */
  void heartbeat(Sample sample, long at, String downMessage) {
    if (sample.value() > 0) {
      seen(sample, at);
      return;
    }
    MonitorState m = monitors.get(sample.key());
    if (m != null && m.inOutage()) {
      return;
    }
    if (m == null) {
      seen(sample, at);
      m = monitors.get(sample.key());
    }
    String id = eventId(EventType.OUTAGE_STARTED, m.key(), sample.timestamp());
    emit.event(
        m.tenant(), MonitorEvent.outageStarted(id, m.monitor(), sample.timestamp(), downMessage));
    monitors.put(
        m.seen(
                Math.max(at, m.lastSeenWall()),
                Math.max(m.lastSampleTs(), sample.timestamp()),
                m.intervalMs())
            .withOutage(id, at));
  }

  /**
   * The input time the stream has been read up to at this wall time, {@code Long.MIN_VALUE} if
   * unknown.
   */
  long inputTime(long wall) {
    return clock.at(wall);
  }

  /**
   * The punctuator (wall clock): opens outages of silent monitors, ends quiet errors streaks and
   * forgets monitors silent for {@code evict-after} (an outage they had open stays open).
   */
  void check(long wall) {
    long at = clock.at(wall);
    if (at == Long.MIN_VALUE) {
      return;
    }
    if (!indexed) {
      // once per task start: the deadlines of the monitors restored from the changelog
      monitors.forEach(this::schedule);
      indexed = true;
    }
    while (!queue.isEmpty() && queue.peek().at() <= at) {
      Due d = queue.poll();
      Long current = due.get(d.monitor());
      if (current == null || current != d.at()) {
        if (current != null && current > d.at()) {
          queue.add(new Due(current, d.monitor())); // seen since: not due yet
        }
        continue;
      }
      due.remove(d.monitor());
      MonitorState m = monitors.get(d.monitor());
      if (m == null) {
        continue;
      }
      MonitorState checked = errors.checkQuiet(checkOutage(m, at), at);
      boolean forgotten =
          checked.live()
              ? at - checked.lastSeenWall() >= settings.evictAfterMs()
              : checked.rejections() == null;
      if (forgotten) {
        String why =
            checked.live()
                ? "silent for " + human(at - checked.lastSeenWall())
                : "no data rejected any more";
        LOG.infof("forgot monitor %s: %s", m.monitor(), why);
        monitors.delete(m.key());
      } else if (checked != m) {
        monitors.put(checked);
      } else {
        schedule(m);
      }
    }
  }

  /** Monitors whose next deadline is kept (for tests and metrics). */
  int watched() {
    return due.size();
  }

  private void schedule(MonitorState m) {
    long next = errors.quietDeadline(m);
    if (m.live()) {
      next = Math.min(next, m.lastSeenWall() + settings.evictAfterMs());
      if (!m.inOutage()) {
        next = Math.min(next, m.lastSeenWall() + m.silenceLimitMs(settings));
      }
    }
    if (next == Long.MAX_VALUE) {
      due.remove(m.key());
      return;
    }
    Long previous = due.put(m.key(), next);
    if (previous == null || next < previous) {
      queue.add(new Due(next, m.key()));
    }
  }

  private MonitorState checkOutage(MonitorState m, long at) {
    if (m.inOutage() || !m.live()) {
      return m;
    }
    long silence = at - m.lastSeenWall();
    if (silence < m.silenceLimitMs(settings)) {
      return m;
    }
    String id = eventId(EventType.OUTAGE_STARTED, m.key(), at);
    String expected =
        m.intervalMs() > 0
            ? "expected every " + human(Math.round(m.intervalMs()))
            : "no cadence learned yet";
    String rejected =
        !m.inErrors()
            ? ""
            : ErrorEpisodes.REPORTED_ERROR.equals(m.rejections().reason())
                ? "; its check last reported an error"
                : "; its data is being rejected ("
                    + m.rejections().reason()
                    + ", "
                    + m.rejections().protocol()
                    + ")";
    emit.event(
        m.tenant(),
        MonitorEvent.outageStarted(
            id,
            m.monitor(),
            at,
            "No samples from "
                + m.monitor()
                + " for "
                + human(silence)
                + " ("
                + expected
                + ")"
                + rejected));
    LOG.infof("outage started: %s silent for %s", m.monitor(), human(silence));
    return m.withOutage(id, at);
  }
}
