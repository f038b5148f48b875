package io.sentinel.ingest.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Limits and Kafka producer timings of the ingest service, under {@code sentinel.ingest}. */
@ConfigMapping(prefix = "sentinel.ingest")
public interface IngestConfig {

  /** Largest request body accepted; a larger one is answered 413. */
  @WithDefault("4M")
  MemorySize maxBodySize();

  /** Most samples one request may carry; more is answered 413. */
  @WithDefault("10000")
  int maxSamplesPerRequest();

  /** Most labels one sample may carry. */
  @WithDefault("32")
  int maxLabels();

  /** Longest label name, in characters. */
  @WithDefault("128")
  int maxLabelNameLength();

  /** Longest label value, in characters. */
  @WithDefault("1024")
  int maxLabelValueLength();

  /** Longest monitor id and metric name, in characters. */
  @WithDefault("256")
  int maxNameLength();

  /** How far ahead of the receive time a timestamp may be (agent clock skew). */
  @WithDefault("10m")
  Duration maxFuture();

  /** How far behind the receive time a timestamp may be (agent backlog). */
  @WithDefault("7d")
  Duration maxPast();

  /** Most field errors listed in one problem answer; the count of invalid samples is exact. */
  @WithDefault("20")
  int maxReportedErrors();

  /** Retry-After sent with a 503 when Kafka is unavailable. */
  @WithDefault("5s")
  Duration retryAfter();

  /**
   * Most distinct monitors tagged on the rejection counters; further monitors are tagged {@code
   * _other} so a misbehaving client cannot blow up the metric cardinality.
   */
  @WithDefault("1000")
  int maxMonitorTags();

  /** How long the readiness check waits for the Kafka cluster to answer. */
  @WithDefault("3s")
  Duration kafkaHealthTimeout();

  /**
   * Largest body after decompression (gzip, snappy); a body that inflates beyond it is refused with
   * 413 while it is being inflated (zip bombs).
   */
  @WithDefault("32M")
  MemorySize maxDecompressedSize();

  /**
   * Most distinct series (metric + labels) one monitor may have within {@code series-window}; a
   * sample of a further series is rejected ({@code too_many_series}).
   */
  @WithDefault("1000")
  int maxSeriesPerMonitor();

  /** How long a series counts towards {@code max-series-per-monitor} after its last sample. */
  @WithDefault("1h")
  Duration seriesWindow();

  /**
   * Whether rejected samples are also published as {@code sentinel_ingest_rejected} samples of
   * their monitor, so that the monitor's status can show Errors.
   */
  @WithDefault("true")
  boolean publishRejections();

  /** Agent authentication. */
  Auth auth();

  /** Prometheus remote_write. */
  RemoteWrite remoteWrite();

  /** InfluxDB line protocol. */
  Influx influx();

  /** OTLP/HTTP metrics. */
  Otlp otlp();

  /** Kafka producer timings. */
  Producer producer();

  /** Agent authentication: every ingest path needs a token bound to a tenant. */
  interface Auth {
    /** Whether agents must present a token. Only switch it off on a closed local machine. */
    @WithDefault("true")
    boolean enabled();

    /**
     * File of agent tokens, one {@code token tenant [monitor]} per line ({@code #} comments); the
     * optional monitor binds a heartbeat push token to its monitor. Env {@code
     * SENTINEL_INGEST_TOKENS_FILE}.
     */
    Optional<Path> tokensFile();

    /**
     * How often the tokens file is checked for changes; a changed file is read again, so tokens
     * rotate without a restart (a broken file keeps the tokens read before).
     */
    @WithDefault("30s")
    Duration reloadInterval();
  }

  /** Prometheus remote_write. */
  interface RemoteWrite {
    /** Labels that name the monitor, first present wins; that label is not repeated in labels. */
    @WithDefault("instance,job")
    List<String> monitorLabels();
  }

  /** InfluxDB line protocol. */
  interface Influx {
    /** The tag that names the monitor; that tag is not repeated in labels. */
    @WithDefault("host")
    String monitorTag();
  }

  /** OTLP/HTTP metrics. */
  interface Otlp {
    /** Resource attributes that name the monitor, first present wins. */
    @WithDefault("service.instance.id,host.name,service.name")
    List<String> monitorAttributes();
  }

  /** Kafka producer timings; acks=all and idempotence are fixed, not configurable. */
  interface Producer {
    /** How long the producer waits to fill a batch before sending (linger.ms). */
    @WithDefault("5ms")
    Duration linger();

    /**
     * How long a send may wait for topic metadata or buffer space (max.block.ms); bounds the answer
     * time when the broker is unreachable.
     */
    @WithDefault("5s")
    Duration maxBlock();

    /** How long one request to the broker may take (request.timeout.ms). */
    @WithDefault("5s")
    Duration requestTimeout();

    /**
     * Upper bound on the time from send to acknowledgement, retries included (delivery.timeout.ms);
     * must be at least linger + request timeout.
     */
    @WithDefault("10s")
    Duration deliveryTimeout();
  }
}
