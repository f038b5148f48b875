package io.sentinel.ingest.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

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

  /** Kafka producer timings. */
  Producer producer();

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
     * Upper bound on the time from send to acknowledgement, retries included
     * (delivery.timeout.ms); must be at least linger + request timeout.
     */
    @WithDefault("10s")
    Duration deliveryTimeout();
  }
}
