package io.sentinel.ingest.protocol.influx;

import io.sentinel.ingest.config.IngestConfig;
import io.sentinel.ingest.problem.FieldError;
import io.sentinel.ingest.problem.RejectReason;
import io.sentinel.ingest.problem.RejectedException;
import io.sentinel.ingest.protocol.DecodedBatch;
import io.sentinel.ingest.protocol.DecodedBatch.Unparsable;
import io.sentinel.ingest.protocol.Decoder;
import io.sentinel.ingest.validation.IncomingSample;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes an InfluxDB line protocol body as Telegraf sends it: one sample per numeric field, metric
 * = {@code measurement_field}, monitor = the {@code influx.monitor-tag} tag (that tag is not
 * repeated in labels), the other tags as labels. String fields are dropped (counted). A line that
 * is not line protocol is reported by number and column; the other lines still count.
 */
@ApplicationScoped
public class LineProtocolDecoder implements Decoder<LineProtocolDecoder.Body> {
  /** Reason tag of dropped string fields. */
  public static final String STRING_FIELD = "string_field";

  private final IngestConfig config;

  public LineProtocolDecoder(IngestConfig config) {
    this.config = config;
  }

  /**
   * A line protocol body.
   *
   * @param text the (inflated) body
   * @param precision the unit of its timestamps
   */
  public record Body(byte[] text, Precision precision) {}

  /** Time unit of the timestamps: InfluxDB's precision parameter. */
  public enum Precision {
    NANOSECONDS(1, 1_000_000),
    MICROSECONDS(1, 1_000),
    MILLISECONDS(1, 1),
    SECONDS(1_000, 1),
    MINUTES(60_000, 1),
    HOURS(3_600_000, 1);

    final long multiply;
    final long divide;

    Precision(long multiply, long divide) {
      this.multiply = multiply;
      this.divide = divide;
    }

    /**
     * The precision named by the parameter (v1: n, u, ms, s, m, h; v2: ns, us, ms, s); default
     * nanoseconds.
     *
     * @throws RejectedException 400 for an unknown precision
     */
    public static Precision of(String name) {
      if (name == null || name.isBlank()) {
        return NANOSECONDS;
      }
      return switch (name.strip().toLowerCase(Locale.ROOT)) {
        case "n", "ns" -> NANOSECONDS;
        case "u", "us", "µ", "µs" -> MICROSECONDS;
        case "ms" -> MILLISECONDS;
        case "s" -> SECONDS;
        case "m" -> MINUTES;
        case "h" -> HOURS;
        default ->
            throw RejectedException.malformed(
                "precision '" + name + "' is not one of ns, us, ms, s (v1 also n, u, m, h)");
      };
    }

    /** Epoch milliseconds of {@code raw}, or null when it does not fit. */
    Long toMillis(long raw) {
      if (divide > 1) {
        return Math.floorDiv(raw, divide);
      }
      try {
        return Math.multiplyExact(raw, multiply);
      } catch (ArithmeticException e) {
        return null;
      }
    }
  }

  /**
   * Decodes {@code body}: one sample per numeric field of every well-formed line; the lines that
   * are not line protocol as {@link DecodedBatch#unparsable()}, with the monitor where it was read;
   * string fields dropped ({@value #STRING_FIELD}).
   *
   * @throws RejectedException 413 when the body holds more than {@code max-samples-per-request}
   *     numeric fields
   */
  @Override
  public DecodedBatch decode(Body body) {
    Precision precision = body.precision();
    String text = new String(body.text(), StandardCharsets.UTF_8);
    String monitorTag = config.influx().monitorTag();
    int max = config.maxSamplesPerRequest();
    List<IncomingSample> samples = new ArrayList<>();
    List<Unparsable> errors = new ArrayList<>();
    int strings = 0;
    int lineNo = 0;
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      lineNo++;
      String line = text.substring(start, end);
      start = end + 1;
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      String trimmed = line.stripLeading();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        if (end == text.length()) {
          break;
        }
        continue;
      }
      String where = "line " + lineNo;
      LineProtocolParser.Line parsed;
      try {
        parsed = LineProtocolParser.parse(trimmed);
      } catch (LineProtocolParser.SyntaxException e) {
        errors.add(
            new Unparsable(
                new FieldError(
                    where,
                    "unable to parse '" + abbreviate(trimmed) + "': " + e.getMessage(),
                    RejectReason.MALFORMED),
                e.tags() == null ? null : e.tags().get(monitorTag)));
        if (end == text.length()) {
          break;
        }
        continue;
      }
      Map<String, String> labels = new HashMap<>(parsed.tags());
      String monitor = labels.remove(monitorTag);
      List<FieldError> lineErrors = new ArrayList<>(1);
      if (monitor == null) {
        lineErrors.add(
            new FieldError(
                where + "/monitor",
                "has no '"
                    + monitorTag
                    + "' tag, which names the monitor"
                    + " (sentinel.ingest.influx.monitor-tag)",
                RejectReason.MISSING_FIELD));
      }
      Long timestamp = null;
      if (parsed.timestamp() != null) {
        timestamp = precision.toMillis(parsed.timestamp());
        if (timestamp == null) {
          lineErrors.add(
              new FieldError(
                  where + "/timestamp",
                  "timestamp "
                      + parsed.timestamp()
                      + " is out of range for precision "
                      + precision.name().toLowerCase(Locale.ROOT),
                  RejectReason.WRONG_TYPE));
        }
      }
      for (LineProtocolParser.Field field : parsed.fields()) {
        if (field.value() == null) {
          strings++;
          continue;
        }
        if (samples.size() >= max) {
          throw RejectedException.tooManySamples(
              "A request may carry at most "
                  + max
                  + " numeric fields; this one has more (from "
                  + where
                  + " on). Lower Telegraf's metric_batch_size.");
        }
        String at = where + ": " + field.key();
        samples.add(
            new IncomingSample(
                at,
                monitor,
                parsed.measurement() + "_" + field.key(),
                labels,
                timestamp,
                field.value(),
                FieldError.rebase(lineErrors, where, at)));
      }
      if (end == text.length()) {
        break;
      }
    }
    return new DecodedBatch(samples, errors, STRING_FIELD, strings, Map.of());
  }

  private static String abbreviate(String line) {
    return line.length() <= 80 ? line : line.substring(0, 77) + "...";
  }
}
