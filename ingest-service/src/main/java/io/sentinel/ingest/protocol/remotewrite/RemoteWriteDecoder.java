package io.sentinel.ingest.protocol.remotewrite;

import com.google.protobuf.InvalidProtocolBufferException;
import io.sentinel.ingest.config.IngestConfig;
import io.sentinel.ingest.problem.FieldError;
import io.sentinel.ingest.problem.RejectReason;
import io.sentinel.ingest.problem.RejectedException;
import io.sentinel.ingest.prompb.Remote.Label;
import io.sentinel.ingest.prompb.Remote.TimeSeries;
import io.sentinel.ingest.prompb.Remote.WriteRequest;
import io.sentinel.ingest.protocol.DecodedBatch;
import io.sentinel.ingest.protocol.Decoder;
import io.sentinel.ingest.validation.IncomingSample;
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
public class RemoteWriteDecoder implements Decoder<byte[]> {
  /** The NaN Prometheus writes to mark a series stale; not a measurement. */
  public static final long STALE_NAN_BITS = 0x7ff0000000000002L;

  /** Reason tag of dropped stale markers. */
  public static final String STALE_MARKER = "stale_marker";

  private final IngestConfig config;

  public RemoteWriteDecoder(IngestConfig config) {
    this.config = config;
  }

  /**
   * Decodes {@code protobuf}; stale markers are dropped ({@value #STALE_MARKER}).
   *
   * @throws RejectedException 400 for a body that is not a WriteRequest, 413 for too many samples
   */
  @Override
  public DecodedBatch decode(byte[] protobuf) {
    WriteRequest request;
    try {
      request = WriteRequest.parseFrom(protobuf);
    } catch (InvalidProtocolBufferException e) {
      throw RejectedException.malformed(
          "The body is not a Prometheus remote_write WriteRequest: " + e.getMessage());
    }
    long total = 0;
    for (TimeSeries series : request.getTimeseriesList()) {
      total += series.getSamplesCount() + series.getHistogramsCount();
    }
    int max = config.maxSamplesPerRequest();
    if (total > max) {
      throw RejectedException.tooManySamples(
          "A request may carry at most "
              + max
              + " samples; this one has "
              + total
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
                "no label "
                    + String.join(" or ", monitorLabels)
                    + " names the monitor (sentinel.ingest.remote-write.monitor-labels)",
                RejectReason.MISSING_FIELD));
      }
      if (metric == null) {
        seriesErrors.add(
            new FieldError(
                where + "/metric", "the series has no __name__ label", RejectReason.MISSING_FIELD));
      }
      for (var s : series.getSamplesList()) {
        double value = s.getValue();
        if (Double.doubleToRawLongBits(value) == STALE_NAN_BITS) {
          stale++;
          continue;
        }
        samples.add(
            new IncomingSample(
                where + "@" + s.getTimestamp(),
                monitor,
                metric,
                labels,
                s.getTimestamp(),
                value,
                FieldError.rebase(seriesErrors, where, where + "@" + s.getTimestamp())));
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
    return DecodedBatch.dropping(samples, STALE_MARKER, stale);
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
