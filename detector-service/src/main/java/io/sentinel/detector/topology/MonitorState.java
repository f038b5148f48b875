package io.sentinel.detector.topology;

/**
 * What the detector remembers of a monitor, for outage detection. Stored as JSON in the monitors
 * store (changelog-backed), so it survives restarts and moves with its partition.
 *
 * @param monitor the monitor id
 * @param lastSeenWall wall-clock ms at which its latest sample was processed
 * @param lastSampleTs the latest sample timestamp (event time) seen from it
 * @param intervalMs its learned expected interval between sample timestamps, 0 until known
 * @param outageId id of the open outage's outage_started event, null when none is open
 * @param outageSinceWall wall-clock ms at which the open outage was declared, 0 when none
 */
public record MonitorState(
    String monitor,
    long lastSeenWall,
    long lastSampleTs,
    double intervalMs,
    String outageId,
    long outageSinceWall) {

  boolean inOutage() {
    return outageId != null;
  }

  /** The silence (ms) after which this monitor is considered down. */
  long silenceLimitMs(TopologySettings s) {
    double interval = intervalMs > 0 ? intervalMs : s.defaultIntervalMs();
    return Math.max(s.minSilenceMs(), Math.round(s.missedIntervals() * interval));
  }
}
