package io.sentinel.detector.topology;

import io.sentinel.contract.EventType;
import io.sentinel.contract.FactSamples;
import io.sentinel.contract.Json;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Rollup;
import io.sentinel.contract.Sample;
import io.sentinel.contract.Topics;
import io.sentinel.engine.Detection;
import io.sentinel.engine.DetectionEngine;
import io.sentinel.engine.SeriesState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Scores each sample with its series' detector, tracks anomaly episodes and per-minute rollups, and
 * watches every monitor's liveness with a wall-clock punctuator. All state lives in the two
 * changelog-backed stores, so a restarted or rebalanced instance resumes where the last one was.
 */
final class SampleProcessor implements Processor<String, byte[], String, Object> {
  private static final Logger LOG = Logger.getLogger(SampleProcessor.class);
  private static final long MINUTE_MS = 60_000L;

  /** {@link MonitorState.Rejections#reason()} of an errors episode the monitor's check reported. */
  static final String REPORTED_ERROR = "reported_by_check";

  private final TopologySettings settings;
  private final DetectionEngine engine;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, byte[]> seriesStore;
  private KeyValueStore<String, MonitorState> monitorStore;

  SampleProcessor(TopologySettings settings, DetectionEngine engine) {
    this.settings = settings;
    this.engine = engine;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.seriesStore = context.getStateStore(DetectorTopology.SERIES_STORE);
    this.monitorStore = context.getStateStore(DetectorTopology.MONITOR_STORE);
    context.schedule(
        Duration.ofMillis(settings.checkIntervalMs()), PunctuationType.WALL_CLOCK_TIME, this::checkSilence);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    Sample sample;
    try {
      sample = record.value() == null ? null : Json.read(record.value(), Sample.class);
    } catch (SerializationException e) {
      deadLetter(record, "undecodable sample: " + e.getMessage());
      return;
    }
    String problem = invalid(sample);
    if (problem != null) {
      deadLetter(record, problem);
      return;
    }
    long now = context.currentSystemTimeMs();
    if (sample.timestamp() - now > settings.maxFutureMs()) {
      deadLetter(
          record,
          "sample at " + sample.timestamp() + " is " + human(sample.timestamp() - now)
              + " ahead of the detector's clock (limit " + human(settings.maxFutureMs()) + ")");
      return;
    }
    if (FactSamples.isIngestRejection(sample)) {
      // a fact about the agent's data, not a measurement: nothing to learn or score
      rejection(sample, now);
      return;
    }
    if (FactSamples.isHeartbeat(sample) || FactSamples.isHeartbeatError(sample)) {
      org.apache.kafka.common.header.Header h = record.headers().lastHeader(FactSamples.HEARTBEAT_MESSAGE_HEADER);
      String msg = h == null ? "" : new String(h.value(), StandardCharsets.UTF_8).trim();
      if (FactSamples.isHeartbeatError(sample)) {
        reportedError(
            sample, now, "Check of " + sample.monitor() + " reports an error" + (msg.isEmpty() ? "" : ": " + msg));
        return;
      }
      endReportedError(sample, now, sample.value() > 0 ? "up" : "down");
      heartbeat(sample, now, "Check of " + sample.monitor() + " reports down" + (msg.isEmpty() ? "" : ": " + msg));
      return;
    }
    if (FactSamples.isScrapeHealth(sample)) {
      heartbeat(
          sample,
          now,
          "Prometheus cannot scrape " + sample.monitor() + " (job " + sample.labels().get(FactSamples.JOB_LABEL)
              + "): up = 0");
      return;
    }
    String seriesId = sample.seriesId();
    byte[] stored = seriesStore.get(seriesId);
    SeriesRecord series = stored == null ? newSeries(sample) : SeriesRecord.decode(stored);

    if (sample.timestamp() == series.lastTs) {
      // a resent sample (an agent retrying after a timeout): already scored, nothing to do
      return;
    }
    if (sample.timestamp() < series.lastTs) {
      deadLetter(
          record,
          "sample at " + sample.timestamp() + " is older than the latest of series " + seriesId + " ("
              + series.lastTs + "); detection is causal and in order");
      return;
    }

    trackMonitor(sample, now);

    SeriesState state = restore(seriesId, series);
    Detection d = engine.update(state, sample.timestamp(), sample.value());
    series.engineState = engine.toBytes(state);
    series.lastTs = sample.timestamp();

    trackAnomaly(series, seriesId, sample, d);
    trackRollup(series, seriesId, sample, d, now);
    seriesStore.put(seriesId, series.encode());
  }

  private SeriesState restore(String seriesId, SeriesRecord series) {
    if (series.engineState == null) {
      return engine.newSeries();
    }
    try {
      return engine.fromBytes(series.engineState);
    } catch (IllegalArgumentException e) {
      // written by an engine with other sizes (settings changed between deployments)
      LOG.warnf("series %s starts a new warm-up: its stored state does not fit this engine (%s)", seriesId, e.getMessage());
      return engine.newSeries();
    }
  }

