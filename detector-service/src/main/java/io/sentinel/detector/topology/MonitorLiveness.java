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
 * <p>Silence is measured on the input clock of the task's partition, not on this detector's wall
 * clock: times are the input records' timestamps (when ingest published them), and "now" for the
 * silence check is how far the partition's stream has been read ({@link InputClock}): wall time
 * counts only while the partition receives nothing (after {@code input-gap} when another partition
 * receives live records, {@code idle-fallback} when none does). A detector catching up on a backlog
 * (after a restart, or behind a burst), or stalled, therefore sees each monitor's samples as close
 * together as they were sent, and opens no outage for a monitor that kept sending; a monitor that
 * stops while others of its partition go on is silent on the stream's progress.
 *
 * <p>The check runs every {@code check-interval} but looks only at monitors that are due: each
 * monitor's next deadline (silence limit, end of an errors streak) is kept in memory, so a check
 * costs what is due, not a scan of every monitor.
 */
final class MonitorLiveness {
  private static final Logger LOG = Logger.getLogger(MonitorLiveness.class);

  private record Due(long at, String monitor) {}

  private final TopologySettings settings;
  private final Emitter emit;
  private final Monitors monitors;
  private final ErrorEpisodes errors;
  private final InputClock.Partition clock;
  private final Map<String, Long> due = new HashMap<>();
  private final PriorityQueue<Due> queue = new PriorityQueue<>(Comparator.comparingLong(Due::at));
  private boolean indexed;

  MonitorLiveness(
      TopologySettings settings,
      Emitter emit,
      Monitors monitors,
      ErrorEpisodes errors,
      InputClock.Partition clock) {
    this.settings = settings;
    this.emit = emit;
    this.monitors = monitors;
    this.errors = errors;
    this.clock = clock;
    monitors.listen(this::schedule, due::remove);
  }

  /**
   * The input time of a record: its timestamp (when it was published), never ahead of the wall
   * clock; and the clock advances.
   */
  long input(long recordTimestamp, long wall) {
    return clock.input(recordTimestamp, wall);
  }

  /**
   * An accepted sample (or a check reporting up or an error) at input time {@code at}: a sign of
   * life.
   */
  void seen(Sample sample, long at) {
    MonitorState m = monitors.get(sample.key());
    if (m != null && m.live()) {
      // a sample delivered much later after it was taken than its monitor's used to be tells a
      // stall of the pipeline from agents being quiet
      clock.delivered(sample.timestamp(), at, m.lastSeenWall() - m.lastSampleTs());
    }
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
      long silentMs = clock.silence(m.lastSeenWall(), at);
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

  /** This thread's consumer completed a fetch from the brokers by wall time {@code wall}. */
  void fetched(long wall) {
    clock.fetched(wall);
  }

  /**
   * The input time the stream has been read up to at this wall time, {@code Long.MIN_VALUE} if
   * unknown.
   */
  long inputTime(long wall) {
    return clock.peek(wall);
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
        // not silent yet on the stream's own progress (a gap of the stream left out): look again
        schedule(m, at + settings.checkIntervalMs());
      }
    }
  }

  /** Monitors whose next deadline is kept (for tests and metrics). */
  int watched() {
    return due.size();
  }

  private void schedule(MonitorState m) {
    schedule(m, Long.MIN_VALUE);
  }

  private void schedule(MonitorState m, long notBefore) {
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
    next = Math.max(next, notBefore);
    Long previous = due.put(m.key(), next);
    if (previous == null || next < previous) {
      queue.add(new Due(next, m.key()));
    }
  }

  private MonitorState checkOutage(MonitorState m, long at) {
    if (m.inOutage() || !m.live()) {
      return m;
    }
    long silence = clock.silence(m.lastSeenWall(), at);
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
