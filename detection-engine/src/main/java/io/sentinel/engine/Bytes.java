package io.sentinel.engine;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Big-endian binary writing and reading over a byte array, with the method names of {@link
 * java.io.DataOutput} and {@link java.io.DataInput} and the same bytes: a state is encoded or
 * decoded on every sample a detector processes, and the stream classes cost several times more (a
 * synchronized call per field, array growth, checked exceptions).
 */
final class Bytes {
  private Bytes() {}

  /** A growing output buffer. */
  static final class Sink implements AutoCloseable {
    private ByteBuffer buf;

    Sink(int expectedSize) {
      buf = ByteBuffer.allocate(Math.max(64, expectedSize));
    }

    private ByteBuffer room(int n) {
      if (buf.remaining() < n) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n));
        buf.flip();
        bigger.put(buf);
        buf = bigger;
      }
      return buf;
    }

    void writeByte(int v) {
      room(1).put((byte) v);
    }

    void writeBoolean(boolean v) {
      room(1).put((byte) (v ? 1 : 0));
    }

    void writeShort(int v) {
      room(2).putShort((short) v);
    }

    void writeInt(int v) {
      room(4).putInt(v);
    }

    void writeLong(long v) {
      room(8).putLong(v);
    }

    void writeFloat(float v) {
      room(4).putFloat(v);
    }

    void writeDouble(double v) {
      room(8).putDouble(v);
    }

    /** The values in order, as {@link #writeDouble} each. */
    void writeDoubles(double... values) {
      for (double v : values) {
        writeDouble(v);
      }
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf.array(), buf.position());
    }

    @Override
    public void close() {}
  }

  /** A reader; reading past the end throws {@link BufferUnderflowException}. */
  static final class Source implements AutoCloseable {
    private final ByteBuffer buf;

    Source(byte[] data) {
      buf = ByteBuffer.wrap(data);
    }

    byte readByte() {
      return buf.get();
    }

    boolean readBoolean() {
      return buf.get() != 0;
    }

    short readShort() {
      return buf.getShort();
    }

    int readInt() {
      return buf.getInt();
    }

    long readLong() {
      return buf.getLong();
    }

    float readFloat() {
      return buf.getFloat();
    }

    double readDouble() {
      return buf.getDouble();
    }

    int available() {
      return buf.remaining();
    }

    @Override
    public void close() {}
  }
}
