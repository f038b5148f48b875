package io.sentinel.ingest.protocol.influx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one line of InfluxDB line protocol: {@code measurement[,tag=v...] field=v[,field=v...]
 * [timestamp]}, with InfluxDB's escapes (backslash before comma, space and, in keys and tag values,
 * equals sign; {@code \"} and {@code \\} in string fields). Field values: floats, integers ({@code
 * 1i}), unsigned integers ({@code 1u}), booleans, strings.
 */
public final class LineProtocolParser {

  /**
   * A field; {@code value} is null for a string field (not a number Sentinel can watch).
   *
   * @param key the field key
   * @param value the numeric value (booleans as 1 and 0), null for a string
   */
  public record Field(String key, Double value) {}

  /**
   * A parsed line.
   *
   * @param measurement the measurement
   * @param tags the tags in line order
   * @param fields the fields in line order, at least one
   * @param timestamp the raw timestamp in the request's precision, null when absent
   */
  public record Line(
      String measurement, Map<String, String> tags, List<Field> fields, Long timestamp) {}

  /** The line is not line protocol; {@code column} is 1-based. */
  public static final class SyntaxException extends Exception {
    private final int column;
    private final transient Map<String, String> tags;

    SyntaxException(String message, int column, Map<String, String> tags) {
      super(message, null, false, false);
      this.column = column;
      this.tags = tags;
    }

    public int column() {
      return column;
    }

    /**
     * The line's tags when the error lies after them (in the fields or the timestamp), so that the
     * monitor of a broken line is still known; null when the tag set itself is broken.
     */
    public Map<String, String> tags() {
      return tags;
    }
  }

  private final String s;
  private int pos;
  private Map<String, String> tags;

  private LineProtocolParser(String line) {
    this.s = line;
  }

  /** Parses {@code line} (without its line break; not blank, not a comment). */
  public static Line parse(String line) throws SyntaxException {
    return new LineProtocolParser(line).line();
  }

  private Line line() throws SyntaxException {
    String measurement = token(false, true);
    if (measurement.isEmpty()) {
      throw error("missing measurement");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    while (pos < s.length() && s.charAt(pos) == ',') {
      pos++;
      int at = pos;
      String key = token(true, false);
      if (key.isEmpty()) {
        throw error("missing tag key", at);
      }
      expect('=', "missing '=' after tag key '" + key + "'");
      int valueAt = pos;
      String value = token(true, true);
      if (value.isEmpty()) {
        throw error("missing value of tag '" + key + "'", valueAt);
      }
      tags.put(key, value);
    }
    if (pos >= s.length()) {
      throw error("missing fields");
    }
    if (s.charAt(pos) != ' ') {
      throw error("unexpected '" + s.charAt(pos) + "' after the tags");
    }
    this.tags = tags;
    skipSpaces();
    List<Field> fields = new ArrayList<>();
    while (true) {
      int at = pos;
      String key = token(true, false);
      if (key.isEmpty()) {
        throw error("missing field key", at);
      }
      expect('=', "missing '=' after field key '" + key + "'");
      fields.add(new Field(key, fieldValue(key)));
      if (pos < s.length() && s.charAt(pos) == ',') {
        pos++;
        continue;
      }
      break;
    }
    Long timestamp = null;
    if (pos < s.length()) {
      if (s.charAt(pos) != ' ') {
        throw error("unexpected '" + s.charAt(pos) + "' after a field value");
      }
      skipSpaces();
      if (pos < s.length()) {
        int at = pos;
        int end = pos;
        while (end < s.length() && s.charAt(end) != ' ') {
          end++;
        }
        String ts = s.substring(pos, end);
        pos = end;
        skipSpaces();
        if (pos < s.length()) {
          throw error("unexpected text after the timestamp");
        }
        if (!ts.matches("-?[0-9]{1,19}")) {
          throw error("timestamp '" + ts + "' is not an integer", at);
        }
        try {
          timestamp = Long.parseLong(ts);
        } catch (NumberFormatException e) {
          throw error("timestamp '" + ts + "' is out of range", at);
        }
      }
    }
    return new Line(measurement, tags, fields, timestamp);
  }

  private Double fieldValue(String key) throws SyntaxException {
    int at = pos;
    if (pos < s.length() && s.charAt(pos) == '"') {
      pos++;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == '\\' && pos + 1 < s.length()) {
          pos += 2;
        } else if (c == '"') {
          pos++;
          return null;
        } else {
          pos++;
        }
      }
      throw error("unterminated string value of field '" + key + "'", at);
    }
    int end = pos;
    while (end < s.length() && s.charAt(end) != ',' && s.charAt(end) != ' ') {
      end++;
    }
    String raw = s.substring(pos, end);
    pos = end;
    if (raw.isEmpty()) {
      throw error("missing value of field '" + key + "'", at);
    }
    switch (raw) {
      case "t", "T", "true", "True", "TRUE":
        return 1.0;
      case "f", "F", "false", "False", "FALSE":
        return 0.0;
      default:
        break;
    }
    char last = raw.charAt(raw.length() - 1);
    if (last == 'i' || last == 'u') {
      String digits = raw.substring(0, raw.length() - 1);
      if (!(last == 'i' ? digits.matches("-?[0-9]+") : digits.matches("[0-9]+"))) {
        throw error(
            "invalid "
                + (last == 'i' ? "integer" : "unsigned integer")
                + " '"
                + raw
                + "' of field '"
                + key
                + "'",
            at);
      }
      return Double.parseDouble(digits);
    }
    if (!raw.matches("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?")) {
      throw error("invalid value '" + abbreviate(raw) + "' of field '" + key + "'", at);
    }
    // may overflow to infinity (1e999): read, then refused as non-finite by the validator
    return Double.parseDouble(raw);
  }

  /**
   * Reads up to an unescaped comma or space (and equals sign when {@code stopAtEquals}), unescaping
   * backslash-escaped comma, space and equals sign.
   */
  private String token(boolean stopAtEquals, boolean allowEquals) throws SyntaxException {
    StringBuilder out = null;
    int start = pos;
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == '\\' && pos + 1 < s.length()) {
        char next = s.charAt(pos + 1);
        if (next == ',' || next == ' ' || next == '=' || next == '\\') {
          if (out == null) {
            out = new StringBuilder(s.substring(start, pos));
          }
          out.append(next);
          pos += 2;
          continue;
        }
      }
      if (c == ',' || c == ' ' || (c == '=' && stopAtEquals && !allowEquals)) {
        break;
      }
      if (c == '=' && stopAtEquals && allowEquals) {
        throw error("unescaped '=' in a tag value");
      }
      if (out != null) {
        out.append(c);
      }
      pos++;
    }
    return out == null ? s.substring(start, pos) : out.toString();
  }

  private void expect(char c, String message) throws SyntaxException {
    if (pos >= s.length() || s.charAt(pos) != c) {
      throw error(message);
    }
    pos++;
  }

  private void skipSpaces() {
    while (pos < s.length() && s.charAt(pos) == ' ') {
      pos++;
    }
  }

  private SyntaxException error(String message) {
    return error(message, pos);
  }

  private SyntaxException error(String message, int at) {
    return new SyntaxException(
        message + " at column " + (at + 1), at + 1, tags == null ? null : Map.copyOf(tags));
  }

  private static String abbreviate(String raw) {
    return raw.length() <= 40 ? raw : raw.substring(0, 37) + "...";
  }
}