  private static String invalid(Sample s) {
    if (s == null) {
      return "empty record";
    }
    if (s.monitor() == null || s.monitor().isBlank()) {
      return "sample without monitor";
    }
    if (s.metric() == null || s.metric().isBlank()) {
      return "sample without metric";
    }
    if (!Double.isFinite(s.value())) {
      return "non-finite value";
    }
    if (Math.abs(s.value()) > Sample.MAX_MAGNITUDE) {
      return "value " + s.value() + " is beyond 1e36 in magnitude";
    }
    return null;
  }

  private SeriesRecord newSeries(Sample s) {
    SeriesRecord r = new SeriesRecord();
    r.monitor = s.monitor();
    r.metric = s.metric();
    r.labels = s.labels();
    return r;
  }

  private void trackMonitor(Sample sample, long now) {
    MonitorState m = monitorStore.get(sample.monitor());
    if (m == null || !m.live()) {
      emit(
          new MonitorEvent(
              eventId(EventType.MONITOR_DISCOVERED, sample.monitor(), 0),
              EventType.MONITOR_DISCOVERED, sample.monitor(), null, null, sample.timestamp(),
              null, null, null, null, null, "Monitor " + sample.monitor() + " started reporting", null));
      MonitorState known = m != null ? m : MonitorState.rejectedOnly(sample.monitor());
      monitorStore.put(sample.monitor(), known.seen(now, sample.timestamp(), 0));
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
      emit(
          new MonitorEvent(
              eventId(EventType.OUTAGE_RESOLVED, sample.monitor(), m.outageSinceWall()),
              EventType.OUTAGE_RESOLVED, sample.monitor(), null, null, sample.timestamp(),
              null, null, null, null, null,
              "Samples from " + sample.monitor() + " resumed after " + human(silentMs) + " of silence",
              m.outageId()));
    }
    monitorStore.put(sample.monitor(), m.seen(now, Math.max(m.lastSampleTs(), sample.timestamp()), interval));
  }

  /**
   * A fact from ingest: samples of this monitor were rejected. Rejections less than the quiet
   * period apart form a streak; a streak of enough rejected requests opens an errors episode (status
   * Errors: the agent's data does not fit), which closes after a quiet period without rejections.
   * Samples refused only because another sample of their batch was bad do not count. Rejections
   * are not a sign of life: a monitor whose data is all refused still goes down when silent.
   */
  private void rejection(Sample sample, long now) {
    String reason = sample.labels().getOrDefault(FactSamples.REASON_LABEL, "unknown");
    if (FactSamples.BATCH_REJECTED_REASON.equals(reason)) {
      return;
    }
    String protocol = sample.labels().getOrDefault(FactSamples.PROTOCOL_LABEL, "unknown");
    long samples = Math.max(1, Math.round(sample.value()));
    MonitorState m = monitorStore.get(sample.monitor());
    if (m == null) {
      m = MonitorState.rejectedOnly(sample.monitor());
    }
    MonitorState.Rejections r = m.rejections();
    if (r == null || (r.errorsId() == null && now - r.lastWall() >= settings.errorsQuietMs())) {
      r = MonitorState.Rejections.first(now, samples, reason, protocol);
    } else {
      r = r.plus(now, samples, reason, protocol);
    }
    if (r.errorsId() == null && r.requests() >= settings.errorsMinRejections()) {
      String id = eventId(EventType.ERRORS_STARTED, m.monitor(), now);
      emit(
          new MonitorEvent(
              id, EventType.ERRORS_STARTED, m.monitor(), null, null, sample.timestamp(), null, null,
              (double) r.samples(), null, null,
              "Data of " + m.monitor() + " keeps being rejected: " + r.samples() + " samples in "
                  + r.requests() + " requests over " + human(now - r.sinceWall()) + " (latest: " + reason
                  + ", " + protocol + "); check the agent's configuration",
              null));
      LOG.infof("errors started: data of %s rejected %d times (%s)", m.monitor(), r.requests(), reason);
      r = r.opened(id);
    }
    monitorStore.put(m.monitor(), m.withRejections(r));
  }

