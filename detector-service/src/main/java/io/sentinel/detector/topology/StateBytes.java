package io.sentinel.detector.topology;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The one binary convention of the detector's stores: a version byte first, then fields written
 * with {@link DataOutputStream} (big-endian numbers, modified UTF-8 strings), counts and small
 * numbers as unsigned varints, signed differences as zig-zag varints.
 */
final class StateBytes {
  private StateBytes() {}

  /**
   * A growable byte array without {@link ByteArrayOutputStream}'s locking: a record is written on
   * one stream thread, every sample.
   */
  private static final class Buffer extends OutputStream {
    private byte[] bytes;
    private int length;

    Buffer(int expectedSize) {
      bytes = new byte[Math.max(16, expectedSize)];
    }

    private void ensure(int more) {
      if (length + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
      }
    }

    @Override
    public void write(int b) {
      ensure(1);
      bytes[length++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, bytes, length, len);
      length += len;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(bytes, length);
    }
  }

  static final class Writer implements AutoCloseable {
    private final Buffer bytes;
    private final DataOutputStream out;

    Writer(int expectedSize) {
      bytes = new Buffer(expectedSize);
      out = new DataOutputStream(bytes);
    }

    DataOutputStream data() {
      return out;
    }

    void writeVarLong(long v) throws IOException {
      if (v < 0) {
        throw new IllegalArgumentException("negative varint " + v);
      }
      while ((v & ~0x7FL) != 0) {
        out.writeByte((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.writeByte((int) v);
    }

    void writeZigZag(long v) throws IOException {
      long z = (v << 1) ^ (v >> 63);
      while ((z & ~0x7FL) != 0) {
        out.writeByte((int) ((z & 0x7F) | 0x80));
        z >>>= 7;
      }
      out.writeByte((int) z);
    }

    /** Strings that may be null, as a presence flag and the string. */
    void writeNullableUtf(String s) throws IOException {
      out.writeBoolean(s != null);
      if (s != null) {
        out.writeUTF(s);
      }
    }

    byte[] toByteArray() throws IOException {
      out.flush();
      return bytes.toByteArray();
    }

    @Override
    public void close() {}
  }

  static final class Reader implements AutoCloseable {
    private final DataInputStream in;

    Reader(byte[] data) {
      in = new DataInputStream(new ByteArrayInputStream(data));
    }

    DataInputStream data() {
      return in;
    }

    long readVarLong() throws IOException {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = in.readUnsignedByte();
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new EOFException("varint too long");
    }

    long readZigZag() throws IOException {
      long z = readVarLong();
      return (z >>> 1) ^ -(z & 1);
    }

    String readNullableUtf() throws IOException {
      return in.readBoolean() ? in.readUTF() : null;
    }

    @Override
    public void close() {}
  }
}
