package io.sentinel.ingest.protocol.otlp;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.sentinel.ingest.config.IngestConfig;
import io.sentinel.ingest.problem.FieldError;
import io.sentinel.ingest.problem.RejectReason;
import io.sentinel.ingest.problem.RejectedException;
import io.sentinel.ingest.protocol.DecodedBatch;
import io.sentinel.ingest.protocol.Decoder;
import io.sentinel.ingest.validation.IncomingSample;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes an OTLP {@code ExportMetricsServiceRequest} (binary protobuf or OTLP JSON) into samples:
 * gauges and sums one sample per data point; histograms, exponential histograms and summaries
 * summarised as {@code name_count}, {@code name_sum} (and {@code name_min}, {@code name_max}, and
 * summary quantiles with label {@code quantile}). Monitor = the first of {@code
 * otlp.monitor-attributes} among the resource attributes; labels = the data point attributes.
 * Points flagged "no recorded value" are dropped (counted).
 */
@ApplicationScoped
public class OtlpDecoder implements Decoder<OtlpDecoder.Body> {
  /** Reason tag of dropped points flagged "no recorded value". */
  public static final String NO_RECORDED_VALUE = "no_recorded_value";

  private static final JsonFormat.Parser JSON = JsonFormat.parser().ignoringUnknownFields();

  private final IngestConfig config;

  public OtlpDecoder(IngestConfig config) {
    this.config = config;
  }

  /**
   * An OTLP request body.
   *
   * @param bytes the (inflated) body
   * @param json OTLP JSON ({@code application/json}) rather than binary protobuf
   */
  public record Body(byte[] bytes, boolean json) {}

  @Override
  public DecodedBatch decode(Body body) {
    return decode(parse(body.bytes(), body.json()));
  }

  /** Parses a binary or JSON request. */
  static ExportMetricsServiceRequest parse(byte[] body, boolean json) {
    try {
      if (json) {
        ExportMetricsServiceRequest.Builder builder = ExportMetricsServiceRequest.newBuilder();
        JSON.merge(new String(body, StandardCharsets.UTF_8), builder);
        return builder.build();
      }
      return ExportMetricsServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw RejectedException.malformed(
          "The body is not an OTLP ExportMetricsServiceRequest"
              + (json ? " in OTLP JSON" : " in protobuf")
              + ": "
              + e.getMessage());
    }
  }

