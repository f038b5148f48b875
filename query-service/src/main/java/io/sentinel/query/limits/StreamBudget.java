package io.sentinel.query.limits;

import io.sentinel.contract.problem.ProblemException;
import io.sentinel.query.security.CurrentCaller;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Live streams open per caller on this replica, SSE and WebSocket alike: one more than {@code
 * sentinel.limits.streams.max-per-user} is refused (429). A stream counts from {@link #acquire}
 * until its {@link Lease} is released: when the stream ends, fails or the client goes away.
 */
@ApplicationScoped
public class StreamBudget {
  @Inject LimitsConfig config;
  @Inject CurrentCaller caller;

  private final Map<String, Integer> open = new ConcurrentHashMap<>();

  /** A counted stream; releasing it twice counts once. */
  public final class Lease {
    private final String user;
    private final AtomicBoolean released = new AtomicBoolean();

    private Lease(String user) {
      this.user = user;
    }

    public void release() {
      if (released.compareAndSet(false, true)) {
        open.computeIfPresent(user, (u, n) -> n <= 1 ? null : n - 1);
      }
    }
  }

  /**
   * Counts one more stream of {@code user}.
   *
   * @throws ProblemException 429 naming the limit when the user already has that many
   */
  public Lease acquire(String user) {
    int max = config.streams().maxPerUser();
    boolean[] admitted = {false};
    open.compute(
        user,
        (u, n) -> {
          int now = n == null ? 0 : n;
          if (now >= max) {
            return n;
          }
          admitted[0] = true;
          return now + 1;
        });
    if (!admitted[0]) {
      throw LimitExceeded.tooManyStreams(max);
    }
    return new Lease(user);
  }

  /** Whether {@code user} may open one more stream now (the WebSocket handshake asks first). */
  public boolean hasRoom(String user) {
    return open.getOrDefault(user, 0) < config.streams().maxPerUser();
  }

  /** {@code stream}, counted for the caller of the current request (see {@link #counted}). */
  public <T> Multi<T> counted(Multi<T> stream) {
    return counted(caller.name(), stream);
  }

  /**
   * {@code stream}, counted for {@code user} from now until it ends, fails or is cancelled.
   *
   * @throws ProblemException 429 (before anything is sent) when the user has too many open
   */
  public <T> Multi<T> counted(String user, Multi<T> stream) {
    Lease lease = acquire(user);
    return stream.onTermination().invoke(lease::release);
  }
}
