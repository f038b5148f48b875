package io.sentinel.engine;

import java.nio.BufferUnderflowException;

/**
 * Binary form of a {@link SeriesState}: a version byte, the sizes it was written with (checked on
 * read), then the fields. Only the filled part of each ring buffer is written, and the model as its
 * compact parameters, so a state is a few kilobytes.
 */
final class StateCodec {
  private static final int MAGIC = 0x534E4531; // "SNE1"
  private static final byte VERSION = 6;

  /**
   * Version 5 lacked the usual sampling interval: it is read as unknown (0) and set again by the
   * next step between two samples.
   */
  private static final byte VERSION_WITHOUT_INTERVAL = 5;

  /**
   * Version 4 lacked the series' resolution: it is rebuilt from the value window (the smallest step
   * between successive distinct values there).
   */
  private static final byte VERSION_WITHOUT_RESOLUTION = 4;

  /** Version 3 lacked the level-shift statistics: they start afresh from the next sample. */
  private static final byte VERSION_WITHOUT_SHIFT = 3;

  /**
   * Version 2 lacked the observed range, the residual peak and the alert pressure: the range is
   * rebuilt from the value window, the others start at 0.
   */
  private static final byte VERSION_WITHOUT_RANGE = 2;

  /** Version 1 lacked the score of the alert that opened suppression; it is read as 0. */
  private static final byte VERSION_WITHOUT_SUPPRESS_SCORE = 1;

  private StateCodec() {}

  static byte[] encode(SeriesState s, EngineSettings settings) {
    int modelBytes = s.model == null ? 0 : (s.model.supportVectors.length + s.model.count) * 8;
    try (Bytes.Sink out =
        new Bytes.Sink(
            1024
                + s.history.length * 8
                + s.seasonCount * 12
                + s.rowCount * Feature.COUNT * 4
                + modelBytes
                + (s.recentCount + s.smoothed.length) * 8)) {
      out.writeInt(MAGIC);
      out.writeByte(VERSION);
      out.writeShort(Feature.COUNT);
      out.writeInt(s.history.values.length);
      out.writeInt(s.rows.length);
      out.writeInt(s.seasonValues.length);
      out.writeInt(s.recentRaw.length);
      out.writeInt(s.smoothed.values.length);

      out.writeLong(s.count);
      out.writeLong(s.lastTimestamp);
      s.history.write(out);
      out.writeDoubles(s.previous, s.baseline, s.residualVar, s.changeVar, s.shortChangeVar);

      out.writeInt(s.seasonHead);
      out.writeInt(s.seasonCount);
      out.writeLong(s.secondsBase);
      out.writeDoubles(s.seasonalResidualVar, s.seasonalChangeVar);
      out.writeLong(s.seasonalSeen);
      for (int i = 0; i < s.seasonCount; i++) {
        out.writeFloat(s.seasonValues[i]);
        out.writeFloat(s.seasonBaselines[i]);
        out.writeInt(s.seasonSeconds[i]);
      }

      out.writeInt(s.rowHead);
      out.writeInt(s.rowCount);
      int filledRows = s.rowCount * Feature.COUNT;
      for (int i = 0; i < filledRows; i++) {
        out.writeFloat(s.rows[i]);
      }
      out.writeInt(s.sinceTraining);

      CompactSvm m = s.model;
      out.writeBoolean(m != null);
      if (m != null) {
        out.writeInt(m.count);
        out.writeDoubles(m.supportVectors);
        out.writeDoubles(m.coefficients);
        out.writeDoubles(m.rho, m.gamma, m.edge);
        for (int j = 0; j < m.dims; j++) {
          out.writeDouble(m.scalerMean[j]);
          out.writeDouble(m.scalerScale[j]);
        }
      }

      out.writeInt(s.recentHead);
      out.writeInt(s.recentCount);
      for (int i = 0; i < s.recentCount; i++) {
        out.writeDouble(s.recentRaw[i]);
      }
      s.smoothed.write(out);
      out.writeInt(s.suppressLeft);
      out.writeDoubles(s.suppressScore, s.rangeLow, s.rangeHigh, s.residualPeak, s.pressure);
      out.writeLong(s.shiftSeen);
      out.writeDoubles(
          s.shiftLevel,
          s.shiftPrevious,
          s.shiftVar,
          s.shiftCov,
          s.shiftScale,
          s.shiftUp,
          s.shiftDown,
          s.resolution);
      out.writeDouble(s.interval);
      return out.toByteArray();
    }
  }

