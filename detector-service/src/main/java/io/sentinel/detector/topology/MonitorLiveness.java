package io.sentinel.detector.topology;

import static io.sentinel.detector.topology.Emitter.eventId;
import static io.sentinel.detector.topology.Emitter.human;

import io.sentinel.contract.EventType;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Sample;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Monitor liveness: discovery on a monitor's first accepted sample, its learned cadence, heartbeats
 * (a check or scrape reporting it up or down), and outages when it falls silent.
 */
final class MonitorLiveness {
  private static final Logger LOG = Logger.getLogger(MonitorLiveness.class);

  private final TopologySettings settings;
  private final Emitter emit;
  private final KeyValueStore<String, MonitorState> monitors;
  private final ErrorEpisodes errors;

  MonitorLiveness(
      TopologySettings settings, Emitter emit, KeyValueStore<String, MonitorState> monitors, ErrorEpisodes errors) {
    this.settings = settings;
    this.emit = emit;
    this.monitors = monitors;
    this.errors = errors;
  }

  /** An accepted sample (or a check reporting up): a sign of life. */
  void seen(Sample sample, long now) {
    MonitorState m = monitors.get(sample.monitor());
    if (m == null || !m.live()) {
      emit.event(
          MonitorEvent.monitorDiscovered(
              eventId(EventType.MONITOR_DISCOVERED, sample.monitor(), 0), sample.monitor(), sample.timestamp(),
              "Monitor " + sample.monitor() + " started reporting"));
      MonitorState known = m != null ? m : MonitorState.rejectedOnly(sample.monitor());
      monitors.put(sample.monitor(), known.seen(now, sample.timestamp(), 0));
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
      long silentMs = now - m.lastSeenWall();
      emit.event(
          MonitorEvent.outageResolved(
              eventId(EventType.OUTAGE_RESOLVED, sample.monitor(), m.outageSinceWall()), sample.monitor(),
              sample.timestamp(),
              "Samples from " + sample.monitor() + " resumed after " + human(silentMs) + " of silence",
              m.outageId()));
    }
    monitors.put(sample.monitor(), m.seen(now, Math.max(m.lastSampleTs(), sample.timestamp()), interval));
  }

  /**
   * A report of the monitor's health by its agent (a pushed heartbeat, Prometheus' {@code up}):
   * up counts as a sign of life (and ends an outage); down is the agent itself reporting the
   * monitor down, which opens an outage at once with {@code downMessage}.
   */
  void heartbeat(Sample sample, long now, String downMessage) {
    if (sample.value() > 0) {
      seen(sample, now);
      return;
    }
    MonitorState m = monitors.get(sample.monitor());
    if (m != null && m.inOutage()) {
      return;
    }
    if (m == null) {
      seen(sample, now);
      m = monitors.get(sample.monitor());
    }
    String id = eventId(EventType.OUTAGE_STARTED, m.monitor(), sample.timestamp());
    emit.event(MonitorEvent.outageStarted(id, m.monitor(), sample.timestamp(), downMessage));
    monitors.put(
        m.monitor(), m.seen(now, Math.max(m.lastSampleTs(), sample.timestamp()), m.intervalMs()).withOutage(id, now));
  }

  /** The punctuator: opens outages of silent monitors and ends quiet errors streaks. */
  void check(long now) {
    try (KeyValueIterator<String, MonitorState> it = monitors.all()) {
      while (it.hasNext()) {
        KeyValue<String, MonitorState> kv = it.next();
        MonitorState m = kv.value;
        MonitorState checked = errors.checkQuiet(checkOutage(m, now), now);
        if (checked != m) {
          monitors.put(kv.key, checked);
        }
      }
    }
  }

  private MonitorState checkOutage(MonitorState m, long now) {
    if (m.inOutage() || !m.live()) {
      return m;
    }
    long silence = now - m.lastSeenWall();
    if (silence < m.silenceLimitMs(settings)) {
      return m;
    }
    String id = eventId(EventType.OUTAGE_STARTED, m.monitor(), now);
    String expected =
        m.intervalMs() > 0 ? "expected every " + human(Math.round(m.intervalMs())) : "no cadence learned yet";
    String rejected =
        !m.inErrors()
            ? ""
            : ErrorEpisodes.REPORTED_ERROR.equals(m.rejections().reason())
                ? "; its check last reported an error"
                : "; its data is being rejected (" + m.rejections().reason() + ", " + m.rejections().protocol() + ")";
    emit.event(
        MonitorEvent.outageStarted(
            id, m.monitor(), now,
            "No samples from " + m.monitor() + " for " + human(silence) + " (" + expected + ")" + rejected));
    LOG.infof("outage started: %s silent for %s", m.monitor(), human(silence));
    return m.withOutage(id, now);
  }
}
