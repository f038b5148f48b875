package io.sentinel.ingest.rest;

import io.sentinel.ingest.prompb.Remote.Label;
import io.sentinel.ingest.prompb.Remote.Sample;
import io.sentinel.ingest.prompb.Remote.TimeSeries;
import io.sentinel.ingest.prompb.Remote.WriteRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;
import org.xerial.snappy.Snappy;

/** Hand-built protocol payloads for tests. */
final class Payloads {
  private Payloads() {}

  static Label label(String name, String value) {
    return Label.newBuilder().setName(name).setValue(value).build();
  }

  static TimeSeries series(double value, long timestamp, String... labels) {
    TimeSeries.Builder b = TimeSeries.newBuilder();
    for (int i = 0; i < labels.length; i += 2) {
      b.addLabels(label(labels[i], labels[i + 1]));
    }
    return b.addSamples(Sample.newBuilder().setValue(value).setTimestamp(timestamp)).build();
  }

  /** One series {@code up{instance=<instance>,job="node"}} = 1 at {@code timestamp}. */
  static WriteRequest writeRequest(String instance, long timestamp) {
    return WriteRequest.newBuilder()
        .addTimeseries(series(1, timestamp, "__name__", "up", "instance", instance, "job", "node"))
        .build();
  }

  static byte[] snappy(byte[] raw) {
    try {
      return Snappy.compress(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] gzip(byte[] raw) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        gz.write(raw);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
