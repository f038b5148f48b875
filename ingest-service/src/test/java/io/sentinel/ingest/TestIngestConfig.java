package io.sentinel.ingest;

import io.quarkus.runtime.configuration.MemorySize;
import io.sentinel.ingest.config.IngestConfig;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The documented defaults, with the label limit adjustable, for unit tests without Quarkus. */
public record TestIngestConfig(int maxLabels, int maxSamplesPerRequest) implements IngestConfig {

  public static TestIngestConfig defaults() {
    return new TestIngestConfig(32, 10_000);
  }

  @Override
  public MemorySize maxBodySize() {
    return new MemorySize(BigInteger.valueOf(4L * 1024 * 1024));
  }

  @Override
  public int maxLabelNameLength() {
    return 128;
  }

  @Override
  public int maxLabelValueLength() {
    return 1024;
  }

  @Override
  public int maxNameLength() {
    return 256;
  }

  @Override
  public Duration maxFuture() {
    return Duration.ofMinutes(10);
  }

  @Override
  public Duration maxPast() {
    return Duration.ofDays(7);
  }

  @Override
  public int maxReportedErrors() {
    return 20;
  }

  @Override
  public Duration retryAfter() {
    return Duration.ofSeconds(5);
  }

  @Override
  public int maxMonitorTags() {
    return 1000;
  }

  @Override
  public Duration kafkaHealthTimeout() {
    return Duration.ofSeconds(3);
  }

  @Override
  public MemorySize maxDecompressedSize() {
    return new MemorySize(BigInteger.valueOf(32L * 1024 * 1024));
  }

  @Override
  public int maxSeriesPerMonitor() {
    return 1000;
  }

  @Override
  public Duration seriesWindow() {
    return Duration.ofHours(1);
  }

  @Override
  public boolean publishRejections() {
    return true;
  }

  @Override
  public Auth auth() {
    return new Auth() {
      @Override
      public boolean enabled() {
        return false;
      }

      @Override
      public Optional<Path> tokensFile() {
        return Optional.empty();
      }

      @Override
      public java.time.Duration reloadInterval() {
        return java.time.Duration.ofSeconds(30);
      }
    };
  }

  @Override
  public RemoteWrite remoteWrite() {
    return () -> List.of("instance", "job");
  }

  @Override
  public Influx influx() {
    return () -> "host";
  }

  @Override
  public Otlp otlp() {
    return () -> List.of("service.instance.id", "host.name", "service.name");
  }

  @Override
  public Producer producer() {
    return new Producer() {
      @Override
      public Duration linger() {
        return Duration.ofMillis(5);
      }

      @Override
      public Duration maxBlock() {
        return Duration.ofSeconds(5);
      }

      @Override
      public Duration requestTimeout() {
        return Duration.ofSeconds(5);
      }

      @Override
      public Duration deliveryTimeout() {
        return Duration.ofSeconds(10);
      }
    };
  }
}
