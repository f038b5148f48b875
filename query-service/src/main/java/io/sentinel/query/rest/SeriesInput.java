package io.sentinel.query.rest;

import io.sentinel.contract.Sample;
import io.sentinel.query.service.AnalysisService;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses and validates a posted series (JSON points or CSV lines), naming the point or line of
 * every mistake (up to {@value #MAX_ERRORS}) so one 400 answer says what to fix.
 */
final class SeriesInput {
  static final int MAX_ERRORS = 20;

  private final int maxPoints;
  private final List<ProblemDetail.InvalidParam> errors = new ArrayList<>();
  private final List<AnalysisService.Point> points = new ArrayList<>();
  private long lastTimestamp = Long.MIN_VALUE;

  SeriesInput(int maxPoints) {
    this.maxPoints = maxPoints;
  }

  /** JSON body: {@code {"points":[{"timestamp": epoch ms or ISO-8601, "value": number}]}}. */
  static List<AnalysisService.Point> fromJson(AnalyzeResource.Request body, int maxPoints) {
    SeriesInput in = new SeriesInput(maxPoints);
    if (body == null || body.points() == null) {
      in.fail("points", "is required: a list of {\"timestamp\":..., \"value\":...}");
      return in.done();
    }
    if (body.points().size() > maxPoints) {
      in.tooMany(body.points().size());
      return in.done();
    }
    for (int i = 0; i < body.points().size() && in.errors.size() < MAX_ERRORS; i++) {
      AnalyzeResource.PointIn p = body.points().get(i);
      String at = "points[" + i + "]";
      if (p == null) {
        in.fail(at, "must be an object with timestamp and value");
        continue;
      }
      Long t = in.timestamp(at + ".timestamp", p.timestamp());
      Double v = p.value();
      if (v == null || !Double.isFinite(v)) {
        in.fail(at + ".value", "must be a finite number, got " + v);
      } else if (Math.abs(v) > Sample.MAX_MAGNITUDE) {
        in.fail(at + ".value", "must be at most 1e36 in magnitude, got " + v);
      }
      in.add(at + ".timestamp", t, v);
    }
    return in.done();
  }

  /** CSV body: {@code timestamp,value} per line, optional header line, blank lines ignored. */
  static List<AnalysisService.Point> fromCsv(String body, int maxPoints) {
    SeriesInput in = new SeriesInput(maxPoints);
    if (body == null || body.isBlank()) {
      in.fail("body", "is empty: expected lines of timestamp,value");
      return in.done();
    }
    String[] lines = body.split("\r?\n|\r", -1);
    int count = 0;
    for (int n = 0; n < lines.length && in.errors.size() < MAX_ERRORS; n++) {
      String line = lines[n].strip();
      String at = "line " + (n + 1);
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("[,;\t]", -1);
      if (count == 0 && n == firstContentLine(lines) && isHeader(fields)) {
        continue;
      }
      if (fields.length != 2) {
        in.fail(at, "expected 2 fields (timestamp,value), got " + fields.length + ": '" + clip(line) + "'");
        continue;
      }
      if (++count > maxPoints) {
        in.tooMany(count);
        break;
      }
      Long t = in.timestamp(at, unquote(fields[0]));
      Double v = null;
      String raw = unquote(fields[1]);
      try {
        v = Double.parseDouble(raw);
      } catch (NumberFormatException e) {
        // reported below
      }
      if (v == null || !Double.isFinite(v)) {
        in.fail(at, "value '" + clip(raw) + "' is not a finite number");
        continue;
      }
      if (Math.abs(v) > Sample.MAX_MAGNITUDE) {
        in.fail(at, "value '" + clip(raw) + "' is beyond 1e36 in magnitude");
        continue;
      }
      in.add(at, t, v);
    }
    return in.done();
  }

  private static int firstContentLine(String[] lines) {
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isHeader(String[] fields) {
    String first = unquote(fields[0]);
    return !first.isEmpty() && !Character.isDigit(first.charAt(0)) && first.charAt(0) != '-';
  }

  private static String unquote(String s) {
    String v = s.strip();
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      v = v.substring(1, v.length() - 1).strip();
    }
    return v;
  }

  private Long timestamp(String at, Object raw) {
    if (raw instanceof Number n) {
      double d = n.doubleValue();
      if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 1e15) {
        return n.longValue();
      }
      fail(at, "must be epoch milliseconds (an integer) or an ISO-8601 date-time, got " + raw);
      return null;
    }
    if (raw instanceof String s && !s.isBlank()) {
      String v = s.strip();
      if (v.matches("-?\\d{1,15}")) {
        return Long.parseLong(v);
      }
      try {
        return OffsetDateTime.parse(v).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        try {
          return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException e2) {
          fail(at, "timestamp '" + clip(v) + "' is neither epoch milliseconds nor ISO-8601 with offset");
          return null;
        }
      }
    }
    fail(at, "timestamp is required (epoch milliseconds or ISO-8601)");
    return null;
  }

  private void add(String at, Long t, Double v) {
    if (t == null || v == null) {
      return;
    }
    if (t < lastTimestamp) {
      fail(at, "timestamp " + Instant.ofEpochMilli(t) + " is before the previous point's; sort the series by time");
      return;
    }
    lastTimestamp = t;
    points.add(new AnalysisService.Point(t, v));
  }

  private void tooMany(int n) {
    fail("points", "at most " + maxPoints + " points per request (sentinel.query.analyze.max-points), got " + (n >= maxPoints + 1 ? "more" : n));
  }

  private void fail(String where, String detail) {
    errors.add(new ProblemDetail.InvalidParam("body", where, detail));
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  private List<AnalysisService.Point> done() {
    if (errors.isEmpty() && points.isEmpty()) {
      fail("points", "no point: expected at least one timestamp,value");
    }
    if (!errors.isEmpty()) {
      ProblemDetail.InvalidParam first = errors.get(0);
      throw new ProblemException(
          ProblemDetail.of(
                  "invalid-body",
                  "Bad Request",
                  400,
                  first.name()
                      + ": "
                      + first.detail()
                      + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""))
              .withErrors(List.copyOf(errors)));
    }
    return points;
  }
}
