package io.sentinel.detector.topology;

/**
 * What the detector remembers of a monitor, for outage and errors detection. Stored as JSON in the
 * monitors store (changelog-backed), so it survives restarts and moves with its partition.
 *
 * @param monitor the monitor id
 * @param lastSeenWall wall-clock ms at which its latest accepted sample was processed; {@link
 *     #NEVER} while only rejection facts have been seen (its liveness is not watched yet)
 * @param lastSampleTs the latest sample timestamp (event time) seen from it
 * @param intervalMs its learned expected interval between sample timestamps, 0 until known
 * @param outageId id of the open outage's outage_started event, null when none is open
 * @param outageSinceWall wall-clock ms at which the open outage was declared, 0 when none
 * @param rejections the current streak of rejected data, null when there is none
 */
public record MonitorState(
    String monitor,
    long lastSeenWall,
    long lastSampleTs,
    double intervalMs,
    String outageId,
    long outageSinceWall,
    Rejections rejections) {

  /** {@link #lastSeenWall} of a monitor known only from rejection facts. */
  public static final long NEVER = -1;

  /** A monitor first known from a rejection fact: not watched for silence until it sends data. */
  static MonitorState rejectedOnly(String monitor) {
    return new MonitorState(monitor, NEVER, Long.MIN_VALUE, 0, null, 0, null);
  }

  boolean inOutage() {
    return outageId != null;
  }

  /** Whether an accepted sample was ever seen, i.e. whether silence means an outage. */
  boolean live() {
    return lastSeenWall != NEVER;
  }

  boolean inErrors() {
    return rejections != null && rejections.errorsId() != null;
  }

  /** The silence (ms) after which this monitor is considered down. */
  long silenceLimitMs(TopologySettings s) {
    double interval = intervalMs > 0 ? intervalMs : s.defaultIntervalMs();
    return Math.max(s.minSilenceMs(), Math.round(s.missedIntervals() * interval));
  }

  /** An accepted sample was processed at {@code wall}: alive, no outage. */
  MonitorState seen(long wall, long sampleTs, double interval) {
    return new MonitorState(monitor, wall, sampleTs, interval, null, 0, rejections);
  }

  MonitorState withOutage(String id, long sinceWall) {
    return new MonitorState(monitor, lastSeenWall, lastSampleTs, intervalMs, id, sinceWall, rejections);
  }

  MonitorState withRejections(Rejections r) {
    return new MonitorState(monitor, lastSeenWall, lastSampleTs, intervalMs, outageId, outageSinceWall, r);
  }

  /**
   * A streak of rejected data: rejection facts less than the quiet period apart.
   *
   * @param sinceWall wall-clock ms of the streak's first rejection
   * @param lastWall wall-clock ms of its latest rejection
   * @param requests rejection facts in the streak (one per request and reason)
   * @param samples samples rejected in the streak
   * @param reason the latest rejection's reason tag, e.g. {@code timestamp_too_old}
   * @param protocol the protocol of the latest rejected request, e.g. {@code influx}
   * @param errorsId id of the open errors_started event, null while the streak is below the limit
   */
  public record Rejections(
      long sinceWall, long lastWall, int requests, long samples, String reason, String protocol, String errorsId) {

    static Rejections first(long wall, long samples, String reason, String protocol) {
      return new Rejections(wall, wall, 1, samples, reason, protocol, null);
    }

    Rejections plus(long wall, long more, String reason, String protocol) {
      return new Rejections(sinceWall, wall, requests + 1, samples + more, reason, protocol, errorsId);
    }

    Rejections opened(String id) {
      return new Rejections(sinceWall, lastWall, requests, samples, reason, protocol, id);
    }
  }
}
