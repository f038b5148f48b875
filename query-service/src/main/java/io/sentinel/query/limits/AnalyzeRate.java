package io.sentinel.query.limits;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.sentinel.query.security.CurrentCaller;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Before an {@link AnalyzeLimited} operation reads its body: refuses a caller over {@code
 * sentinel.limits.analyze.per-minute} (429 with Retry-After; one Bucket4j token bucket per caller,
 * refilled greedily) and a declared {@code Content-Length} over {@code max-body-size} (413). Runs
 * after the access filter, which has identified the caller.
 */
@Singleton
public class AnalyzeRate {
  // looked up per request: RESTEasy creates filters and interceptors before the config is mapped
  @Inject Instance<LimitsConfig> limits;
  @Inject CurrentCaller caller;

  /** One bucket per caller name; callers are users and API keys, so the map stays small. */
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  @AnalyzeLimited
  @ServerRequestFilter(priority = Priorities.USER + 100)
  public void check(ContainerRequestContext request) {
    long max = limits.get().analyze().maxBodySize().asLongValue();
    if (request.getLength() > max) {
      throw LimitExceeded.bodyTooLarge(max);
    }
    int perMinute = limits.get().analyze().perMinute();
    String user = caller.name();
    if (user == null || perMinute <= 0) {
      return;
    }
    ConsumptionProbe probe =
        buckets.computeIfAbsent(user, u -> bucket(perMinute)).tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      long seconds =
          Math.max(
              1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999));
      throw LimitExceeded.rate(perMinute, seconds);
    }
  }

  private static Bucket bucket(int perMinute) {
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
        .build();
  }
}