  /** The samples of {@code request}. */
  DecodedBatch decode(ExportMetricsServiceRequest request) {
    int max = config.maxSamplesPerRequest();
    int points = 0;
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          points += pointCount(m);
        }
      }
    }
    if (points > max) {
      throw RejectedException.tooManySamples(
          "A request may carry at most "
              + max
              + " data points; this one has "
              + points
              + ". Lower the exporter's batch size (send_batch_max_size).");
    }
    List<IncomingSample> samples = new ArrayList<>(points);
    int noValue = 0;
    List<String> monitorAttributes = config.otlp().monitorAttributes();
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      String monitor = monitor(rm.getResource().getAttributesList(), monitorAttributes);
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          Emitter out = new Emitter(samples, monitor, m.getName(), monitorAttributes);
          switch (m.getDataCase()) {
            case GAUGE -> noValue += numbers(out, m.getGauge().getDataPointsList());
            case SUM -> noValue += numbers(out, m.getSum().getDataPointsList());
            case HISTOGRAM -> noValue += distributions(out, m.getHistogram().getDataPointsList());
            case EXPONENTIAL_HISTOGRAM ->
                noValue += distributions(out, m.getExponentialHistogram().getDataPointsList());
            case SUMMARY -> {
              int i = 0;
              for (SummaryDataPoint p : m.getSummary().getDataPointsList()) {
                if (noValue(p.getFlags())) {
                  noValue++;
                } else {
                  Map<String, String> labels = labels(p.getAttributesList());
                  long t = p.getTimeUnixNano();
                  out.add(i, "_count", labels, t, (double) p.getCount());
                  out.add(i, "_sum", labels, t, p.getSum());
                  for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
                    Map<String, String> withQuantile = new HashMap<>(labels);
                    withQuantile.put("quantile", Double.toString(q.getQuantile()));
                    out.add(i, "", withQuantile, t, q.getValue());
                  }
                }
                i++;
              }
            }
            default ->
                samples.add(
                    new IncomingSample(
                        "metric '" + m.getName() + "'",
                        monitor,
                        m.getName(),
                        Map.of(),
                        null,
                        null,
                        List.of(
                            new FieldError(
                                "metric '" + m.getName() + "'/value",
                                "has no data (gauge, sum, histogram, exponential histogram or summary)",
                                RejectReason.UNSUPPORTED))));
          }
        }
      }
    }
    if (samples.size() > max) {
      // histogram and summary points become several samples each (count, sum, min, max, quantiles)
      throw RejectedException.tooManySamples(
          "A request may carry at most "
              + max
              + " samples; its "
              + points
              + " data points make "
              + samples.size()
              + " (a histogram point is up to 4, a summary point 2 plus one per"
              + " quantile). Lower the exporter's batch size (send_batch_max_size).");
    }
    return DecodedBatch.dropping(samples, NO_RECORDED_VALUE, noValue);
  }

  private static int numbers(Emitter out, List<NumberDataPoint> points) {
    int noValue = 0;
    int i = 0;
    for (NumberDataPoint p : points) {
      if (noValue(p.getFlags())) {
        noValue++;
      } else {
        Double value =
            switch (p.getValueCase()) {
              case AS_DOUBLE -> p.getAsDouble();
              case AS_INT -> (double) p.getAsInt();
              default -> null;
            };
        out.add(i, "", labels(p.getAttributesList()), p.getTimeUnixNano(), value);
      }
      i++;
    }
    return noValue;
  }

  /** What a histogram or exponential histogram point is summarised by; absent parts null. */
  private record Distribution(
      int flags,
      List<KeyValue> attributes,
      long timeUnixNano,
      long count,
      Double sum,
      Double min,
      Double max) {

    /**
     * A histogram or exponential histogram point: the fields both messages have, by their names in
     * the .proto (the two generated classes share no interface).
     */
    @SuppressWarnings("unchecked")
    static Distribution of(Message point) {
      Descriptor type = point.getDescriptorForType();
      return new Distribution(
          (Integer) point.getField(type.findFieldByName("flags")),
          (List<KeyValue>) point.getField(type.findFieldByName("attributes")),
          (Long) point.getField(type.findFieldByName("time_unix_nano")),
          (Long) point.getField(type.findFieldByName("count")),
          optional(point, type.findFieldByName("sum")),
          optional(point, type.findFieldByName("min")),
          optional(point, type.findFieldByName("max")));
    }

    private static Double optional(Message point, FieldDescriptor field) {
      return point.hasField(field) ? (Double) point.getField(field) : null;
    }
  }

  /** Histogram points as their count, sum, min and max series (bucket counts are not kept). */
  private static int distributions(Emitter out, List<? extends Message> points) {
    int noValue = 0;
    int i = 0;
    for (Message point : points) {
      Distribution p = Distribution.of(point);
      if (noValue(p.flags())) {
        noValue++;
      } else {
        Map<String, String> labels = labels(p.attributes());
        long t = p.timeUnixNano();
        out.add(i, "_count", labels, t, (double) p.count());
        if (p.sum() != null) {
          out.add(i, "_sum", labels, t, p.sum());
        }
        if (p.min() != null) {
          out.add(i, "_min", labels, t, p.min());
        }
        if (p.max() != null) {
          out.add(i, "_max", labels, t, p.max());
        }
      }
      i++;
    }
    return noValue;
  }

  private static boolean noValue(int flags) {
    return (flags & DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE) != 0;
  }

  private static int pointCount(Metric m) {
    return switch (m.getDataCase()) {
      case GAUGE -> m.getGauge().getDataPointsCount();
      case SUM -> m.getSum().getDataPointsCount();
      case HISTOGRAM -> m.getHistogram().getDataPointsCount();
      case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsCount();
      case SUMMARY -> m.getSummary().getDataPointsCount();
      default -> 1;
    };
  }

  private static String monitor(List<KeyValue> attributes, List<String> names) {
    String found = null;
    int rank = Integer.MAX_VALUE;
    for (KeyValue kv : attributes) {
      int r = names.indexOf(kv.getKey());
      if (r >= 0 && r < rank) {
        String v = text(kv.getValue());
        if (!v.isEmpty()) {
          found = v;
          rank = r;
        }
      }
    }
    return found;
  }

  private static Map<String, String> labels(List<KeyValue> attributes) {
    Map<String, String> labels = new HashMap<>(attributes.size() * 2);
    for (KeyValue kv : attributes) {
      labels.put(kv.getKey(), text(kv.getValue()));
    }
    return labels;
  }

  /** An attribute value as a label value: strings as they are, other kinds in OTLP JSON. */
  static String text(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case INT_VALUE -> Long.toString(v.getIntValue());
      case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
      case VALUE_NOT_SET -> "";
      default -> {
        try {
          yield JsonFormat.printer().omittingInsignificantWhitespace().print(v);
        } catch (InvalidProtocolBufferException e) {
          yield v.toString();
        }
      }
    };
  }

  /** Turns data points of one metric into samples. */
  private static final class Emitter {
    private final List<IncomingSample> samples;
    private final String monitor;
    private final String name;
    private final List<String> monitorAttributes;

    Emitter(
        List<IncomingSample> samples, String monitor, String name, List<String> monitorAttributes) {
      this.samples = samples;
      this.monitor = monitor;
      this.name = name;
      this.monitorAttributes = monitorAttributes;
    }

    void add(
        int point, String suffix, Map<String, String> labels, long timeUnixNano, Double value) {
      String metric = name + suffix;
      String where = "metric '" + metric + "' point " + point;
      List<FieldError> errors = new ArrayList<>(2);
      if (monitor == null) {
        errors.add(
            new FieldError(
                where + "/monitor",
                "the resource has no attribute "
                    + String.join(" or ", monitorAttributes)
                    + " to name the monitor (sentinel.ingest.otlp.monitor-attributes)",
                RejectReason.MISSING_FIELD));
      }
      if (value == null) {
        errors.add(
            new FieldError(
                where + "/value", "the data point has no value", RejectReason.MISSING_FIELD));
      }
      Long ts = timeUnixNano == 0 ? null : Math.floorDiv(timeUnixNano, 1_000_000L);
      samples.add(new IncomingSample(where, monitor, metric, labels, ts, value, errors));
    }
  }
}
