package io.sentinel.query.rest;

import io.sentinel.query.MonitorStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses request parameters, collecting every mistake so one 400 answer lists them all. Parameters
 * are taken as strings so the answer can say exactly what was wrong and where.
 */
final class Params {
  private final List<ProblemDetail.InvalidParam> errors = new ArrayList<>();

  Integer integer(String in, String name, String raw, int min, int max, Integer absent) {
    if (raw == null || raw.isBlank()) {
      return absent;
    }
    try {
      int v = Integer.parseInt(raw.trim());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    errors.add(
        new ProblemDetail.InvalidParam(
            in, name, "must be an integer from " + min + " to " + max + ", got '" + raw + "'"));
    return absent;
  }

  Long seq(String in, String name, String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      long v = Long.parseLong(raw.trim());
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    errors.add(
        new ProblemDetail.InvalidParam(
            in, name, "must be a non-negative integer, got '" + raw + "'"));
    return null;
  }

  Boolean bool(String name, String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String v = raw.trim().toLowerCase(Locale.ROOT);
    if (v.equals("true") || v.equals("false")) {
      return Boolean.valueOf(v);
    }
    errors.add(
        new ProblemDetail.InvalidParam("query", name, "must be true or false, got '" + raw + "'"));
    return null;
  }

  Instant instant(String name, String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(raw.trim()).toInstant();
    } catch (DateTimeParseException e) {
      errors.add(
          new ProblemDetail.InvalidParam(
              "query",
              name,
              "must be an ISO-8601 date-time with offset, e.g. 2025-09-21T23:59:00Z, got '"
                  + raw
                  + "'"));
      return null;
    }
  }

  MonitorStatus status(String name, String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    MonitorStatus s = MonitorStatus.fromWire(raw);
    if (s == null) {
      errors.add(
          new ProblemDetail.InvalidParam(
              "query",
              name,
              "must be one of up, trouble, critical, errors, down, maintenance, got '"
                  + raw
                  + "'"));
    }
    return s;
  }

  String oneOf(String name, String raw, List<String> allowed) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String v = raw.trim().toLowerCase(Locale.ROOT);
    if (!allowed.contains(v)) {
      errors.add(
          new ProblemDetail.InvalidParam(
              "query", name, "must be one of " + String.join(", ", allowed) + ", got '" + raw + "'"));
      return null;
    }
    return v;
  }

  void conflict(String name, String detail) {
    errors.add(new ProblemDetail.InvalidParam("query", name, detail));
  }

  /** Throws a 400 problem listing every invalid parameter, if there is one. */
  void check() {
    if (!errors.isEmpty()) {
      String names =
          String.join(", ", errors.stream().map(ProblemDetail.InvalidParam::name).toList());
      throw new ProblemException(
          ProblemDetail.of(
                  "invalid-parameters",
                  "Bad Request",
                  400,
                  "invalid request parameter" + (errors.size() > 1 ? "s: " : ": ") + names)
              .withErrors(List.copyOf(errors)));
    }
  }
}