  /**
   * A check that reports an error (pushed {@code status=error}): it ran, so it is a sign of life,
   * and the monitor is in Errors at once, until the check reports up or down again (or stays quiet
   * about errors for the quiet period). Shares the monitor's errors episode with rejected data.
   */
  private void reportedError(Sample sample, long now, String message) {
    trackMonitor(sample, now);
    MonitorState m = monitorStore.get(sample.monitor());
    MonitorState.Rejections r = m.rejections();
    if (r == null || (r.errorsId() == null && now - r.lastWall() >= settings.errorsQuietMs())) {
      r = MonitorState.Rejections.first(now, 0, REPORTED_ERROR, FactSamples.HEARTBEAT_SOURCE);
    } else {
      r = r.plus(now, 0, REPORTED_ERROR, FactSamples.HEARTBEAT_SOURCE);
    }
    if (r.errorsId() == null) {
      String id = eventId(EventType.ERRORS_STARTED, m.monitor(), now);
      emit(
          new MonitorEvent(
              id, EventType.ERRORS_STARTED, m.monitor(), null, null, sample.timestamp(), null, null, null, null,
              null, message, null));
      LOG.infof("errors started: %s", message);
      r = r.opened(id);
    }
    monitorStore.put(m.monitor(), m.withRejections(r));
  }

  /** A check that reported an error reports up or down again: its errors episode ends. */
  private void endReportedError(Sample sample, long now, String state) {
    MonitorState m = monitorStore.get(sample.monitor());
    if (m == null || !m.inErrors() || !REPORTED_ERROR.equals(m.rejections().reason())) {
      return;
    }
    emit(
        new MonitorEvent(
            eventId(EventType.ERRORS_RESOLVED, m.monitor(), m.rejections().sinceWall()),
            EventType.ERRORS_RESOLVED, m.monitor(), null, null, sample.timestamp(), null, null, null, null, null,
            "Check of " + m.monitor() + " reports " + state + " again after an error", m.rejections().errorsId()));
    LOG.infof("errors resolved: check of %s reports %s again", m.monitor(), state);
    monitorStore.put(m.monitor(), m.withRejections(null));
  }

  /**
   * A report of the monitor's health by its agent (a pushed heartbeat, Prometheus' {@code up}):
   * up counts as a sign of life (and ends an outage); down is the agent itself reporting the
   * monitor down, which opens an outage at once with {@code downMessage}.
   */
  private void heartbeat(Sample sample, long now, String downMessage) {
    if (sample.value() > 0) {
      trackMonitor(sample, now);
      return;
    }
    MonitorState m = monitorStore.get(sample.monitor());
    if (m != null && m.inOutage()) {
      return;
    }
    if (m == null) {
      trackMonitor(sample, now);
      m = monitorStore.get(sample.monitor());
    }
    String id = eventId(EventType.OUTAGE_STARTED, m.monitor(), sample.timestamp());
    emit(
        new MonitorEvent(
            id, EventType.OUTAGE_STARTED, m.monitor(), null, null, sample.timestamp(), null, null, null, null, null,
            downMessage, null));
    monitorStore.put(
        m.monitor(), m.seen(now, Math.max(m.lastSampleTs(), sample.timestamp()), m.intervalMs()).withOutage(id, now));
  }

  private void trackAnomaly(SeriesRecord series, String seriesId, Sample sample, Detection d) {
    if (d.warmingUp()) {
      return;
    }
    if (series.openAnomalyId == null) {
      if (d.anomalous()) {
        series.openAnomalyId = eventId(EventType.ANOMALY, seriesId, sample.timestamp());
        series.normalStreak = 0;
        emit(
            new MonitorEvent(
                series.openAnomalyId, EventType.ANOMALY, sample.monitor(), sample.metric(), seriesId,
                sample.timestamp(), d.score(), d.severity(), sample.value(), finite(d.expectedLow()),
                finite(d.expectedHigh()), sample.metric() + ": " + d.explanation(), null));
      }
      return;
    }
    // judged before suppression damping: the damping keeps one incident from alerting twice, it
    // does not make a still-abnormal sample normal
    if (d.undampedScore() >= settings.engine().alertThreshold()) {
      series.normalStreak = 0;
      return;
    }
    if (++series.normalStreak >= settings.resolveAfter()) {
      emit(
          new MonitorEvent(
              eventId(EventType.ANOMALY_RESOLVED, seriesId, sample.timestamp()),
              EventType.ANOMALY_RESOLVED, sample.monitor(), sample.metric(), seriesId, sample.timestamp(),
              d.score(), null, sample.value(), finite(d.expectedLow()), finite(d.expectedHigh()),
              sample.metric() + " back within its learned behaviour for " + series.normalStreak + " samples",
              series.openAnomalyId));
      series.openAnomalyId = null;
      series.normalStreak = 0;
    }
  }

