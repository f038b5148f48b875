package io.sentinel.query.limits;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import org.apache.commons.io.input.BoundedInputStream;

/**
 * Bounds the body of an {@link AnalyzeLimited} operation while it is read: the JSON or CSV reader
 * gets a stream (Commons IO's {@code BoundedInputStream}) that fails with 413 at the first byte
 * beyond {@code sentinel.limits.analyze.max-body-size}, so a huge body (sent chunked, without
 * Content-Length) is refused without being parsed whole.
 */
@Provider
@AnalyzeLimited
public class BodyLimit implements ReaderInterceptor {
  // looked up per request: RESTEasy creates filters and interceptors before the config is mapped
  @Inject Instance<LimitsConfig> limits;

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    long max = limits.get().analyze().maxBodySize().asLongValue();
    // one byte more than allowed may be read; the read after it fails
    context.setInputStream(
        BoundedInputStream.builder()
            .setInputStream(context.getInputStream())
            .setMaxCount(max + 1)
            .setPropagateClose(true)
            .setOnMaxCount(
                (limit, count) -> {
                  throw new TooLarge();
                })
            .get());
    try {
      return context.proceed();
    } catch (IOException | RuntimeException e) {
      if (tooLarge(e)) {
        throw LimitExceeded.bodyTooLarge(max);
      }
      throw e;
    }
  }

  /** Whether the bounded stream stopped the read; a JSON reader may have wrapped its exception. */
  private static boolean tooLarge(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof TooLarge) {
        return true;
      }
    }
    return false;
  }

  /** Thrown by the bounded stream; an IOException so readers pass it on unwrapped. */
  static final class TooLarge extends IOException {
    TooLarge() {
      super("request body too large");
    }
  }
}
