package io.sentinel.query.system;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Settings of the self-watch under {@code sentinel.system}; defaults match {@code ./sentinel up}.
 */
@ConfigMapping(prefix = "sentinel.system")
public interface SystemConfig {
  /**
   * Whether the check acts on what it measures: logs {@code pipeline_degraded} and {@code
   * pipeline_recovered} and marks statuses stale. Measuring ({@code GET /api/system}) always runs.
   */
  @WithDefault("true")
  boolean checkEnabled();

  /** How often the services are probed and the lags measured (also the check's period). */
  @WithDefault("2s")
  Duration checkInterval();

  /** Detection is degraded when the oldest sample it has not processed waited longer than this. */
  @WithDefault("30s")
  Duration delayThreshold();

  /** Consecutive failed probes of the detector before detection counts as stopped. */
  @WithDefault("2")
  int stoppedAfterFailedProbes();

  /** Longest wait for one probe (HTTP or Kafka admin call). */
  @WithDefault("2s")
  Duration probeTimeout();

  /** Base URL of the ingest-service ({@code SENTINEL_INGEST_URL}). */
  @WithDefault("http://localhost:8081")
  String ingestUrl();

  /** Base URL of the detector-service ({@code SENTINEL_DETECTOR_URL}). */
  @WithDefault("http://localhost:8082")
  String detectorUrl();

  /** The detector's Kafka Streams application id, i.e. its consumer group. */
  @WithDefault("sentinel-detector")
  String detectorGroup();

  /** This service's consumer group (as in {@code mp.messaging.incoming.*.group.id}). */
  @WithDefault("sentinel-query")
  String queryGroup();

  /** Newest dead letters shown per topic in {@code GET /api/system}. */
  @WithDefault("5")
  int newestDeadLetters();

  /** Most dead letters one {@code GET /api/system/dead-letters/{topic}} returns. */
  @WithDefault("500")
  int maxDeadLetters();
}