  private void trackRollup(SeriesRecord s, String seriesId, Sample sample, Detection d, long now) {
    long minute = Math.floorDiv(sample.timestamp(), MINUTE_MS) * MINUTE_MS;
    if (minute != s.minute) {
      if (s.count > 0 && s.rollupDirty) {
        emitRollup(s, seriesId, now); // the previous minute is complete
      }
      s.minute = minute;
      s.count = 0;
      s.sum = 0;
      s.min = Double.POSITIVE_INFINITY;
      s.max = Double.NEGATIVE_INFINITY;
      s.maxScore = 0;
    }
    s.count++;
    s.sum += sample.value();
    s.min = Math.min(s.min, sample.value());
    s.max = Math.max(s.max, sample.value());
    s.last = sample.value();
    s.lastSampleTs = sample.timestamp();
    s.maxScore = Math.max(s.maxScore, d.score());
    s.bandLow = d.expectedLow();
    s.bandHigh = d.expectedHigh();
    s.rollupDirty = true;
    if (now - s.lastRollupEmitWall >= settings.rollupEmitIntervalMs()) {
      emitRollup(s, seriesId, now);
    }
  }

  private void emitRollup(SeriesRecord s, String seriesId, long now) {
    Rollup r =
        new Rollup(
            seriesId, s.monitor, s.metric, s.labels, s.minute, s.count, s.min, s.max, s.sum / s.count,
            s.last, s.lastSampleTs, finite(s.bandLow), finite(s.bandHigh), s.maxScore);
    context.forward(new Record<>(seriesId, r, s.lastSampleTs), DetectorTopology.ROLLUPS_SINK);
    s.lastRollupEmitWall = now;
    s.rollupDirty = false;
  }

  private void checkSilence(long now) {
    try (KeyValueIterator<String, MonitorState> it = monitorStore.all()) {
      while (it.hasNext()) {
        KeyValue<String, MonitorState> kv = it.next();
        MonitorState m = kv.value;
        MonitorState checked = checkErrors(checkOutage(m, now), now);
        if (checked != m) {
          monitorStore.put(kv.key, checked);
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
    String expected = m.intervalMs() > 0 ? "expected every " + human(Math.round(m.intervalMs())) : "no cadence learned yet";
    String rejected =
        !m.inErrors()
            ? ""
            : REPORTED_ERROR.equals(m.rejections().reason())
                ? "; its check last reported an error"
                : "; its data is being rejected (" + m.rejections().reason() + ", " + m.rejections().protocol() + ")";
    emit(
        new MonitorEvent(
            id, EventType.OUTAGE_STARTED, m.monitor(), null, null, now, null, null, null, null, null,
            "No samples from " + m.monitor() + " for " + human(silence) + " (" + expected + ")" + rejected, null));
    LOG.infof("outage started: %s silent for %s", m.monitor(), human(silence));
    return m.withOutage(id, now);
  }

  private MonitorState checkErrors(MonitorState m, long now) {
    MonitorState.Rejections r = m.rejections();
    if (r == null || now - r.lastWall() < settings.errorsQuietMs()) {
      return m;
    }
    if (r.errorsId() != null) {
      String message =
          REPORTED_ERROR.equals(r.reason())
              ? "No error reported by the check of " + m.monitor() + " for " + human(now - r.lastWall())
              : "No data of " + m.monitor() + " rejected for " + human(now - r.lastWall()) + " (" + r.samples()
                  + " samples rejected in " + r.requests() + " requests before)";
      emit(
          new MonitorEvent(
              eventId(EventType.ERRORS_RESOLVED, m.monitor(), r.sinceWall()),
              EventType.ERRORS_RESOLVED, m.monitor(), null, null, now, null, null, (double) r.samples(), null, null,
              message, r.errorsId()));
      LOG.infof("errors resolved: no data of %s rejected for %s", m.monitor(), human(now - r.lastWall()));
    }
    return m.withRejections(null);
  }

  private void emit(MonitorEvent e) {
    context.forward(new Record<>(e.monitor(), e, e.time()), DetectorTopology.EVENTS_SINK);
  }

  /** Sends the record as it came (its original bytes and headers) to the dead-letter topic. */
  private void deadLetter(Record<String, byte[]> record, String reason) {
    LOG.warnf("sample of monitor %s sent to %s: %s", record.key(), Topics.dlq(Topics.SAMPLES), reason);
    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
    headers.add(Topics.DLQ_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    context.forward(
        // stamped now: the source record's own time may be what made it unprocessable
        new Record<String, Object>(record.key(), record.value(), context.currentSystemTimeMs(), headers),
        DetectorTopology.DLQ_SINK);
  }

  /** Deterministic ids: reprocessing the same input yields the same event, which consumers dedupe. */
  static String eventId(EventType type, String subject, long time) {
    return UUID.nameUUIDFromBytes((type.wire() + '|' + subject + '|' + time).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  static String human(long ms) {
    if (ms < 120_000) {
      return String.format(Locale.ROOT, "%d s", Math.round(ms / 1000.0));
    }
    if (ms < 7_200_000) {
      return String.format(Locale.ROOT, "%d min", Math.round(ms / 60_000.0));
    }
    return String.format(Locale.ROOT, "%.1f h", ms / 3_600_000.0);
  }
}
