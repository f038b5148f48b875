package io.sentinel.detector.topology;

import io.sentinel.contract.EventType;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Rollup;
import io.sentinel.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

/** Everything the detector sends: events, rollups and dead letters, each to its sink. */
final class Emitter {
  private static final Logger LOG = Logger.getLogger(Emitter.class);

  private final ProcessorContext<String, Object> context;

  Emitter(ProcessorContext<String, Object> context) {
    this.context = context;
  }

  /** Sends {@code e} as an event of {@code tenant}, keyed by {@code tenant/monitor}. */
  void event(String tenant, MonitorEvent e) {
    MonitorEvent t = e.inTenant(tenant);
    context.forward(new Record<>(t.key(), t, t.time()), Names.EVENTS_SINK);
  }

  void rollup(Rollup r) {
    context.forward(new Record<>(r.series(), r, r.lastTimestamp()), Names.ROLLUPS_SINK);
  }

  /** Sends a record as it came (its original bytes and headers) to the dead-letter topic. */
  void deadLetter(String key, byte[] value, Headers original, String reason) {
    LOG.warnf("sample of monitor %s sent to %s: %s", key, Topics.dlq(Topics.SAMPLES), reason);
    context.forward(
        // stamped now: the source record's own time may be what made it unprocessable
        new Record<String, Object>(
            key, value, context.currentSystemTimeMs(), withReason(original, reason)),
        Names.DLQ_SINK);
  }

  static Headers withReason(Headers original, String reason) {
    RecordHeaders headers = new RecordHeaders(original == null ? null : original.toArray());
    headers.add(Topics.DLQ_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  /**
   * Deterministic ids: reprocessing the same input yields the same event, which consumers dedupe.
   */
  static String eventId(EventType type, String subject, long time) {
    return UUID.nameUUIDFromBytes(
            (type.wire() + '|' + subject + '|' + time).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  static String human(long ms) {
    if (ms < 120_000) {
      return String.format(Locale.ROOT, "%d s", Math.round(ms / 1000.0));
    }
    if (ms < 7_200_000) {
      return String.format(Locale.ROOT, "%d min", Math.round(ms / 60_000.0));
    }
    return String.format(Locale.ROOT, "%.1f h", ms / 3_600_000.0);
  }
}
