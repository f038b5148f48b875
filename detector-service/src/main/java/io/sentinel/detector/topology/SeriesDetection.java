package io.sentinel.detector.topology;

import static io.sentinel.detector.topology.Emitter.eventId;
import static io.sentinel.detector.topology.Emitter.finite;

import io.sentinel.contract.EventType;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Rollup;
import io.sentinel.contract.Sample;
import io.sentinel.contract.Tenants;
import io.sentinel.engine.Detection;
import io.sentinel.engine.DetectionEngine;
import io.sentinel.engine.SeriesState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Series detection: scores each sample with its series' engine state, tracks anomaly episodes and
 * per-minute rollups.
 *
 * <p>State: the decoded engine states of recently active series stay in memory (an LRU of {@link
 * TopologySettings#cachedSeries()} per task). What a sample writes is the series' small hot record
 * ({@link SeriesRecord}: running figures and the raw samples since the last snapshot); the whole
 * engine state goes to the snapshot store only every {@link TopologySettings#snapshotEvery()}
 * samples. Both stores are written inside {@code process()} (write-through; the record cache
 * coalesces them until the commit), so the memory cache is only ever a copy of what is stored: on a
 * miss, or after a restart or rebalance, the state is the snapshot with the journal fed through the
 * engine again, which gives the same state byte for byte.
 */
final class SeriesDetection {
  private static final Logger LOG = Logger.getLogger(SeriesDetection.class);
  private static final long MINUTE_MS = 60_000L;

  /** A series in memory: its hot record and its engine state, in step with each other. */
  static final class Live {
    final SeriesRecord record;
    final SeriesState state;

    /**
     * The state was read from an old-format record: write it as a snapshot with the next sample.
     */
    boolean snapshotDue;

    /**
     * The journal as it was when the last snapshot emptied it, in memory only: a batch an agent
     * sends again (after a timeout or a 503) often spans a snapshot, and its samples from before
     * the snapshot are recognised as already scored too, not dead-lettered as out of order. Lost
     * when the series leaves the cache or the detector restarts; then such a resent sample is a
     * dead letter, as any older sample is.
     */
    private long[] previousTs = new long[0];

    private double[] previousValues = new double[0];

    Live(SeriesRecord record, SeriesState state) {
      this.record = record;
      this.state = state;
    }

    /** Whether a sample at {@code ts} with this very value was already scored (a resent one). */
    boolean scored(long ts, double value) {
      if (ts == record.lastTs || record.journalHolds(ts, value)) {
        return true;
      }
      int i = Arrays.binarySearch(previousTs, ts);
      return i >= 0 && Double.doubleToLongBits(previousValues[i]) == Double.doubleToLongBits(value);
    }

    private void rememberJournal() {
      previousTs = Arrays.copyOf(record.journalTs, record.journalLength);
      previousValues = Arrays.copyOf(record.journalValues, record.journalLength);
    }
  }

  private final TopologySettings settings;
  private final DetectionEngine engine;
  private final Emitter emit;
  private final KeyValueStore<String, byte[]> seriesStore;
  private final KeyValueStore<String, byte[]> snapshotStore;
  private final LinkedHashMap<String, Live> live;

  /** Series whose filling minute has samples not yet published (flushed on the wall clock). */
  private final Set<String> dirtyRollups = new LinkedHashSet<>();

  private long rebuilt;

  SeriesDetection(
      TopologySettings settings,
      DetectionEngine engine,
      Emitter emit,
      KeyValueStore<String, byte[]> seriesStore,
      KeyValueStore<String, byte[]> snapshotStore) {
    this.settings = settings;
    this.engine = engine;
    this.emit = emit;
    this.seriesStore = seriesStore;
    this.snapshotStore = snapshotStore;
    int max = settings.cachedSeries();
    this.live =
        new LinkedHashMap<>(Math.min(max, 1 << 16), 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Live> eldest) {
            return size() > max;
          }
        };
  }

  /** The series of this sample: from memory, else rebuilt from the stores, else new. */
  Live series(Sample sample) {
    String id = sample.seriesId();
    Live l = live.get(id);
    if (l == null) {
      l = load(id, sample);
      live.put(id, l);
    }
    return l;
  }

  /** Forgets a series' memory copy (after a failure part-way through a sample). */
  void forget(String seriesId) {
    live.remove(seriesId);
  }

  /** Forgets every memory copy (the task is closed or re-initialised). */
  void forgetAll() {
    live.clear();
    dirtyRollups.clear();
  }

  /** Series visited by one sweep. */
  static final int SWEEP_BATCH = 1_000;

  private String sweepFrom;

  /**
   * Forgets series that have sent nothing for {@code evict-after} (input time, so old sample times
   * of a replay or backfill do not count as silence): looks at the next {@link #SWEEP_BATCH} series
   * of the store (a slow walk round it, never a full scan at once) and deletes the silent ones'
   * records. An anomaly such a series had open stays open.
   *
   * @param at the input time the stream has been read up to
   * @return series forgotten
   */
  int sweep(long at) {
    List<String> silent = new ArrayList<>();
    Map<String, SeriesRecord> unknown = new LinkedHashMap<>();
    String next = null;
    int seen = 0;
    try (KeyValueIterator<String, byte[]> it = seriesStore.range(sweepFrom, null)) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        if (seen++ == SWEEP_BATCH) {
          next = kv.key;
          break;
        }
        SeriesRecord r = SeriesRecord.decode(kv.value);
        if (r.lastInput == SeriesRecord.UNKNOWN) {
          unknown.put(
              kv.key, r); // written before input times were kept: silent from now on, at most
        } else if (r.lastInput < at - settings.evictAfterMs()) {
          silent.add(kv.key);
        }
      }
    }
    sweepFrom = next; // null: from the start again
    for (Map.Entry<String, SeriesRecord> e : unknown.entrySet()) {
      SeriesRecord r = e.getValue();
      if (r.legacyEngineState != null) {
        // a version-1 record: its engine state becomes the snapshot
        SeriesState state = decode(e.getKey(), r.legacyEngineState);
        snapshotStore.put(e.getKey(), engine.toBytes(state));
        r.legacyEngineState = null;
        r.snapshotTaken(state.samplesSeen());
      }
      r.lastInput = at;
      seriesStore.put(e.getKey(), r.encode());
      live.remove(e.getKey());
    }
    for (String id : silent) {
      dirtyRollups.remove(id);
      seriesStore.delete(id);
      snapshotStore.delete(id);
      live.remove(id);
    }
    if (!silent.isEmpty()) {
      LOG.infof(
          "forgot %d series silent for over %d s", silent.size(), settings.evictAfterMs() / 1000);
    }
    return silent.size();
  }

  /** States rebuilt from the stores so far (cache misses of known series). */
  long rebuilt() {
    return rebuilt;
  }

  private Live load(String id, Sample sample) {
    byte[] hot = seriesStore.get(id);
    if (hot == null) {
      SeriesRecord r = new SeriesRecord();
      r.monitor = sample.monitor();
      r.metric = sample.metric();
      // the tenant travels in the labels (as ingest sets them), which the record already keeps
      r.labels = labelsWithTenant(sample);
      return new Live(r, engine.newSeries());
    }
    rebuilt++;
    SeriesRecord r = SeriesRecord.decode(hot);
    if (r.legacyEngineState != null) {
      Live l = new Live(r, decode(id, r.legacyEngineState));
      r.legacyEngineState = null;
      r.snapshotTaken(l.state.samplesSeen());
      l.snapshotDue = true;
      return l;
    }
    return new Live(r, rebuild(engine, r, snapshotStore.get(id), id));
  }

  /**
   * The engine state a hot record stands for: its snapshot with the journal fed through the
   * engine's normal update path (samples the snapshot already holds are skipped).
   */
  static SeriesState rebuild(DetectionEngine engine, SeriesRecord r, byte[] snapshot, String id) {
    SeriesState state = snapshot == null ? engine.newSeries() : decode(engine, id, snapshot);
    long skip = state.samplesSeen() - r.base;
    if (skip != 0 && snapshot != null) {
      LOG.warnf(
          "series %s: snapshot holds %d samples, its journal starts after %d",
          id, state.samplesSeen(), r.base);
    }
    for (int i = (int) Math.max(0, Math.min(skip, r.journalLength)); i < r.journalLength; i++) {
      engine.update(state, r.journalTs[i], r.journalValues[i]);
    }
    return state;
  }

  private SeriesState decode(String id, byte[] bytes) {
    return decode(engine, id, bytes);
  }

  private static SeriesState decode(DetectionEngine engine, String id, byte[] bytes) {
    try {
      return engine.fromBytes(bytes);
    } catch (IllegalArgumentException e) {
      // written by an engine with other sizes (settings changed between deployments)
      LOG.warnf(
          "series %s starts a new warm-up: its stored state does not fit this engine (%s)",
          id, e.getMessage());
      return engine.newSeries();
    }
  }

  /**
   * Scores an accepted, in-order sample of the series and writes what changed.
   *
   * @param at the sample's input time (record time)
   * @param now the wall clock
   */
  void detect(Live l, Sample sample, long at, long now) {
    String id = sample.seriesId();
    SeriesRecord r = l.record;
    Detection d = engine.update(l.state, sample.timestamp(), sample.value());
    r.lastTs = sample.timestamp();
    r.lastInput = at;
    r.journal(sample.timestamp(), sample.value());
    trackAnomaly(r, id, sample, d);
    trackRollup(r, id, sample, d, now);
    // the two puts last and together: a failure above leaves both stores as they were
    long seen = l.state.samplesSeen();
    int every = settings.snapshotEvery();
    if (l.snapshotDue || (seen - 1) % every == 0 || r.journalLength >= every) {
      // with every dividing the warm-up and the retraining period, a snapshot follows each
      // training, so a rebuild never trains again
      snapshotStore.put(id, engine.toBytes(l.state));
      l.rememberJournal();
      r.snapshotTaken(seen);
      l.snapshotDue = false;
    }
    seriesStore.put(id, r.encode());
  }

  private void trackAnomaly(SeriesRecord series, String seriesId, Sample sample, Detection d) {
    if (d.warmingUp()) {
      return;
    }
    if (series.openAnomalyId == null) {
      if (d.anomalous()) {
        series.openAnomalyId = eventId(EventType.ANOMALY, seriesId, sample.timestamp());
        series.normalStreak = 0;
        emit.event(
            sample.tenant(),
            MonitorEvent.anomaly(
                series.openAnomalyId,
                sample.monitor(),
                sample.metric(),
                seriesId,
                sample.timestamp(),
                d.score(),
                d.severity(),
                sample.value(),
                finite(d.expectedLow()),
                finite(d.expectedHigh()),
                sample.metric() + ": " + d.explanation()));
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
      emit.event(
          sample.tenant(),
          MonitorEvent.anomalyResolved(
              eventId(EventType.ANOMALY_RESOLVED, seriesId, sample.timestamp()),
              sample.monitor(),
              sample.metric(),
              seriesId,
              sample.timestamp(),
              d.score(),
              sample.value(),
              finite(d.expectedLow()),
              finite(d.expectedHigh()),
              sample.metric()
                  + " back within its learned behaviour for "
                  + series.normalStreak
                  + " samples",
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
      dirtyRollups.remove(seriesId);
    } else {
      dirtyRollups.add(seriesId);
    }
  }

  /**
   * The punctuator (wall clock, every {@code rollup.emit-interval}): publishes the filling minute
   * of every series with samples not yet published since, so that the last samples before a series
   * pauses or stops are in its rollup without waiting for its next sample; the record is written
   * back (published, when).
   *
   * @return rollups published
   */
  int flushRollups(long now) {
    int flushed = 0;
    for (String id : dirtyRollups) {
      Live l = live.get(id);
      SeriesRecord r;
      if (l != null) {
        r = l.record;
      } else {
        byte[] hot = seriesStore.get(id);
        if (hot == null) {
          continue; // forgotten meanwhile
        }
        r = SeriesRecord.decode(hot);
      }
      if (r.rollupDirty && r.count > 0 && now - r.lastRollupEmitWall >= 0) {
        emitRollup(r, id, now);
        seriesStore.put(id, r.encode());
        flushed++;
      }
    }
    dirtyRollups.clear();
    return flushed;
  }

  /** Series with samples not yet in a published rollup (for tests). */
  int dirtyRollups() {
    return dirtyRollups.size();
  }

  private void emitRollup(SeriesRecord s, String seriesId, long now) {
    emit.rollup(
        new Rollup(
            seriesId,
            s.monitor,
            s.metric,
            s.labels,
            s.minute,
            s.count,
            s.min,
            s.max,
            s.sum / s.count,
            s.last,
            s.lastSampleTs,
            finite(s.bandLow),
            finite(s.bandHigh),
            s.maxScore,
            s.labels.get(Tenants.LABEL)));
    s.lastRollupEmitWall = now;
    s.rollupDirty = false;
  }

  private static Map<String, String> labelsWithTenant(Sample sample) {
    if (Tenants.DEFAULT.equals(sample.tenant())
        || sample.tenant().equals(sample.labels().get(Tenants.LABEL))) {
      return sample.labels();
    }
    Map<String, String> labels = new HashMap<>(sample.labels());
    labels.put(Tenants.LABEL, sample.tenant());
    return Map.copyOf(labels);
  }
}
