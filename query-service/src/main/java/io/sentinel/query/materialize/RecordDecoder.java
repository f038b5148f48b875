package io.sentinel.query.materialize;

import io.sentinel.contract.Json;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Rollup;
import java.util.ArrayList;
import java.util.List;

/** Decodes and validates record values; anything it rejects goes to the dead-letter topic. */
public final class RecordDecoder {
  /**
   * Latest accepted epoch milliseconds, 9999-12-31T23:59:59.999Z. Beyond what a person means, and
   * far beyond it the client cannot encode a timestamptz at all: that failure would look transient
   * and stall the partition, so such a record is rejected here instead.
   */
  static final long MAX_TIME = 253_402_300_799_999L;

  private RecordDecoder() {}

  public static MonitorEvent event(byte[] value) {
    MonitorEvent e = decode(value, MonitorEvent.class);
    List<String> missing = new ArrayList<>();
    require(missing, "id", e.id());
    require(missing, "type", e.type());
    require(missing, "monitor", e.monitor());
    if (e.time() <= 0) {
      missing.add("time");
    }
    if (!missing.isEmpty()) {
      throw new InvalidRecordException("invalid MonitorEvent: missing or empty " + missing);
    }
    inRange("MonitorEvent", "time", e.time());
    return e;
  }

  public static Rollup rollup(byte[] value) {
    Rollup r = decode(value, Rollup.class);
    List<String> missing = new ArrayList<>();
    require(missing, "series", r.series());
    require(missing, "monitor", r.monitor());
    require(missing, "metric", r.metric());
    if (r.minute() <= 0) {
      missing.add("minute");
    }
    if (r.lastTimestamp() <= 0) {
      missing.add("lastTimestamp");
    }
    if (!missing.isEmpty()) {
      throw new InvalidRecordException("invalid Rollup: missing or empty " + missing);
    }
    inRange("Rollup", "minute", r.minute());
    inRange("Rollup", "lastTimestamp", r.lastTimestamp());
    return r;
  }

  private static void inRange(String type, String field, long epochMillis) {
    if (epochMillis > MAX_TIME) {
      throw new InvalidRecordException(
          "invalid " + type + ": " + field + " " + epochMillis + " is after year 9999");
    }
  }

  private static <T> T decode(byte[] value, Class<T> type) {
    if (value == null || value.length == 0) {
      throw new InvalidRecordException("empty record value, expected a " + type.getSimpleName());
    }
    try {
      return Json.read(value, type);
    } catch (RuntimeException e) {
      throw new InvalidRecordException(e.getMessage(), e);
    }
  }

  private static void require(List<String> missing, String field, Object value) {
    if (value == null || (value instanceof String s && s.isBlank())) {
      missing.add(field);
    }
  }
}
