package io.sentinel.detector.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the detector-service under {@code sentinel.detector}. */
@ConfigMapping(prefix = "sentinel.detector")
public interface DetectorConfig {

  /**
   * Samples stamped further ahead of this instance's clock go to the dead-letter topic: Kafka
   * brokers refuse records more than an hour in the future, and such a clock is wrong anyway.
   */
  @WithDefault("10m")
  Duration maxFuture();

  /** Outage detection. */
  Outage outage();

  /** Anomaly episodes. */
  Anomaly anomaly();

  /** Per-minute rollups for charts. */
  RollupSettings rollup();

  /** The detection engine (one configuration for every series). */
  EngineConfig engine();

  /** Errors status: a monitor whose data keeps being rejected by ingest. */
  Errors errors();

  /** How series state is kept. */
  State state();

  /** What happens when a stream thread dies of an exception Kafka Streams does not handle. */
  Recovery recovery();

  interface Recovery {
    /**
     * A stream thread that dies (a transaction the broker refused after it restarted, a store that
     * failed to flush) is replaced by a new one, which resumes its tasks from their last commit, up
     * to this many times within {@link #window()}. One more, and this instance's Kafka Streams
     * client shuts down: liveness reports DOWN and the orchestrator restarts the instance. 0 stops
     * the client on the first death (Kafka Streams' own default).
     */
    @WithDefault("5")
    int maxThreadReplacements();

    /** The span over which {@link #maxThreadReplacements()} is counted. */
    @WithDefault("10m")
    Duration window();
  }

  interface State {
    /**
     * The whole engine state of a series is written (to the snapshot store) every this many
     * samples; each sample in between writes only a small record with the samples since. A divisor
     * of the warm-up and of the retraining period puts each snapshot right after a training, so
     * rebuilding a state never trains again.
     */
    @WithDefault("50")
    int snapshotEvery();

    /**
     * Decoded engine states kept in memory per task (partition), about 30 KiB of heap each with the
     * default engine sizes; the least recently used go (and are rebuilt from the stores when
     * needed).
     */
    @WithDefault("2000")
    int cachedSeries();

    /**
     * A series or monitor that has sent nothing for this long is forgotten: its state is deleted
     * (an outage or anomaly it had open stays open). It starts afresh if it comes back.
     */
    @WithDefault("7d")
    Duration evictAfter();
  }

  interface Errors {
    /**
     * Rejected requests (facts published by ingest-service, one per request and reason) within one
     * streak that open an errors episode. Samples refused only because another sample of their
     * batch was bad do not count.
     */
    @WithDefault("3")
    int minRejections();

    /**
     * Rejections closer together than this form one streak; an open errors episode closes after
     * this long without a rejection.
     */
    @WithDefault("5m")
    Duration quietPeriod();
  }

  interface Outage {
    /** A monitor silent for this many of its expected sample intervals is in outage. */
    @WithDefault("3")
    int missedIntervals();

    /**
     * Never declare an outage before this much silence, however fast the monitor reports: a
     * once-a-second agent held up for a few seconds by a loaded host or a slow request is not down
     * (5 s raised false outages in the demo under load).
     */
    @WithDefault("15s")
    Duration minSilence();

    /** Expected interval assumed for a monitor until two of its samples have been seen. */
    @WithDefault("60s")
    Duration defaultInterval();

    /** How often (wall clock) the monitors are checked for silence. */
    @WithDefault("1s")
    Duration checkInterval();

    /**
     * Silence is measured on each input partition's own progress (record times), not on the wall
     * clock, so a detector behind a backlog or a stalled pipeline does not read as monitors going
     * silent. Wall time counts for a partition only once it has received nothing for this long
     * while another partition of this instance received live records (its stream read up to less
     * than this before the wall clock: its agents are quiet, the pipeline works). A partition
     * replaying a backlog is not live: it shows only that this detector is behind.
     */
    @WithDefault("5s")
    Duration inputGap();

    /**
     * ... and once it has received nothing for this long otherwise (no partition of this instance
     * received live records): every agent quiet, or the pipeline stalled this long. A pipeline
     * stall shorter than this opens no outage; all agents going quiet is reported this much later.
     */
    @WithDefault("60s")
    Duration idleFallback();
  }

  interface Anomaly {
    /** Consecutive samples scored below the alert threshold that close an open anomaly. */
    @WithDefault("5")
    int resolveAfter();
  }

  interface RollupSettings {
    /**
     * How often (wall clock) the still-filling minute of a series is re-published, so charts and
     * last-updated times stay fresh; the closed minute is always published once it ends.
     */
    @WithDefault("10s")
    Duration emitInterval();
  }
}
