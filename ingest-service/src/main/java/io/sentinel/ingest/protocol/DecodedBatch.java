package io.sentinel.ingest.protocol;

import io.sentinel.ingest.problem.FieldError;
import io.sentinel.ingest.validation.IncomingSample;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Decoder} read from one request.
 *
 * @param samples the samples to validate, fields the decoder could not read explained in each
 *     sample's decode errors
 * @param unparsable the parts of the request that are not the protocol's format (line protocol's
 *     bad lines), each with its monitor where it could be read; the rest of the batch still counts
 * @param droppedReason why {@code dropped} samples were skipped on purpose (stale markers, string
 *     fields, "no recorded value" points), the {@code reason} tag of their counter; null for none
 * @param dropped how many samples were skipped on purpose
 * @param headers record headers for every sample of the batch (heartbeat status and message)
 */
public record DecodedBatch(
    List<IncomingSample> samples,
    List<Unparsable> unparsable,
    String droppedReason,
    int dropped,
    Map<String, String> headers) {

  public DecodedBatch {
    samples = List.copyOf(samples);
    unparsable = List.copyOf(unparsable);
    headers = Map.copyOf(headers);
  }

  /** Just samples. */
  public static DecodedBatch of(List<IncomingSample> samples) {
    return new DecodedBatch(samples, List.of(), null, 0, Map.of());
  }

  /** Samples, and {@code dropped} more skipped on purpose for {@code reason}. */
  public static DecodedBatch dropping(List<IncomingSample> samples, String reason, int dropped) {
    return new DecodedBatch(samples, List.of(), reason, dropped, Map.of());
  }

  /**
   * A part of the request that is not the protocol's format.
   *
   * @param error where (e.g. {@code line 3}) and what
   * @param monitor the monitor it names, if that could be read; else null
   */
  public record Unparsable(FieldError error, String monitor) {}
}
