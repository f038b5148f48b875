package io.sentinel.detector.topology;

import static io.sentinel.detector.topology.Emitter.eventId;
import static io.sentinel.detector.topology.Emitter.human;

import io.sentinel.contract.EventType;
import io.sentinel.contract.FactSamples;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Sample;
import org.jboss.logging.Logger;

/**
 * Errors episodes of a monitor: its data keeps being rejected by ingest (rejection facts), or its
 * check reports an error. Opens and closes them; the monitor's other state is {@link
 * MonitorLiveness}'s.
 */
final class ErrorEpisodes {
  private static final Logger LOG = Logger.getLogger(ErrorEpisodes.class);

  /** {@link MonitorState.Rejections#reason()} of an errors episode the monitor's check reported. */
  static final String REPORTED_ERROR = "reported_by_check";

  private final TopologySettings settings;
  private final Emitter emit;
  private final Monitors monitors;

  ErrorEpisodes(TopologySettings settings, Emitter emit, Monitors monitors) {
    this.settings = settings;
    this.emit = emit;
    this.monitors = monitors;
  }

  /**
   * A fact from ingest: samples of this monitor were rejected. Rejections less than the quiet
   * period apart form a streak; a streak of enough rejected requests opens an errors episode
   * (status Errors: the agent's data does not fit), which closes after a quiet period without
   * rejections. Samples refused only because another sample of their batch was bad do not count.
   * Rejections are not a sign of life: a monitor whose data is all refused still goes down when
   * silent.
   */
  void rejection(Sample sample, long at) {
    String reason = sample.labels().getOrDefault(FactSamples.REASON_LABEL, "unknown");
    if (FactSamples.BATCH_REJECTED_REASON.equals(reason)) {
      return;
    }
    String protocol = sample.labels().getOrDefault(FactSamples.PROTOCOL_LABEL, "unknown");
    long samples = Math.max(1, Math.round(sample.value()));
    MonitorState m = monitors.get(sample.key());
    if (m == null) {
      m = MonitorState.rejectedOnly(sample.tenant(), sample.monitor());
    }
    MonitorState.Rejections r = streak(m.rejections(), at, samples, reason, protocol);
    if (r.errorsId() == null && r.requests() >= settings.errorsMinRejections()) {
      String id = eventId(EventType.ERRORS_STARTED, m.key(), at);
      emit.event(
          m.tenant(),
          MonitorEvent.errorsStarted(
              id,
              m.monitor(),
              sample.timestamp(),
              (double) r.samples(),
              "Data of "
                  + m.monitor()
                  + " keeps being rejected: "
                  + r.samples()
                  + " samples in "
                  + r.requests()
                  + " requests over "
                  + human(at - r.sinceWall())
                  + " (latest: "
                  + reason
                  + ", "
                  + protocol
                  + "); check the agent's configuration"));
      LOG.infof(
          "errors started: data of %s rejected %d times (%s)", m.monitor(), r.requests(), reason);
      r = r.opened(id);
    }
    monitors.put(m.withRejections(r));
  }

  private MonitorState.Rejections streak(
      MonitorState.Rejections r, long at, long samples, String reason, String protocol) {
    if (r == null || (r.errorsId() == null && at - r.lastWall() >= settings.errorsQuietMs())) {
      return MonitorState.Rejections.first(at, samples, reason, protocol);
    }
    return r.plus(at, samples, reason, protocol);
  }

  /**
   * A check that reports an error (pushed {@code status=error}): the monitor is in Errors at once,
   * until the check reports up or down again (or stays quiet about errors for the quiet period).
   * Shares the monitor's errors episode with rejected data. The caller has counted the check as a
   * sign of life.
   */
  void reportedError(Sample sample, long at, String message) {
    MonitorState m = monitors.get(sample.key());
    MonitorState.Rejections r =
        streak(m.rejections(), at, 0, REPORTED_ERROR, FactSamples.HEARTBEAT_SOURCE);
    if (r.errorsId() == null) {
      String id = eventId(EventType.ERRORS_STARTED, m.key(), at);
      emit.event(
          m.tenant(),
          MonitorEvent.errorsStarted(id, m.monitor(), sample.timestamp(), null, message));
      LOG.infof("errors started: %s", message);
      r = r.opened(id);
    }
    monitors.put(m.withRejections(r));
  }

  /** A check that reported an error reports up or down again: its errors episode ends. */
  void endReportedError(Sample sample, String state) {
    MonitorState m = monitors.get(sample.key());
    if (m == null || !m.inErrors() || !REPORTED_ERROR.equals(m.rejections().reason())) {
      return;
    }
    emit.event(
        m.tenant(),
        MonitorEvent.errorsResolved(
            eventId(EventType.ERRORS_RESOLVED, m.key(), m.rejections().sinceWall()),
            m.monitor(),
            sample.timestamp(),
            null,
            "Check of " + m.monitor() + " reports " + state + " again after an error",
            m.rejections().errorsId()));
    LOG.infof("errors resolved: check of %s reports %s again", m.monitor(), state);
    monitors.put(m.withRejections(null));
  }

  /**
   * Ends a streak (and closes its episode) after a quiet period; the monitor's new state. {@code
   * at} is the input time up to which the stream has been read ({@link MonitorLiveness}).
   */
  MonitorState checkQuiet(MonitorState m, long at) {
    MonitorState.Rejections r = m.rejections();
    if (r == null || at - r.lastWall() < settings.errorsQuietMs()) {
      return m;
    }
    if (r.errorsId() != null) {
      String message =
          REPORTED_ERROR.equals(r.reason())
              ? "No error reported by the check of "
                  + m.monitor()
                  + " for "
                  + human(at - r.lastWall())
              : "No data of "
                  + m.monitor()
                  + " rejected for "
                  + human(at - r.lastWall())
                  + " ("
                  + r.samples()
                  + " samples rejected in "
                  + r.requests()
                  + " requests before)";
      emit.event(
          m.tenant(),
          MonitorEvent.errorsResolved(
              eventId(EventType.ERRORS_RESOLVED, m.key(), r.sinceWall()),
              m.monitor(),
              at,
              (double) r.samples(),
              message,
              r.errorsId()));
      LOG.infof(
          "errors resolved: no data of %s rejected for %s", m.monitor(), human(at - r.lastWall()));
    }
    return m.withRejections(null);
  }

  /** When (input time) this monitor's streak ends by itself, or {@code Long.MAX_VALUE}. */
  long quietDeadline(MonitorState m) {
    return m.rejections() == null
        ? Long.MAX_VALUE
        : m.rejections().lastWall() + settings.errorsQuietMs();
  }
}
