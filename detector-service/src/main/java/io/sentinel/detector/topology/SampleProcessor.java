package io.sentinel.detector.topology;

import static io.sentinel.detector.topology.Emitter.human;

import io.sentinel.contract.FactSamples;
import io.sentinel.contract.Json;
import io.sentinel.contract.Sample;
import io.sentinel.contract.Topics;
import io.sentinel.engine.DetectionEngine;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

/**
 * The detector's one processor: decodes and validates each sample (dead-lettering what cannot be
 * used) and hands it to the piece whose job it is: {@link SeriesDetection} (scores, anomalies,
 * rollups), {@link MonitorLiveness} (discovery, heartbeats, outages) or {@link ErrorEpisodes}
 * (rejected data, checks reporting errors). All state lives in the changelog-backed stores, so a
 * restarted or rebalanced instance resumes where the last one was.
 */
final class SampleProcessor implements Processor<String, byte[], String, Object> {
  private static final Logger LOG = Logger.getLogger(SampleProcessor.class);

  /** Wall-clock period of the walk round the series store for silent series. */
  static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

  private final TopologySettings settings;
  private final DetectionEngine engine;
  private final InputClock inputClock;
  private ProcessorContext<String, Object> context;
  private Emitter emit;
  private SeriesDetection series;
  private MonitorLiveness liveness;
  private ErrorEpisodes errors;

  SampleProcessor(TopologySettings settings, DetectionEngine engine, InputClock inputClock) {
    this.settings = settings;
    this.engine = engine;
    this.inputClock = inputClock;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.emit = new Emitter(context);
    // a new memory cache on every (re-)initialisation: it is only ever a copy of the stores
    this.series =
        new SeriesDetection(
            settings,
            engine,
            emit,
            context.getStateStore(Names.SERIES_STORE),
            context.getStateStore(Names.SNAPSHOT_STORE));
    Monitors monitors = new Monitors(context.getStateStore(Names.MONITOR_STORE));
    this.errors = new ErrorEpisodes(settings, emit, monitors);
    this.liveness =
        new MonitorLiveness(
            settings, emit, monitors, errors, inputClock.start(context.taskId().partition()));
    ConsumerFetches fetches = new ConsumerFetches(context.metrics());
    context.schedule(
        Duration.ofMillis(settings.checkIntervalMs()),
        PunctuationType.WALL_CLOCK_TIME,
        wall -> {
          if (fetches.progressed()) {
            liveness.fetched(wall);
          }
          liveness.check(wall);
        });
    context.schedule(SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::sweep);
    if (settings.rollupEmitIntervalMs() > 0) {
      // the filling minute of series that got samples since its last publication
      context.schedule(
          Duration.ofMillis(settings.rollupEmitIntervalMs()),
          PunctuationType.WALL_CLOCK_TIME,
          series::flushRollups);
    }
  }

  private void sweep(long wall) {
    long at = liveness.inputTime(wall);
    if (at != Long.MIN_VALUE) {
      series.sweep(at);
    }
  }

  @Override
  public void close() {
    if (series != null) {
      series.forgetAll();
    }
  }

  @Override
  public void process(Record<String, byte[]> record) {
    long now = context.currentSystemTimeMs();
    // input time: when the record was published; monitors' silence is measured in it
    long at = liveness.input(record.timestamp(), now);
    try {
      handle(record, at, now);
    } catch (KafkaException e) {
      throw e; // Kafka Streams' own (a task migrated, a producer fenced, a store failing): not the
      // record's fault
    } catch (RuntimeException e) {
      // a record that makes the detector throw goes to the dead-letter topic with the reason, in
      // the
      // same transaction, instead of failing the task on every replica that takes the partition
      LOG.errorf(
          e, "record at %s-%d offset %d failed processing", Topics.SAMPLES, partition(), offset());
      deadLetter(record, "processing failed: " + e);
    }
  }

  private int partition() {
    return context.recordMetadata().map(m -> m.partition()).orElse(-1);
  }

  private long offset() {
    return context.recordMetadata().map(m -> m.offset()).orElse(-1L);
  }

  private void handle(Record<String, byte[]> record, long at, long now) {
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
    if (sample.timestamp() - now > settings.maxFutureMs()) {
      deadLetter(
          record,
          "sample at "
              + sample.timestamp()
              + " is "
              + human(sample.timestamp() - now)
              + " ahead of the detector's clock (limit "
              + human(settings.maxFutureMs())
              + ")");
      return;
    }
    if (FactSamples.isIngestRejection(sample)) {
      // a fact about the agent's data, not a measurement: nothing to learn or score
      errors.rejection(sample, at);
      return;
    }
    if (FactSamples.isHeartbeat(sample) || FactSamples.isHeartbeatError(sample)) {
      Header h = record.headers().lastHeader(FactSamples.HEARTBEAT_MESSAGE_HEADER);
      String msg = h == null ? "" : new String(h.value(), StandardCharsets.UTF_8).trim();
      if (FactSamples.isHeartbeatError(sample)) {
        // the check ran: a sign of life, and the monitor is in Errors
        liveness.seen(sample, at);
        errors.reportedError(
            sample,
            at,
            "Check of "
                + sample.monitor()
                + " reports an error"
                + (msg.isEmpty() ? "" : ": " + msg));
        return;
      }
      errors.endReportedError(sample, sample.value() > 0 ? "up" : "down");
      liveness.heartbeat(
          sample,
          at,
          "Check of " + sample.monitor() + " reports down" + (msg.isEmpty() ? "" : ": " + msg));
      return;
    }
    if (FactSamples.isScrapeHealth(sample)) {
      liveness.heartbeat(
          sample,
          at,
          "Prometheus cannot scrape "
              + sample.monitor()
              + " (job "
              + sample.labels().get(FactSamples.JOB_LABEL)
              + "): up = 0");
      return;
    }
    measurement(record, sample, at, now);
  }

  private void measurement(Record<String, byte[]> record, Sample sample, long at, long now) {
    SeriesDetection.Live s = series.series(sample);
    if (s.scored(sample.timestamp(), sample.value())) {
      // a resent sample (an agent retrying a batch after a timeout): already scored, nothing to do.
      // Recognised while it is the latest or in the journal (the samples since the last snapshot,
      // and in memory those before it); an older one, or one with another value, is out of order: a
      // dead letter with its reason
      return;
    }
    if (sample.timestamp() < s.record.lastTs) {
      deadLetter(
          record,
          "sample at "
              + sample.timestamp()
              + " is older than the latest of series "
              + sample.seriesId()
              + " ("
              + s.record.lastTs
              + "); detection is causal and in order");
      return;
    }
    liveness.seen(sample, at);
    try {
      series.detect(s, sample, at, now);
    } catch (RuntimeException e) {
      // the memory copy may be part-way through this sample: the stores are not
      series.forget(sample.seriesId());
      throw e;
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

  private void deadLetter(Record<String, byte[]> record, String reason) {
    emit.deadLetter(record.key(), record.value(), record.headers(), reason);
  }
}
