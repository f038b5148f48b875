package io.sentinel.ingest.protocol;

import io.sentinel.ingest.problem.RejectedException;

/**
 * The one shape of every protocol's decoder (as Prometheus' textparse has one parser interface per
 * format): what a request of that protocol carries in, one {@link DecodedBatch} out. Each protocol
 * package holds its resource and its decoder side by side; the resource reads and limits the body
 * ({@link io.sentinel.ingest.limits.BodyReader}), the decoder turns it into samples, and {@link
 * io.sentinel.ingest.publish.SampleIngestor} validates and publishes them the same way for all.
 *
 * @param <I> what the decoder reads: the inflated body, plus what the protocol needs to read it
 *     (content type, precision, query parameters)
 */
@FunctionalInterface
public interface Decoder<I> {

  /**
   * Decodes {@code input}.
   *
   * @throws RejectedException when the request as a whole cannot be read (not the protocol's
   *     format, too many samples); a sample or line that is wrong on its own is reported in the
   *     batch instead
   */
  DecodedBatch decode(I input);
}
