package io.sentinel.ingest.rest;

import io.sentinel.ingest.ProblemDetail;
import io.sentinel.ingest.ProblemException;
import io.sentinel.ingest.RejectReason;
import io.sentinel.ingest.config.IngestConfig;
import io.sentinel.ingest.service.IngestMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.xerial.snappy.Snappy;

/**
 * Reads request bodies within the limits: at most {@code max-body-size} bytes on the wire, at most
 * {@code max-decompressed-size} once inflated (checked while inflating, so a zip bomb costs no more
 * than the limit), and refuses encodings it does not know.
 */
@ApplicationScoped
public class BodyReader {
  private final IngestConfig config;
  private final IngestMetrics metrics;

  public BodyReader(IngestConfig config, IngestMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  /**
   * The body, inflated when {@code Content-Encoding} is gzip; identity otherwise.
   *
   * @param contentEncoding the header, null when absent
   */
  public byte[] read(
      Protocol protocol, InputStream body, String contentLength, String contentEncoding) {
    long limit = config.maxBodySize().asLongValue();
    if (declaredLength(contentLength) > limit) {
      throw tooLarge(protocol, limit);
    }
    String encoding = contentEncoding == null ? "identity" : contentEncoding.strip().toLowerCase(Locale.ROOT);
    InputStream wire = new LimitedInputStream(body, limit);
    try {
      switch (encoding) {
        case "", "identity":
          return wire.readAllBytes();
        case "gzip", "x-gzip":
          long inflated = config.maxDecompressedSize().asLongValue();
          try (InputStream in = new LimitedInputStream(new GZIPInputStream(wire, 8192), inflated) {
            @Override
            protected IOException tooLarge(long max) {
              return new DecompressedTooLargeException(max);
            }
          }) {
            return in.readAllBytes();
          }
        default:
          metrics.requestRejected(protocol.tag(), RejectReason.MALFORMED);
          throw new ProblemException(
              ProblemDetail.of(
                  "unsupported-encoding",
                  "Unsupported Content-Encoding",
                  415,
                  "Content-Encoding '" + contentEncoding + "' is not supported; use gzip or none."),
              RejectReason.MALFORMED);
      }
    } catch (DecompressedTooLargeException e) {
      throw decompressedTooLarge(protocol, e.limit);
    } catch (LimitedInputStream.BodyTooLargeException e) {
      throw tooLarge(protocol, limit);
    } catch (ZipException | java.io.EOFException e) {
      throw unreadable(protocol, "The gzip body is corrupt or truncated: " + e.getMessage());
    } catch (IOException e) {
      throw unreadable(protocol, "Could not read the body: " + e.getMessage());
    }
  }

  /** A Snappy block (remote_write's framing-free format), inflated within the limit. */
  public byte[] unsnappy(Protocol protocol, byte[] compressed) {
    long limit = config.maxDecompressedSize().asLongValue();
    try {
      // the declared length is read from the block's header before anything is allocated
      int length = Snappy.uncompressedLength(compressed);
      if (length < 0 || length > limit) {
        throw decompressedTooLarge(protocol, limit);
      }
      if (!Snappy.isValidCompressedBuffer(compressed)) {
        throw unreadable(
            protocol,
            "The body is not a valid Snappy block (remote_write uses the block format, not the"
                + " framed one).");
      }
      return Snappy.uncompress(compressed);
    } catch (IOException e) {
      throw unreadable(protocol, "The body is not a valid Snappy block: " + e.getMessage());
    }
  }

  ProblemException unreadable(Protocol protocol, String detail) {
    metrics.requestRejected(protocol.tag(), RejectReason.MALFORMED);
    return new ProblemException(
        ProblemDetail.of("unreadable-body", "Unreadable body", 400, detail), RejectReason.MALFORMED);
  }

  ProblemException tooLarge(Protocol protocol, long limit) {
    metrics.requestRejected(protocol.tag(), RejectReason.BODY_TOO_LARGE);
    return new ProblemException(
        ProblemDetail.of(
            "body-too-large",
            "Body too large",
            413,
            "The request body exceeds the limit of " + limit + " bytes; send smaller batches."),
        RejectReason.BODY_TOO_LARGE);
  }

  private ProblemException decompressedTooLarge(Protocol protocol, long limit) {
    metrics.requestRejected(protocol.tag(), RejectReason.DECOMPRESSED_TOO_LARGE);
    return new ProblemException(
        ProblemDetail.of(
            "decompressed-too-large",
            "Decompressed body too large",
            413,
            "The body inflates to more than "
                + limit
                + " bytes (sentinel.ingest.max-decompressed-size); send smaller batches."),
        RejectReason.DECOMPRESSED_TOO_LARGE);
  }

  static long declaredLength(String contentLength) {
    if (contentLength == null) {
      return -1;
    }
    try {
      return Long.parseLong(contentLength.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The inflated body exceeded {@code max-decompressed-size}. */
  static final class DecompressedTooLargeException extends IOException {
    final long limit;

    DecompressedTooLargeException(long limit) {
      super("decompressed body exceeds " + limit + " bytes");
      this.limit = limit;
    }
  }
}
