package io.sentinel.engine;

/**
 * The last {@code size} values of a stream in a ring buffer, with their running sum and sum of
 * squares (re-summed exactly once per lap, so rounding errors cannot accumulate). A ring that is
 * not full occupies {@code [0, length)}.
 */
final class RollingWindow {
  final double[] values;
  int head;
  int length;
  double sum;
  double sumSq;

  RollingWindow(int size) {
    values = new double[size];
  }

  /** Appends a value, dropping the oldest once the ring is full. */
  void add(double x) {
    int size = values.length;
    if (length == size) {
      double old = values[head];
      sum -= old;
      sumSq -= old * old;
    } else {
      length++;
    }
    values[head] = x;
    sum += x;
    sumSq += x * x;
    head = (head + 1) % size;
    if (head == 0) {
      // re-sum exactly once per lap so rounding errors of the running sums cannot accumulate
      double s = 0;
      double sq = 0;
      for (double v : values) {
        s += v;
        sq += v * v;
      }
      sum = s;
      sumSq = sq;
    }
  }

  /** The value {@code back} places before the newest (1 = the newest). */
  double back(int back) {
    return values[(head - back + values.length) % values.length];
  }

  /** Head, length, the two sums, then the filled values. */
  void write(Bytes.Sink out) {
    out.writeInt(head);
    out.writeInt(length);
    out.writeDouble(sum);
    out.writeDouble(sumSq);
    for (int i = 0; i < length; i++) {
      out.writeDouble(values[i]);
    }
  }

  /** Reads what {@link #write} wrote. */
  void read(Bytes.Source in) {
    head = in.readInt();
    length = in.readInt();
    sum = in.readDouble();
    sumSq = in.readDouble();
    for (int i = 0; i < length; i++) {
      values[i] = in.readDouble();
    }
  }
}
