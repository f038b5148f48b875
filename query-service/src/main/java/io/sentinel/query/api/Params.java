package io.sentinel.query.api;

import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.contract.problem.ProblemException;
import io.sentinel.query.MonitorStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses request parameters, collecting every mistake so one 400 answer lists them all. Parameters
 * are taken as strings so the answer can say exactly what was wrong and where.
 */
public final class Params {
  private final List<ProblemDetail.InvalidParam> errors = new ArrayList<>();

  /** Where the parameters parsed without an explicit location are: query (default) or body. */
  private final String in;

  public Params() {
    this("query");
  }

  public Params(String in) {
    this.in = in;
  }

  public Integer integer(String in, String name, String raw, int min, int max, Integer absent) {
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

  /**
   * The {@code offset} of a paged list: 0 to {@code max} (sentinel.query.api.max-offset). Deeper
   * pages are refused, as the database would read and skip every row before them: the client
   * narrows the list (a shorter time range, other filters) instead.
   */
  public int offset(String raw, int max) {
    Integer v = integer("query", "offset", raw, 0, Integer.MAX_VALUE, 0);
    if (v > max) {
      invalid(
          "query",
          "offset",
          "must be at most "
              + max
              + " (sentinel.query.api.max-offset), got "
              + v
              + "; narrow the time range (since, until) or the other filters instead of paging"
              + " further");
      return 0;
    }
    return v;
  }

  public Long seq(String in, String name, String raw) {
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

  public Boolean bool(String name, String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String v = raw.trim().toLowerCase(Locale.ROOT);
    if (v.equals("true") || v.equals("false")) {
      return Boolean.valueOf(v);
    }
    errors.add(
        new ProblemDetail.InvalidParam(in, name, "must be true or false, got '" + raw + "'"));
    return null;
  }

  /** The range of a PostgreSQL {@code timestamptz} that its clients and ours both encode. */
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  public Instant instant(String name, String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      Instant t = OffsetDateTime.parse(raw.trim()).toInstant();
      if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
        errors.add(
            new ProblemDetail.InvalidParam(
                in, name, "must be between 0001-01-01 and 9999-12-31 (UTC), got '" + raw + "'"));
        return null;
      }
      return t;
    } catch (DateTimeParseException e) {
      errors.add(
          new ProblemDetail.InvalidParam(
              in,
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
              in,
              name,
              "must be one of up, trouble, critical, errors, down, maintenance, got '"
                  + raw
                  + "'"));
    }
    return s;
  }

  /** A comma-separated list of statuses; empty when absent. */
  public Set<MonitorStatus> statuses(String name, String raw) {
    Set<MonitorStatus> out = EnumSet.noneOf(MonitorStatus.class);
    if (raw == null || raw.isBlank()) {
      return out;
    }
    for (String part : raw.split(",")) {
      MonitorStatus s = status(name, part);
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  /** A comma-separated list of allowed words; empty when absent. */
  public List<String> someOf(String name, String raw, List<String> allowed) {
    List<String> out = new ArrayList<>();
    if (raw == null || raw.isBlank()) {
      return out;
    }
    for (String part : raw.split(",")) {
      String v = oneOf(name, part, allowed);
      if (v != null && !out.contains(v)) {
        out.add(v);
      }
    }
    return out;
  }

  /** A sort key from {@code allowed}, optionally prefixed by '-' for descending. */
  public Sorting sort(String name, String raw, Set<String> allowed, String absent) {
    if (raw == null || raw.isBlank()) {
      return new Sorting(absent, false);
    }
    String v = raw.trim().toLowerCase(Locale.ROOT);
    boolean desc = v.startsWith("-");
    String key = desc || v.startsWith("+") ? v.substring(1) : v;
    if (!allowed.contains(key)) {
      errors.add(
          new ProblemDetail.InvalidParam(
              in,
              name,
              "must be one of "
                  + String.join(", ", new java.util.TreeSet<>(allowed))
                  + " (prefix - for descending), got '"
                  + raw
                  + "'"));
      return new Sorting(absent, false);
    }
    return new Sorting(key, desc);
  }

  /**
   * A duration: seconds ("300"), a number with a unit ("5m", "1h", "7d") or ISO-8601 ("PT5M"); null
   * when absent or invalid.
   */
  public java.time.Duration duration(String name, String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String v = raw.trim();
    try {
      if (v.matches("\\d{1,9}")) {
        return java.time.Duration.ofSeconds(Long.parseLong(v));
      }
      if (v.matches("\\d{1,9}[smhd]")) {
        long n = Long.parseLong(v.substring(0, v.length() - 1));
        return switch (v.charAt(v.length() - 1)) {
          case 's' -> java.time.Duration.ofSeconds(n);
          case 'm' -> java.time.Duration.ofMinutes(n);
          case 'h' -> java.time.Duration.ofHours(n);
          default -> java.time.Duration.ofDays(n);
        };
      }
      return java.time.Duration.parse(v.toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      errors.add(
          new ProblemDetail.InvalidParam(
              in,
              name,
              "must be a duration: seconds, a number with s, m, h or d, or ISO-8601 (PT5M), got '"
                  + raw
                  + "'"));
      return null;
    }
  }

  /** A parsed sort parameter. */
  public record Sorting(String key, boolean descending) {}

  /** Non-blank text no longer than {@code max}; null when absent. */
  public String text(String in, String name, String raw, int max) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    if (raw.length() > max) {
      errors.add(
          new ProblemDetail.InvalidParam(in, name, "must be at most " + max + " characters"));
      return null;
    }
    return raw.trim();
  }

  /** Non-blank text no longer than {@code max}; "is required" when absent. */
  public String required(String in, String name, String raw, int max) {
    if (raw == null || raw.isBlank()) {
      invalid(in, name, "is required");
      return null;
    }
    return text(in, name, raw, max);
  }

  /** The id in a request's path (a non-negative integer), or a 400 naming it. */
  public static long pathId(String raw) {
    Params p = new Params("path");
    Long id = p.seq("path", "id", raw);
    if (id == null) {
      p.invalid("path", "id", "is required");
    }
    p.check();
    return id;
  }

  /** The body of a request, or a 400 when there is none. */
  public static <T> T body(T body) {
    if (body == null) {
      reject("body", "body", "a JSON object is required");
    }
    return body;
  }

  /**
   * Throws a 400 naming one field of the body, for what only the database can tell (a name taken,
   * an id unknown).
   */
  public static void reject(String in, String name, String detail) {
    Params p = new Params(in);
    p.invalid(in, name, detail);
    p.check();
  }

  /** Adds a problem with any parameter or body field. */
  public void invalid(String in, String name, String detail) {
    errors.add(new ProblemDetail.InvalidParam(in, name, detail));
  }

  /** Checks that from is before to, when both are given. */
  public void range(String fromName, Instant from, String toName, Instant to) {
    if (from != null && to != null && !from.isBefore(to)) {
      errors.add(
          new ProblemDetail.InvalidParam(
              in, toName, "must be after " + fromName + " (" + from + "), got " + to));
    }
  }

  String oneOf(String name, String raw, List<String> allowed) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String v = raw.trim().toLowerCase(Locale.ROOT);
    if (!allowed.contains(v)) {
      errors.add(
          new ProblemDetail.InvalidParam(
              in, name, "must be one of " + String.join(", ", allowed) + ", got '" + raw + "'"));
      return null;
    }
    return v;
  }

  public void conflict(String name, String detail) {
    errors.add(new ProblemDetail.InvalidParam(in, name, detail));
  }

  /** Throws a 400 problem listing every invalid parameter, if there is one. */
  public void check() {
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
