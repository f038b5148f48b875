package io.sentinel.ingest.validation;

import io.sentinel.ingest.problem.FieldError;
import java.util.List;
import java.util.Map;

/**
 * A sample as a protocol decoder read it, before validation. Fields the decoder could not read are
 * null and explained in {@code decodeErrors}.
 *
 * @param location JSON pointer of the sample in the request (e.g. {@code /samples/3}); field
 *     pointers are built below it
 * @param monitor the monitor, null when absent
 * @param metric the metric name, null when absent
 * @param labels the labels read so far; never null
 * @param timestamp epoch milliseconds, null when absent (the receive time is used)
 * @param value the value as read, possibly non-finite; null when absent
 * @param decodeErrors what the decoder could not read (wrong types); never null
 */
public record IncomingSample(
    String location,
    String monitor,
    String metric,
    Map<String, String> labels,
    Long timestamp,
    Double value,
    List<FieldError> decodeErrors) {

  public IncomingSample {
    labels = labels == null ? Map.of() : labels;
    decodeErrors = decodeErrors == null ? List.of() : List.copyOf(decodeErrors);
  }

  /** The pointer of {@code field} of this sample, e.g. {@code /samples/3/value}. */
  public String pointer(String field) {
    return location + "/" + field;
  }
}
