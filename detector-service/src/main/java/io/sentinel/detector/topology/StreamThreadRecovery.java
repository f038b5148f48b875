package io.sentinel.detector.topology;

import io.sentinel.detector.config.DetectorConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

/**
 * What the detector does when one of its stream threads dies of an exception Kafka Streams does not
 * handle itself. Kafka Streams' default is to shut the whole client down for good: after a broker
 * restart refused one transaction commit ({@code InvalidTxnStateException}), the detector stopped
 * processing until something restarted the process, while ingest went on accepting samples.
 *
 * <p>Instead the thread is replaced: the new thread rejoins the group, takes the tasks back, wipes
 * any state written since the last commit (exactly-once) and reprocesses from the committed
 * offsets, so nothing accepted is lost and nothing is emitted twice. A thread that keeps dying is a
 * fault a new thread does not cure: past {@code maxReplacements} deaths within {@code window} the
 * client is shut down, liveness reports DOWN and the orchestrator restarts the instance. A {@link
 * VirtualMachineError} (out of memory, say) shuts the client down at once: the JVM is not to be
 * trusted with a new thread.
 *
 * <p>The Quarkus Kafka Streams extension installs the application's {@link
 * StreamsUncaughtExceptionHandler} bean before it starts the client.
 */
@Singleton
public class StreamThreadRecovery implements StreamsUncaughtExceptionHandler {
  private static final Logger LOG = Logger.getLogger(StreamThreadRecovery.class);

  private final int maxReplacements;
  private final long windowMs;
  private final LongSupplier clock;
  private final Deque<Long> replacedAt = new ArrayDeque<>();
  private int replacements;

  @Inject
  public StreamThreadRecovery(DetectorConfig config) {
    this(
        config.recovery().maxThreadReplacements(),
        config.recovery().window(),
        System::currentTimeMillis);
  }

  public StreamThreadRecovery(int maxReplacements, Duration window, LongSupplier clock) {
    if (maxReplacements < 0) {
      throw new IllegalArgumentException(
          "sentinel.detector.recovery.max-thread-replacements must be >= 0, was "
              + maxReplacements);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException(
          "sentinel.detector.recovery.window must be positive, was " + window);
    }
    this.maxReplacements = maxReplacements;
    this.windowMs = window.toMillis();
    this.clock = clock;
  }

  @Override
  public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
    if (vmError(exception)) {
      LOG.errorf(
          "a stream thread died of %s; shutting this detector's Kafka Streams client down (liveness"
              + " reports DOWN, so the instance is restarted)",
          rootCause(exception));
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    long now = clock.getAsLong();
    while (!replacedAt.isEmpty() && replacedAt.peekFirst() <= now - windowMs) {
      replacedAt.pollFirst();
    }
    if (replacedAt.size() >= maxReplacements) {
      LOG.errorf(
          "a stream thread died (%s): %d deaths within %s, %d replacements allowed. A new"
              + " thread does not cure this: shutting this detector's Kafka Streams client down"
              + " (liveness reports DOWN, so the instance is restarted)",
          rootCause(exception),
          replacedAt.size() + 1,
          Duration.ofMillis(windowMs),
          maxReplacements);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    replacedAt.addLast(now);
    replacements++;
    LOG.warnf(
        "a stream thread died (%s); replacing it (%d of %d replacements allowed within %s). Its"
            + " tasks resume from their last commit once the group has rebalanced: nothing accepted"
            + " is lost or emitted twice",
        rootCause(exception), replacedAt.size(), maxReplacements, Duration.ofMillis(windowMs));
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  /** Threads replaced since this instance started. */
  public synchronized int replacements() {
    return replacements;
  }

  /** The innermost cause, which says what happened (Kafka Streams logs the whole trace itself). */
  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }

  private static boolean vmError(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof VirtualMachineError) {
        return true;
      }
    }
    return false;
  }
}
