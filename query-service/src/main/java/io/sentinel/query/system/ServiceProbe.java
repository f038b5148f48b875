package io.sentinel.query.system;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/** HTTP probes of the other services: their health endpoints and Prometheus metrics. */
@ApplicationScoped
public class ServiceProbe {
  private final HttpClient http;
  private final java.util.concurrent.ExecutorService executor;
  private final Duration timeout;

  public ServiceProbe(SystemConfig config) {
    this.timeout = config.probeTimeout();
    this.executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "sentinel-system-probe");
              t.setDaemon(true);
              return t;
            });
    this.http = HttpClient.newBuilder().connectTimeout(timeout).executor(executor).build();
  }

  /**
   * The answer of one probe.
   *
   * @param status the HTTP status, 0 when nothing answered
   * @param body the body ("" when nothing answered)
   * @param error what went wrong when nothing answered, else null
   */
  public record Answer(int status, String body, String error) {
    public boolean ok() {
      return status == 200;
    }
  }

  /** GET {@code url}; never throws. */
  public Answer get(String url) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body(), null);
    } catch (IOException | IllegalArgumentException e) {
      return new Answer(0, "", e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(0, "", "interrupted");
    }
  }

  /**
   * Sums of the Prometheus samples of each metric family named, from a text exposition (label sets
   * added up). A family absent from the text is absent from the map.
   */
  static Map<String, Double> sums(String exposition, String... families) {
    Map<String, Double> out = new HashMap<>();
    for (String line : exposition.split("\n")) {
      if (line.isEmpty() || line.charAt(0) == '#') {
        continue;
      }
      for (String family : families) {
        if (line.startsWith(family)
            && (line.length() > family.length()
                && (line.charAt(family.length()) == '{' || line.charAt(family.length()) == ' '))) {
          String value = line.substring(line.lastIndexOf(' ') + 1);
          // a trailing timestamp would be a second number; the exposition Quarkus writes has none
          try {
            out.merge(family, Double.parseDouble(value), Double::sum);
          } catch (NumberFormatException e) {
            // not a sample line of this family
          }
        }
      }
    }
    return out;
  }

  @PreDestroy
  void close() {
    executor.shutdownNow();
  }
}
