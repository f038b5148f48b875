package io.sentinel.detector.topology;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

/** The policy of {@link StreamThreadRecovery} on its own clock. */
class StreamThreadRecoveryTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final StreamsException commitRefused =
      new StreamsException(
          "Error encountered trying to commit a transaction",
          new InvalidTxnStateException("invalid state"));

  @Test
  void aDeadThreadIsReplacedUpToTheAllowanceWithinTheWindowThenTheClientShutsDown() {
    StreamThreadRecovery r = new StreamThreadRecovery(3, Duration.ofMinutes(10), now::get);
    for (int i = 0; i < 3; i++) {
      assertThat(r.handle(commitRefused)).isEqualTo(REPLACE_THREAD);
      now.addAndGet(60_000);
    }
    assertThat(r.handle(commitRefused)).isEqualTo(SHUTDOWN_CLIENT);
    assertThat(r.replacements()).isEqualTo(3);
  }

  @Test
  void deathsOlderThanTheWindowNoLongerCount() {
    StreamThreadRecovery r = new StreamThreadRecovery(2, Duration.ofMinutes(10), now::get);
    assertThat(r.handle(commitRefused)).isEqualTo(REPLACE_THREAD);
    now.addAndGet(9 * 60_000);
    assertThat(r.handle(commitRefused)).isEqualTo(REPLACE_THREAD);
    now.addAndGet(60_000); // the first death is now exactly 10 minutes old
    assertThat(r.handle(commitRefused)).isEqualTo(REPLACE_THREAD);
    assertThat(r.handle(commitRefused)).isEqualTo(SHUTDOWN_CLIENT);
    assertThat(r.replacements()).isEqualTo(3);
  }

  @Test
  void aVirtualMachineErrorShutsTheClientDownAtOnce() {
    StreamThreadRecovery r = new StreamThreadRecovery(5, Duration.ofMinutes(10), now::get);
    assertThat(r.handle(new StreamsException(new OutOfMemoryError("Java heap space"))))
        .isEqualTo(SHUTDOWN_CLIENT);
    assertThat(r.replacements()).isZero();
  }

  @Test
  void noAllowanceIsKafkaStreamsOwnDefault() {
    StreamThreadRecovery r = new StreamThreadRecovery(0, Duration.ofMinutes(10), now::get);
    assertThat(r.handle(commitRefused)).isEqualTo(SHUTDOWN_CLIENT);
  }

  @Test
  void settingsOutOfRangeAreRefusedByName() {
    assertThatThrownBy(() -> new StreamThreadRecovery(-1, Duration.ofMinutes(1), now::get))
        .hasMessageContaining("sentinel.detector.recovery.max-thread-replacements must be >= 0");
    assertThatThrownBy(() -> new StreamThreadRecovery(1, Duration.ZERO, now::get))
        .hasMessageContaining("sentinel.detector.recovery.window must be positive");
  }
}