  static SeriesState decode(byte[] data, EngineSettings settings) {
    SeriesState s = new SeriesState(settings);
    try (Bytes.Source in = new Bytes.Source(data)) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("not a detection-engine series state");
      }
      byte version = in.readByte();
      if (version != VERSION
          && version != VERSION_WITHOUT_INTERVAL
          && version != VERSION_WITHOUT_RESOLUTION
          && version != VERSION_WITHOUT_SHIFT
          && version != VERSION_WITHOUT_RANGE
          && version != VERSION_WITHOUT_SUPPRESS_SCORE) {
        throw new IllegalArgumentException("unsupported series state version " + version);
      }
      int dims = in.readShort();
      int historySize = in.readInt();
      int rowsSize = in.readInt();
      int seasonSize = in.readInt();
      int recentSize = in.readInt();
      int smoothedSize = in.readInt();
      if (dims != Feature.COUNT
          || historySize != s.history.values.length
          || rowsSize != s.rows.length
          || seasonSize != s.seasonValues.length
          || recentSize != s.recentRaw.length
          || smoothedSize != s.smoothed.values.length) {
        throw new IllegalArgumentException(
            "series state was written with other settings (historySize="
                + historySize
                + ", trainingSize="
                + rowsSize / Math.max(1, dims)
                + ", seasonBuffer="
                + seasonSize
                + ", smoothingWindow="
                + recentSize
                + ", likelihoodWindow="
                + smoothedSize
                + ")");
      }
      s.count = in.readLong();
      s.lastTimestamp = in.readLong();
      s.history.read(in);
      s.previous = in.readDouble();
      s.baseline = in.readDouble();
      s.residualVar = in.readDouble();
      s.changeVar = in.readDouble();
      s.shortChangeVar = in.readDouble();

      s.seasonHead = in.readInt();
      s.seasonCount = in.readInt();
      s.secondsBase = in.readLong();
      s.seasonalResidualVar = in.readDouble();
      s.seasonalChangeVar = in.readDouble();
      s.seasonalSeen = in.readLong();
      for (int i = 0; i < s.seasonCount; i++) {
        s.seasonValues[i] = in.readFloat();
        s.seasonBaselines[i] = in.readFloat();
        s.seasonSeconds[i] = in.readInt();
      }

      s.rowHead = in.readInt();
      s.rowCount = in.readInt();
      int filledRows = s.rowCount * Feature.COUNT;
      for (int i = 0; i < filledRows; i++) {
        s.rows[i] = in.readFloat();
      }
      s.sinceTraining = in.readInt();

      if (in.readBoolean()) {
        int count = in.readInt();
        double[] sv = new double[count * dims];
        for (int i = 0; i < sv.length; i++) {
          sv[i] = in.readDouble();
        }
        double[] coef = new double[count];
        for (int i = 0; i < count; i++) {
          coef[i] = in.readDouble();
        }
        double rho = in.readDouble();
        double gamma = in.readDouble();
        double edge = in.readDouble();
        double[] mean = new double[dims];
        double[] scale = new double[dims];
        for (int j = 0; j < dims; j++) {
          mean[j] = in.readDouble();
          scale[j] = in.readDouble();
        }
        s.model = new CompactSvm(dims, sv, coef, rho, gamma, mean, scale);
        s.model.edge = edge;
      }

      s.recentHead = in.readInt();
      s.recentCount = in.readInt();
      for (int i = 0; i < s.recentCount; i++) {
        s.recentRaw[i] = in.readDouble();
      }
      s.smoothed.read(in);
      s.suppressLeft = in.readInt();
      if (version >= VERSION_WITHOUT_RANGE) {
        s.suppressScore = in.readDouble();
      }
      if (version >= VERSION_WITHOUT_SHIFT) {
        s.rangeLow = in.readDouble();
        s.rangeHigh = in.readDouble();
        s.residualPeak = in.readDouble();
        s.pressure = in.readDouble();
      } else {
        // older states: the range seen so far is at least the range of the value window
        s.rangeLow = Double.POSITIVE_INFINITY;
        s.rangeHigh = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < s.history.length; i++) {
          s.rangeLow = Math.min(s.rangeLow, s.history.values[i]);
          s.rangeHigh = Math.max(s.rangeHigh, s.history.values[i]);
        }
      }
      if (version >= VERSION_WITHOUT_RESOLUTION) {
        s.shiftSeen = in.readLong();
        s.shiftLevel = in.readDouble();
        s.shiftPrevious = in.readDouble();
        s.shiftVar = in.readDouble();
        s.shiftCov = in.readDouble();
        s.shiftScale = in.readDouble();
        s.shiftUp = in.readDouble();
        s.shiftDown = in.readDouble();
      }
      if (version >= VERSION_WITHOUT_INTERVAL) {
        s.resolution = in.readDouble();
      } else {
        s.resolution = ScorePaths.resolution(s.history);
      }
      if (version >= VERSION) {
        s.interval = in.readDouble();
      }
      if (in.available() != 0) {
        throw new IllegalArgumentException("trailing bytes after series state");
      }
    } catch (BufferUnderflowException | IndexOutOfBoundsException | NegativeArraySizeException e) {
      String why = e instanceof BufferUnderflowException ? "it ends early" : e.getMessage();
      throw new IllegalArgumentException("corrupt series state: " + why, e);
    }
    return s;
  }
}
