package io.sentinel.query.analyze;

import io.sentinel.contract.Sample;
import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.contract.problem.ProblemException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses and validates a posted series (JSON points or CSV lines), naming the point or line of
 * every mistake (up to {@value #MAX_ERRORS}) so one 400 answer says what to fix.
 */
public final class SeriesInput {
  static final int MAX_ERRORS = 20;

  private final int maxPoints;
  private final List<ProblemDetail.InvalidParam> errors = new ArrayList<>();
  private final List<AnalysisService.Point> points = new ArrayList<>();
  private long lastTimestamp = Long.MIN_VALUE;
  private TimestampFormat format;
  private boolean sawRfc3339;

  /**
   * A parsed series and how its timestamps were read: {@code unix_seconds}, {@code
   * unix_milliseconds}, {@code unix_microseconds}, {@code unix_nanoseconds}, {@code rfc3339}, or
   * {@code rfc3339+unix_...} when both kinds were posted.
   */
  record Parsed(List<AnalysisService.Point> points, String format) {}

  SeriesInput(int maxPoints) {
    this.maxPoints = maxPoints;
  }

  /**
   * JSON body: {@code {"points":[{"timestamp": Unix time or RFC 3339, "value": number}]}}; Unix
   * time in seconds, milliseconds, microseconds or nanoseconds, told apart by magnitude.
   */
  static Parsed fromJson(AnalyzeResource.Request body, int maxPoints) {
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
  static Parsed fromCsv(String body, int maxPoints) {
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
        in.fail(
            at,
            "expected 2 fields (timestamp,value), got " + fields.length + ": '" + clip(line) + "'");
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
      return unix(at, n.doubleValue(), raw.toString());
    }
    if (raw instanceof String s && !s.isBlank()) {
      String v = s.strip();
      if (v.matches("-?\\d{1,19}(\\.\\d+)?")) {
        return unix(at, Double.parseDouble(v), v);
      }
      Long t = null;
      try {
        t = OffsetDateTime.parse(v).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        try {
          t = Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException e2) {
          fail(at, "timestamp '" + clip(v) + "' is neither Unix time nor RFC 3339 with offset");
          return null;
        }
      }
      sawRfc3339 = true;
      return t;
    }
    fail(at, "timestamp is required (Unix seconds or milliseconds, or RFC 3339)");
    return null;
  }

  /** Unix time in the unit its magnitude says; every Unix time of a series in the same unit. */
  private Long unix(String at, double d, String raw) {
    TimestampFormat unit = TimestampFormat.ofUnix(d);
    if (unit == null) {
      fail(
          at,
          "timestamp "
              + clip(raw)
              + " is not Unix time in seconds, milliseconds, microseconds or nanoseconds");
      return null;
    }
    if (!sameFormat(at, unit, raw)) {
      return null;
    }
    return Math.round(d * unit.toMillis);
  }

  private boolean sameFormat(String at, TimestampFormat f, String raw) {
    if (format == null) {
      format = f;
      return true;
    }
    if (format == f) {
      return true;
    }
    fail(
        at,
        "timestamp "
            + clip(raw)
            + " reads as "
            + f.wire
            + " but the series' first Unix time read as "
            + format.wire
            + "; use one unit for the whole series");
    return false;
  }

  private void add(String at, Long t, Double v) {
    if (t == null || v == null) {
      return;
    }
    if (t < lastTimestamp) {
      fail(
          at,
          "timestamp "
              + Instant.ofEpochMilli(t)
              + " is before the previous point's; sort the series by time");
      return;
    }
    lastTimestamp = t;
    points.add(new AnalysisService.Point(t, v));
  }

  private void tooMany(int n) {
    fail(
        "points",
        "at most "
            + maxPoints
            + " points per request (sentinel.query.analyze.max-points), got "
            + (n >= maxPoints + 1 ? "more" : n));
  }

  private void fail(String where, String detail) {
    errors.add(new ProblemDetail.InvalidParam("body", where, detail));
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  private Parsed done() {
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
    String read = format == null ? "rfc3339" : (sawRfc3339 ? "rfc3339+" : "") + format.wire;
    return new Parsed(points, read);
  }

  /** The unit of a series' Unix times; said in the answer. */
  enum TimestampFormat {
    UNIX_SECONDS("unix_seconds", 1000.0),
    UNIX_MILLISECONDS("unix_milliseconds", 1.0),
    UNIX_MICROSECONDS("unix_microseconds", 1e-3),
    UNIX_NANOSECONDS("unix_nanoseconds", 1e-6);

    final String wire;
    final double toMillis;

    TimestampFormat(String wire, double toMillis) {
      this.wire = wire;
      this.toMillis = toMillis;
    }

    /**
     * The unit of a Unix time by its magnitude: below 1e11 seconds (until the year 5138), below
     * 1e14 milliseconds, below 1e17 microseconds, below 1e20 nanoseconds. Milliseconds before March
     * 1973 would read as seconds; no monitoring export holds those.
     */
    static TimestampFormat ofUnix(double t) {
      double a = Math.abs(t);
      if (!Double.isFinite(t)) {
        return null;
      }
      if (a < 1e11) {
        return UNIX_SECONDS;
      }
      if (a < 1e14) {
        return t == Math.rint(t) ? UNIX_MILLISECONDS : null;
      }
      if (a < 1e17) {
        return t == Math.rint(t) ? UNIX_MICROSECONDS : null;
      }
      if (a < 1e20) {
        return UNIX_NANOSECONDS;
      }
      return null;
    }
  }
}
