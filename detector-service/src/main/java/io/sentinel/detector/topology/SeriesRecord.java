package io.sentinel.detector.topology;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-series state kept in the series store: the engine's state, the open anomaly episode and
 * the rollup of the current minute. Encoded compactly in binary because there is one per series.
 */
final class SeriesRecord {
  private static final byte VERSION = 1;

  String monitor;
  String metric;
  Map<String, String> labels = Map.of();
  byte[] engineState;
  long lastTs = Long.MIN_VALUE;

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

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + (engineState == null ? 0 : engineState.length));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeUTF(monitor);
      out.writeUTF(metric);
      out.writeShort(labels.size());
      for (Map.Entry<String, String> e : labels.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue());
      }
      out.writeInt(engineState == null ? -1 : engineState.length);
      if (engineState != null) {
        out.write(engineState);
      }
      out.writeLong(lastTs);
      out.writeBoolean(openAnomalyId != null);
      if (openAnomalyId != null) {
        out.writeUTF(openAnomalyId);
      }
      out.writeInt(normalStreak);
      out.writeLong(minute);
      out.writeLong(count);
      out.writeDouble(min);
      out.writeDouble(max);
      out.writeDouble(sum);
      out.writeDouble(last);
      out.writeLong(lastSampleTs);
      out.writeDouble(maxScore);
      out.writeDouble(bandLow);
      out.writeDouble(bandHigh);
      out.writeLong(lastRollupEmitWall);
      out.writeBoolean(rollupDirty);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static SeriesRecord decode(byte[] data) {
    SeriesRecord r = new SeriesRecord();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IllegalStateException("unknown series state version " + version);
      }
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
        r.engineState = in.readNBytes(len);
      }
      r.lastTs = in.readLong();
      if (in.readBoolean()) {
        r.openAnomalyId = in.readUTF();
      }
      r.normalStreak = in.readInt();
      r.minute = in.readLong();
      r.count = in.readLong();
      r.min = in.readDouble();
      r.max = in.readDouble();
      r.sum = in.readDouble();
      r.last = in.readDouble();
      r.lastSampleTs = in.readLong();
      r.maxScore = in.readDouble();
      r.bandLow = in.readDouble();
      r.bandHigh = in.readDouble();
      r.lastRollupEmitWall = in.readLong();
      r.rollupDirty = in.readBoolean();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return r;
  }
}
