package io.sentinel.ingest.limits;

import io.sentinel.ingest.config.IngestConfig;
import io.sentinel.ingest.problem.RejectReason;
import io.sentinel.ingest.problem.RejectedException;
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

  public BodyReader(IngestConfig config) {
    this.config = config;
  }

  /**
   * The body, inflated when {@code Content-Encoding} is gzip; identity otherwise.
   *
   * @param contentEncoding the header, null when absent
   */
  public byte[] read(InputStream body, String contentLength, String contentEncoding) {
    long limit = config.maxBodySize().asLongValue();
    if (declaredLength(contentLength) > limit) {
      throw tooLarge(limit);
    }
    String encoding =
        contentEncoding == null ? "identity" : contentEncoding.strip().toLowerCase(Locale.ROOT);
    InputStream wire = new LimitedInputStream(body, limit);
    try {
      switch (encoding) {
        case "", "identity":
          return wire.readAllBytes();
        case "gzip", "x-gzip":
          long inflated = config.maxDecompressedSize().asLongValue();
          try (InputStream in =
              new LimitedInputStream(new GZIPInputStream(wire, 8192), inflated) {
                @Override
                protected IOException tooLarge(long max) {
                  return new DecompressedTooLargeException(max);
                }
              }) {
            return in.readAllBytes();
          }
        default:
          throw unsupportedEncoding(
              "Content-Encoding '" + contentEncoding + "' is not supported; use gzip or none.");
      }
    } catch (DecompressedTooLargeException e) {
      throw decompressedTooLarge(e.limit);
    } catch (LimitedInputStream.BodyTooLargeException e) {
      throw tooLarge(limit);
    } catch (ZipException | java.io.EOFException e) {
      throw unreadable("The gzip body is corrupt or truncated: " + e.getMessage());
    } catch (IOException e) {
      throw unreadable("Could not read the body: " + e.getMessage());
    }
  }

  /** A Snappy block (remote_write's framing-free format), inflated within the limit. */
  public byte[] unsnappy(byte[] compressed) {
    long limit = config.maxDecompressedSize().asLongValue();
    try {
      // the declared length is read from the block's header before anything is allocated
      int length = Snappy.uncompressedLength(compressed);
      if (length < 0 || length > limit) {
        throw decompressedTooLarge(limit);
      }
      if (!Snappy.isValidCompressedBuffer(compressed)) {
        throw unreadable(
            "The body is not a valid Snappy block (remote_write uses the block format, not the"
                + " framed one).");
      }
      return Snappy.uncompress(compressed);
    } catch (IOException e) {
      throw unreadable("The body is not a valid Snappy block: " + e.getMessage());
    }
  }

  /** 415: the body is compressed in a way this endpoint does not read. */
  public static RejectedException unsupportedEncoding(String detail) {
    return RejectedException.of(
        "unsupported-encoding",
        "Unsupported Content-Encoding",
        415,
        detail,
        RejectReason.MALFORMED);
  }

  private static RejectedException unreadable(String detail) {
    return RejectedException.of(
        "unreadable-body", "Unreadable body", 400, detail, RejectReason.MALFORMED);
  }

  private static RejectedException tooLarge(long limit) {
    return RejectedException.of(
        "body-too-large",
        "Body too large",
        413,
        "The request body exceeds the limit of " + limit + " bytes; send smaller batches.",
        RejectReason.BODY_TOO_LARGE);
  }

  private static RejectedException decompressedTooLarge(long limit) {
    return RejectedException.of(
        "decompressed-too-large",
        "Decompressed body too large",
        413,
        "The body inflates to more than "
            + limit
            + " bytes (sentinel.ingest.max-decompressed-size); send smaller batches.",
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
