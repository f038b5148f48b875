package io.sentinel.engine.nab;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/** NAB timestamps: {@code yyyy-MM-dd HH:mm:ss} with optional fraction (labels use .000000), UTC. */
final class NabTime {
  private static final DateTimeFormatter FORMAT =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter();

  private NabTime() {}

  static long parse(String text) {
    try {
      return LocalDateTime.parse(text.trim(), FORMAT).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "not a NAB timestamp (yyyy-MM-dd HH:mm:ss): '" + text + "'", e);
    }
  }
}
