package io.sentinel.ingest.service;

import com.google.protobuf.InvalidProtocolBufferException;
import io.sentinel.ingest.FieldError;
import io.sentinel.ingest.IncomingSample;
import io.sentinel.ingest.ProblemDetail;
import io.sentinel.ingest.ProblemException;
import io.sentinel.ingest.RejectReason;
import io.sentinel.ingest.config.IngestConfig;
import io.sentinel.ingest.prompb.Remote.Label;
import io.sentinel.ingest.prompb.Remote.TimeSeries;
import io.sentinel.ingest.prompb.Remote.WriteRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a Prometheus remote_write 1.0 {@code WriteRequest} (already un-snappied) into samples:
 * metric = {@code __name__}, monitor = the first of {@code remote-write.monitor-labels} present
 * (that label is not repeated in labels), the other labels kept. Stale markers are dropped.
 */
@ApplicationScoped
public class RemoteWriteDecoder {
  /** The NaN Prometheus writes to mark a series stale; not a measurement. */
  public static final long STALE_NAN_BITS = 0x7ff0000000000002L;

  /** Reason tag of dropped stale markers. */
  public static final String STALE_MARKER = "stale_marker";

  private final IngestConfig config;

  public RemoteWriteDecoder(IngestConfig config) {
    this.config = config;
  }

  /**
   * The samples of a decoded request and how many stale markers were dropped.
   *
   * @param samples the samples to validate, stale markers excluded
   * @param staleMarkers stale markers dropped
   */
  public record Decoded(List<IncomingSample> samples, int staleMarkers) {}

  /**
   * Decodes {@code protobuf}.
   *
   * @throws ProblemException 400 for a body that is not a WriteRequest, 413 for too many samples
   */
  public Decoded decode(byte[] protobuf) {
    WriteRequest request;
    try {
      request = WriteRequest.parseFrom(protobuf);
    } catch (InvalidProtocolBufferException e) {
      throw new ProblemException(
          ProblemDetail.of(
              "malformed-request",
              "Malformed request",
              400,
              "The body is not a Prometheus remote_write WriteRequest: " + e.getMessage()),
          RejectReason.MALFORMED);
    }
    long total = 0;
    for (TimeSeries series : request.getTimeseriesList()) {
      total += series.getSamplesCount() + series.getHistogramsCount();
    }
    int max = config.maxSamplesPerRequest();
    if (total > max) {
      throw ProblemException.tooManySamples(
          "A request may carry at most " + max + " samples; this one has " + total
              + ". Lower queue_config.max_samples_per_send.");
    }
    List<IncomingSample> samples = new ArrayList<>((int) total);
    int stale = 0;
    List<String> monitorLabels = config.remoteWrite().monitorLabels();
    for (TimeSeries series : request.getTimeseriesList()) {
      String metric = null;
      String monitor = null;
      int monitorRank = Integer.MAX_VALUE;
      String monitorLabel = null;
      Map<String, String> labels = new HashMap<>(series.getLabelsCount() * 2);
      for (Label label : series.getLabelsList()) {
        String name = label.getName();
        if (name.equals("__name__")) {
          metric = label.getValue();
          continue;
        }
        labels.put(name, label.getValue());
        int rank = monitorLabels.indexOf(name);
        if (rank >= 0 && rank < monitorRank && !label.getValue().isEmpty()) {
          monitorRank = rank;
          monitor = label.getValue();
          monitorLabel = name;
        }
      }
      if (monitorLabel != null) {
        labels.remove(monitorLabel);
      }
      String where = describe(series);
      List<FieldError> seriesErrors = new ArrayList<>(1);
      if (monitor == null) {
        seriesErrors.add(
            new FieldError(
                where + "/monitor",
                "no label " + String.join(" or ", monitorLabels)
                    + " names the monitor (sentinel.ingest.remote-write.monitor-labels)",
                RejectReason.MISSING_FIELD));
      }
      if (metric == null) {
        seriesErrors.add(
            new FieldError(where + "/metric", "the series has no __name__ label", RejectReason.MISSING_FIELD));
      }
      for (var s : series.getSamplesList()) {
        double value = s.getValue();
        if (Double.doubleToRawLongBits(value) == STALE_NAN_BITS) {
          stale++;
          continue;
        }
        samples.add(
            new IncomingSample(
                where + "@" + s.getTimestamp(), monitor, metric, labels, s.getTimestamp(), value, rebase(seriesErrors, where, where + "@" + s.getTimestamp())));
      }
      for (int h = 0; h < series.getHistogramsCount(); h++) {
        String at = where + "/histograms/" + h;
        samples.add(
            new IncomingSample(
                at,
                monitor,
                metric,
                labels,
                null,
                null,
                List.of(
                    new FieldError(
                        at + "/value",
                        "native histograms are not supported; send classic histograms"
                            + " (send_native_histograms: false)",
                        RejectReason.UNSUPPORTED))));
      }
    }
    return new Decoded(samples, stale);
  }

  private static List<FieldError> rebase(List<FieldError> errors, String from, String to) {
    if (errors.isEmpty()) {
      return List.of();
    }
    List<FieldError> result = new ArrayList<>(errors.size());
    for (FieldError e : errors) {
      result.add(new FieldError(to + e.pointer().substring(from.length()), e.detail(), e.reason()));
    }
    return result;
  }

  /** The series as Prometheus writes it, {@code name{label="value",...}}: the error location. */
  static String describe(TimeSeries series) {
    StringBuilder name = new StringBuilder();
    StringBuilder rest = new StringBuilder();
    for (Label label : series.getLabelsList()) {
      if (label.getName().equals("__name__")) {
        name.append(label.getValue());
      } else {
        if (rest.length() > 0) {
          rest.append(',');
        }
        rest.append(label.getName()).append("=\"").append(abbreviate(label.getValue())).append('"');
      }
    }
    return name.append('{').append(rest).append('}').toString();
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }
}
