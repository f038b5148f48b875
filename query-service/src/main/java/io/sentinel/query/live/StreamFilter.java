package io.sentinel.query.live;

import io.sentinel.query.api.Params;
import io.sentinel.query.events.EventResource;
import io.sentinel.query.events.EventRow;
import java.util.List;

/**
 * What a live client (SSE or WebSocket) wants: some event types, one monitor, as {@code GET
 * /api/events} filters them. Filtering happens after the resume, so seqs and Last-Event-ID keep
 * their meaning: a filtered client resumes from the last seq it received and misses nothing it
 * asked for. A {@code replay_truncated} notice always passes.
 *
 * @param types the types to keep; empty: all
 * @param monitor the monitor to keep, or null: all
 */
public record StreamFilter(List<String> types, String monitor) {
  public static final StreamFilter ALL = new StreamFilter(List.of(), null);

  /** Parses {@code type} (comma-separated) and {@code monitor}; problems go to {@code p}. */
  public static StreamFilter parse(Params p, String type, String monitor) {
    return new StreamFilter(
        p.someOf("type", type, EventResource.TYPES),
        monitor == null || monitor.isBlank() ? null : monitor.trim());
  }

  public boolean keeps(EventRow row) {
    if (EventStream.REPLAY_TRUNCATED.equals(row.type())) {
      return true;
    }
    return (types.isEmpty() || types.contains(row.type()))
        && (monitor == null || monitor.equals(row.monitor()));
  }
}
