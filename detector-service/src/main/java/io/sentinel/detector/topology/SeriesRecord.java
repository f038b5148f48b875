package io.sentinel.detector.topology;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hot record of a series, written to the series store on every sample: its identity, the open
 * anomaly episode, the rollup of the current minute, and the journal: the raw samples since the
 * last engine snapshot (kept in the snapshot store). The engine state is the snapshot with the
 * journal fed through the engine again, so what a sample writes is a few hundred bytes, not the
 * whole engine state.
 *
 * <p>Version 1 (before the snapshot store) held the whole engine state; it is still read, as a
 * record whose {@link #legacyEngineState} is the state and whose journal is empty.
 */
final class SeriesRecord {
  private static final byte VERSION_WITH_ENGINE_STATE = 1;
  private static final byte VERSION = 2;

  String monitor;
  String metric;
  Map<String, String> labels = Map.of();
  long lastTs = Long.MIN_VALUE;

  /**
   * Input time (record time, when it was published) of the latest sample, for eviction; {@link
   * #UNKNOWN} in a record read from version 1.
   */
  long lastInput = UNKNOWN;

  static final long UNKNOWN = Long.MIN_VALUE;

  /** Samples the engine had seen when the snapshot was taken (the journal follows them). */
  long base;

  /** Raw samples since the snapshot: times and values, {@link #journalLength} of them. */
  long[] journalTs = new long[8];

  double[] journalValues = new double[8];
  int journalLength;

  /**
   * The journal as {@link #encode} writes it (per sample: the time as a zig-zag varint difference
   * from the previous one, the first one whole, then the value's 8 bytes), appended sample by
   * sample, so that writing the record every sample copies the journal instead of encoding it
   * again.
   */
  private byte[] journalBytes = new byte[64];

  private int journalBytesLength;

  /** A version-1 record's engine state; null in the current format. */
  byte[] legacyEngineState;

  // anomaly episode
  String openAnomalyId;
  int normalStreak;

  // rollup of the current minute
  long minute = Long.MIN_VALUE;
  long count;
  double min;
  double max;
  double sum;
  double last;
  long lastSampleTs;
  double maxScore;
  double bandLow = Double.NaN;
  double bandHigh = Double.NaN;
  long lastRollupEmitWall;
  boolean rollupDirty;

  /**
   * Whether the journal holds a sample at {@code ts} with this very value: a sample already scored,
   * sent again (an agent resending a whole batch after a timeout, as Prometheus' remote write
   * does). The journal's times rise strictly (an older sample is never journaled).
   */
  boolean journalHolds(long ts, double value) {
    int i = Arrays.binarySearch(journalTs, 0, journalLength, ts);
    return i >= 0 && Double.doubleToLongBits(journalValues[i]) == Double.doubleToLongBits(value);
  }

  void journal(long ts, double value) {
    if (journalLength == journalTs.length) {
      journalTs = Arrays.copyOf(journalTs, journalLength * 2);
      journalValues = Arrays.copyOf(journalValues, journalLength * 2);
    }
    long delta = journalLength == 0 ? ts : ts - journalTs[journalLength - 1];
    journalTs[journalLength] = ts;
    journalValues[journalLength] = value;
    journalLength++;
    appendJournalBytes(delta, value);
  }

  private void appendJournalBytes(long delta, double value) {
    if (journalBytesLength + 18 > journalBytes.length) {
      journalBytes = Arrays.copyOf(journalBytes, Math.max(64, journalBytes.length * 2));
    }
    long z = (delta << 1) ^ (delta >> 63);
    while ((z & ~0x7FL) != 0) {
      journalBytes[journalBytesLength++] = (byte) ((z & 0x7F) | 0x80);
      z >>>= 7;
    }
    journalBytes[journalBytesLength++] = (byte) z;
    long bits = Double.doubleToLongBits(value);
    for (int shift = 56; shift >= 0; shift -= 8) {
      journalBytes[journalBytesLength++] = (byte) (bits >>> shift);
    }
  }

  /**
   * A snapshot of the engine after {@code samplesSeen} samples was written: the journal restarts.
   */
  void snapshotTaken(long samplesSeen) {
    base = samplesSeen;
    journalLength = 0;
    journalBytesLength = 0;
  }

  byte[] encode() {
    try (StateBytes.Writer out = new StateBytes.Writer(160 + journalLength * 10)) {
      DataOutputStream o = out.data();
      o.writeByte(VERSION);
      o.writeUTF(monitor);
      o.writeUTF(metric);
      out.writeVarLong(labels.size());
      for (Map.Entry<String, String> e : labels.entrySet()) {
        o.writeUTF(e.getKey());
        o.writeUTF(e.getValue());
      }
      o.writeLong(lastTs);
      o.writeLong(lastInput);
      out.writeVarLong(base);
      out.writeVarLong(journalLength);
      // times as differences (a steady cadence takes a byte or two), values as they came
      o.write(journalBytes, 0, journalBytesLength);
      o.writeBoolean(openAnomalyId != null);
      if (openAnomalyId != null) {
        o.writeUTF(openAnomalyId);
      }
      out.writeVarLong(normalStreak);
      o.writeLong(minute);
      out.writeVarLong(count);
      writeRollupTail(o);
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static SeriesRecord decode(byte[] data) {
    SeriesRecord r = new SeriesRecord();
    try (StateBytes.Reader reader = new StateBytes.Reader(data)) {
      DataInputStream in = reader.data();
      byte version = in.readByte();
      if (version == VERSION_WITH_ENGINE_STATE) {
        return decodeVersion1(in, r);
      }
      if (version != VERSION) {
        throw new IllegalStateException("unknown series state version " + version);
      }
      r.monitor = in.readUTF();
      r.metric = in.readUTF();
      int n = (int) reader.readVarLong();
      Map<String, String> labels = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        labels.put(in.readUTF(), in.readUTF());
      }
      r.labels = labels;
      r.lastTs = in.readLong();
      r.lastInput = in.readLong();
      r.base = reader.readVarLong();
      int journal = (int) reader.readVarLong();
      r.journalTs = new long[Math.max(8, journal)];
      r.journalValues = new double[Math.max(8, journal)];
      long previous = 0;
      for (int i = 0; i < journal; i++) {
        long delta = reader.readZigZag();
        long ts = i == 0 ? delta : previous + delta;
        r.journalTs[i] = ts;
        r.journalValues[i] = in.readDouble();
        r.appendJournalBytes(delta, r.journalValues[i]);
        previous = ts;
      }
      r.journalLength = journal;
      if (in.readBoolean()) {
        r.openAnomalyId = in.readUTF();
      }
      r.normalStreak = (int) reader.readVarLong();
      r.minute = in.readLong();
      r.count = reader.readVarLong();
      r.readRollupTail(in);
    } catch (IOException e) {
      throw new IllegalStateException("corrupt series state", e);
    }
    return r;
  }

  /** The format written before the snapshot store: the engine state inside, no journal. */
  private static SeriesRecord decodeVersion1(DataInputStream in, SeriesRecord r)
      throws IOException {
    r.monitor = in.readUTF();
    r.metric = in.readUTF();
    int n = in.readShort();
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      labels.put(in.readUTF(), in.readUTF());
    }
    r.labels = labels;
    int len = in.readInt();
    if (len >= 0) {
      r.legacyEngineState = in.readNBytes(len);
    }
    r.lastTs = in.readLong();
    if (in.readBoolean()) {
      r.openAnomalyId = in.readUTF();
    }
    r.normalStreak = in.readInt();
    r.minute = in.readLong();
    r.count = in.readLong();
    r.readRollupTail(in);
    return r;
  }

  /**
   * The rollup of the current minute after its count, the same in every version: bounds, sum, last
   * value, score, band and emit state.
   */
  private void writeRollupTail(DataOutputStream o) throws IOException {
    o.writeDouble(min);
    o.writeDouble(max);
    o.writeDouble(sum);
    o.writeDouble(last);
    o.writeLong(lastSampleTs);
    o.writeDouble(maxScore);
    o.writeDouble(bandLow);
    o.writeDouble(bandHigh);
    o.writeLong(lastRollupEmitWall);
    o.writeBoolean(rollupDirty);
  }

  /** Reads what {@link #writeRollupTail} wrote. */
  private void readRollupTail(DataInputStream in) throws IOException {
    min = in.readDouble();
    max = in.readDouble();
    sum = in.readDouble();
    last = in.readDouble();
    lastSampleTs = in.readLong();
    maxScore = in.readDouble();
    bandLow = in.readDouble();
    bandHigh = in.readDouble();
    lastRollupEmitWall = in.readLong();
    rollupDirty = in.readBoolean();
  }
}
