package io.sentinel.query.limits;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Abuse limits under {@code sentinel.limits}, per caller (a user, or an API key): generous by
 * default, so a person or a script working normally never meets them.
 */
@ConfigMapping(prefix = "sentinel.limits")
public interface LimitsConfig {
  /** Live streams: {@code GET /api/stream} and {@code /api/ws}. */
  Streams streams();

  /** {@code POST /api/analyze}. */
  Analyze analyze();

  /** Maintenance windows. */
  Maintenance maintenance();

  /** API reads from PostgreSQL. */
  Reads reads();

  /** Live stream limits. */
  interface Streams {
    /** Most live streams (SSE and WebSocket together) one caller may hold open on one replica. */
    @WithDefault("32")
    int maxPerUser();
  }

  /** Batch analysis limits. */
  interface Analyze {
    /**
     * Largest request body; a larger one is refused (413) while it is read, before it is parsed.
     */
    @WithDefault("8M")
    MemorySize maxBodySize();

    /** Analyses one caller may ask for per minute (a token bucket: the burst is as large). */
    @WithDefault("60")
    int perMinute();
  }

  /** Maintenance window limits. */
  interface Maintenance {
    /** Windows one caller may have active (not cancelled and not over) at once. */
    @WithDefault("500")
    int maxActivePerUser();

    /** Longest occurrence of a window. */
    @WithDefault("31d")
    Duration maxDuration();

    /** Most monitors one window may cover. */
    @WithDefault("10000")
    int maxMonitors();
  }

  /** Database read limits. */
  interface Reads {
    /**
     * PostgreSQL {@code statement_timeout} of the connections that serve API reads: a longer read
     * is cancelled (503), so it cannot hold connections and CPU the consumers need. The consumers'
     * writes have their own pool, without this timeout. 0 turns it off.
     */
    @WithDefault("30s")
    Duration statementTimeout();

    /** Connections of the read pool, besides the writers' pool (SENTINEL_DB_POOL_SIZE). */
    @WithDefault("10")
    int poolSize();
  }
}
