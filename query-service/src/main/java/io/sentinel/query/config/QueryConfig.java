package io.sentinel.query.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Settings of the query-service under {@code sentinel.query}. */
@ConfigMapping(prefix = "sentinel.query")
public interface QueryConfig {
  /** The live event stream ({@code GET /api/stream}). */
  Stream stream();

  /** Consumption of sentinel.events and sentinel.rollups. */
  Consumer consumer();

  /** Paging of the REST API. */
  Api api();

  /** Batch analysis ({@code POST /api/analyze}). */
  Analyze analyze();

  /** Maintenance windows. */
  Maintenance maintenance();

  /** How long rows are kept. */
  Retention retention();

  /** The PostgreSQL connection, beyond the {@code quarkus.datasource.*} settings. */
  Database database();

  /**
   * The label names that identify a monitor (the same on each of its series): only labels of these
   * names become the monitor's tags, so per-series labels (device, cpu, address...) do not. A
   * stored tag of another name is dropped at the monitor's next rollup.
   */
  @WithDefault(
      "job,instance,env,environment,tenant,service,region,zone,dc,datacenter,team,cluster,host,"
          + "namespace")
  Set<String> monitorTagLabels();

  /** PostgreSQL connection settings. */
  interface Database {
    /**
     * A PEM file of the CA certificate(s) to verify the server with ({@code
     * SENTINEL_DB_SSL_ROOT_CERT}); without it, {@code verify-ca} and {@code verify-full} use the
     * JDK's CAs and {@code require} does not verify (see {@code DatabaseTls}).
     */
    Optional<String> sslRootCert();
  }

  /** Batch analysis settings. */
  interface Analyze {
    /** Most points one request may post. */
    @WithDefault("100000")
    int maxPoints();

    /** Most analyses running at once; further requests get 503 with Retry-After. */
    @WithDefault("2")
    int maxConcurrent();
  }

  /** Maintenance window settings. */
  interface Maintenance {
    /** How often the job compares the windows with the monitors' maintenance flags. */
    @WithDefault("15s")
    Duration checkInterval();
  }

  /**
   * Retention: rows older than these are deleted by a scheduled job (0 or negative keeps them
   * forever). Open anomalies and outages are never deleted.
   */
  interface Retention {
    /** Whether the scheduled purge runs (tests turn it off and call it directly). */
    @WithDefault("true")
    boolean enabled();

    /** How often the retention job runs. */
    @WithDefault("1h")
    Duration interval();

    /** Rows deleted per statement, so a large purge never holds long locks. */
    @WithDefault("10000")
    int batchSize();

    /** Event-log rows, by event time. */
    @WithDefault("30d")
    Duration events();

    /** Resolved anomalies, by end time. */
    @WithDefault("90d")
    Duration anomalies();

    /** Resolved outages, by end time. */
    @WithDefault("365d")
    Duration outages();

    /** Per-minute rollups, by minute. */
    @WithDefault("30d")
    Duration rollups();

    /** Hourly aggregates, by hour. */
    @WithDefault("400d")
    Duration rollupsHourly();

    /** Cancelled or finished maintenance windows, by cancellation or last end. */
    @WithDefault("90d")
    Duration maintenanceWindows();
  }

  /** Live event stream settings. */
  interface Stream {
    /** Interval of the SSE heartbeat comment that keeps proxies from closing an idle stream. */
    @WithDefault("15s")
    Duration heartbeat();

    /** Safety-net poll of the event log, in case a notification was lost (e.g. reconnecting). */
    @WithDefault("2s")
    Duration pollInterval();

    /**
     * Longest wait for a missing event seq (an insert not committed yet) before the feed skips it;
     * usually the feed resolves a gap much sooner by asking PostgreSQL whether the transactions
     * that were running when the gap was seen have ended.
     */
    @WithDefault("10s")
    Duration gapTimeout();

    /** Delay between two checks of an unresolved gap. */
    @WithDefault("100ms")
    Duration gapRecheck();

    /** Rows read from the event log per query, for the live feed and for a replay. */
    @WithDefault("500")
    int batchSize();

    /** Most rows replayed to a reconnecting client (older ones: page through GET /api/events). */
    @WithDefault("10000")
    int maxReplay();

    /** Events buffered for one slow client before it is disconnected (it can resume by id). */
    @WithDefault("2048")
    int clientBuffer();

    /** Delay before the LISTEN connection is re-established after it dropped. */
    @WithDefault("1s")
    Duration reconnectDelay();
  }

  /** Consumer settings. */
  interface Consumer {
    /** First delay before retrying a record whose database write failed transiently. */
    @WithDefault("200ms")
    Duration retryInitialBackoff();

    /** Longest delay between retries; transient failures are retried until the database is back. */
    @WithDefault("30s")
    Duration retryMaxBackoff();

    /**
     * Attempts for a record that fails with a non-transient database error (constraint, data)
     * before it goes to the dead-letter topic.
     */
    @WithDefault("3")
    int permanentFailureAttempts();
  }

  /** REST paging settings. */
  interface Api {
    /** Page size when a request names no {@code limit}. */
    @WithDefault("100")
    int defaultLimit();

    /** Largest {@code limit} a request may ask for. */
    @WithDefault("1000")
    int maxLimit();

    /**
     * Most rows counted for {@code X-Total-Count} of anomalies and outages; beyond it the header
     * says this number and {@code X-Total-Count-Exact: false}.
     */
    @WithDefault("1000")
    long countLimit();

    /**
     * Largest {@code offset} a list request may ask for: deep offsets make the database read and
     * skip every row before them, so a client pages no further and narrows its filters instead.
     */
    @WithDefault("10000")
    int maxOffset();

    /** Most buckets a chart request ({@code GET /api/monitors/{id}/series}) may ask for. */
    @WithDefault("10000")
    int maxSeriesPoints();
  }
}
