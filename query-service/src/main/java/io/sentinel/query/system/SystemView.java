package io.sentinel.query.system;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Sentinel's own state, as {@code GET /api/system} shows it. Measured by the check every {@code
 * sentinel.system.check-interval}; a field that could not be measured is null and {@code problems}
 * says why.
 *
 * @param checkedAt when this was measured
 * @param detection whether detection keeps up, and what the dashboard's banner says
 * @param services each service: up (answers), ready
 * @param ingest samples accepted and rejected by ingest, from its metrics
 * @param detector the detector's consumer group on sentinel.samples and its newest output
 * @param query this service's consumer group on sentinel.events and sentinel.rollups
 * @param deadLetters each dead-letter topic: records in it and the newest with their reasons
 * @param sseClients live-stream clients of this replica
 * @param problems what could not be measured, and why
 */
public record SystemView(
    Instant checkedAt,
    Detection detection,
    List<Service> services,
    Ingest ingest,
    Detector detector,
    Query query,
    List<DeadLetterTopic> deadLetters,
    int sseClients,
    List<String> problems) {

  /**
   * This view as a caller of some tenants sees it: the dead letters and the newest event of its
   * tenants only. Counts, lags and rates are of the whole installation (they name no monitor).
   */
  public SystemView visibleTo(Predicate<String> sees) {
    List<DeadLetterTopic> letters =
        deadLetters == null
            ? null
            : deadLetters.stream()
                .map(
                    t ->
                        new DeadLetterTopic(
                            t.topic(),
                            t.source(),
                            t.count(),
                            t.newest().stream().filter(d -> sees.test(d.tenant())).toList()))
                .toList();
    Query q =
        query == null || query.lastEvent() == null || sees.test(query.lastEvent().tenant())
            ? query
            : new Query(query.group(), query.lag(), query.delaySeconds(), null);
    return new SystemView(
        checkedAt, detection, services, ingest, detector, q, letters, sseClients, problems);
  }

  /**
   * Whether detection keeps up.
   *
   * @param state ok, delayed (behind by more than the threshold), stopped (the detector does not
   *     answer, or its group has no member), or unknown (not measured yet)
   * @param stale whether monitor statuses may be out of date (delayed or stopped)
   * @param delaySeconds how long the oldest unprocessed sample has waited
   * @param thresholdSeconds the delay beyond which detection counts as delayed
   * @param stoppedAt when the detector was last seen answering, for state stopped
   * @param since when the current state began (as seen by this replica)
   * @param message what the banner says, e.g. "detection delayed by 40 s"
   */
  public record Detection(
      String state,
      boolean stale,
      Long delaySeconds,
      long thresholdSeconds,
      Instant stoppedAt,
      Instant since,
      String message) {}

  /**
   * One service.
   *
   * @param name ingest, detector or query
   * @param url the base URL probed
   * @param up whether its liveness endpoint answered 200
   * @param ready whether its readiness endpoint answered 200
   * @param lastSeenUp when it last answered (as seen by this replica)
   * @param detail what went wrong, else null
   */
  public record Service(
      String name, String url, boolean up, boolean ready, Instant lastSeenUp, String detail) {}

  /**
   * Ingest's counters (since it started) and rates (between the last two checks).
   *
   * @param acceptedTotal samples acknowledged by Kafka
   * @param rejectedTotal samples rejected as invalid
   * @param requestsRejectedTotal requests rejected before their samples could be read
   * @param failedTotal valid samples not written because Kafka was unavailable (answered 503)
   * @param acceptedPerSecond samples accepted per second
   * @param rejectedPerSecond samples and requests rejected per second
   */
  public record Ingest(
      double acceptedTotal,
      double rejectedTotal,
      double requestsRejectedTotal,
      double failedTotal,
      Double acceptedPerSecond,
      Double rejectedPerSecond) {}

  /**
   * The detector's progress.
   *
   * @param group its consumer group (Kafka Streams application id)
   * @param lag samples not processed yet
   * @param members members of the group now (-1 unknown)
   * @param groupState the group state as the broker says it
   * @param delaySeconds how long the oldest unprocessed sample has waited
   * @param lastProcessed the newest of its outputs in PostgreSQL (event or rollup minute)
   * @param newestEvent time of the newest event it emitted, as stored
   * @param newestRollup the newest rollup minute stored
   */
  public record Detector(
      String group,
      Long lag,
      Integer members,
      String groupState,
      Long delaySeconds,
      Instant lastProcessed,
      Instant newestEvent,
      Instant newestRollup) {}

  /**
   * This service's consumption.
   *
   * @param group its consumer group
   * @param lag events and rollups not materialized yet
   * @param delaySeconds how long the oldest of them has waited
   * @param lastEvent the newest event-log row materialized from Kafka
   */
  public record Query(String group, Long lag, Long delaySeconds, LastEvent lastEvent) {}

  /**
   * The newest row of the event log.
   *
   * @param seq its seq (the SSE id)
   * @param type its type
   * @param monitor its monitor
   * @param time the event's own time
   * @param receivedAt when it was written to PostgreSQL
   * @param tenant its monitor's tenant
   */
  public record LastEvent(
      long seq, String type, String monitor, Instant time, Instant receivedAt, String tenant) {}

  /**
   * One dead-letter topic.
   *
   * @param topic the topic
   * @param source the topic its records came from (where a replay writes)
   * @param count records in it (of every tenant)
   * @param newest the newest records with their reasons, newest first (of the caller's tenants)
   */
  public record DeadLetterTopic(String topic, String source, long count, List<DeadLetter> newest) {}
}
