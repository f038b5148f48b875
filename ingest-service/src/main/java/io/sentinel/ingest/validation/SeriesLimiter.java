package io.sentinel.ingest.validation;

import io.sentinel.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Bounds the cardinality of each monitor: at most {@code max-series-per-monitor} distinct series
 * within {@code series-window}. Keeps a 64-bit hash per series in two generations per monitor (the
 * current window and the one before), so a series stops counting one to two windows after its last
 * sample. Per instance: with several replicas each enforces the limit on what it sees.
 */
@ApplicationScoped
public class SeriesLimiter {
  private final int max;
  private final long windowMillis;
  private final LongSupplier clock;
  private final Map<String, Generations> monitors = new ConcurrentHashMap<>();
  private volatile long nextSweep;

  @Inject
  public SeriesLimiter(IngestConfig config) {
    this(config.maxSeriesPerMonitor(), config.seriesWindow().toMillis(), System::currentTimeMillis);
  }

  SeriesLimiter(int max, long windowMillis, LongSupplier clock) {
    this.max = max;
    this.windowMillis = windowMillis;
    this.clock = clock;
    this.nextSweep = clock.getAsLong() + windowMillis;
  }

  /** The limit, for messages. */
  public int max() {
    return max;
  }

  /**
   * Whether a sample of {@code seriesId} may be taken for {@code monitor}; records the series when
   * it may.
   */
  public boolean admit(String monitor, String seriesId) {
    return admit(monitor, hash(seriesId));
  }

  /**
   * Like {@link #admit(String, String)} for the series {@code metric{labels}}, hashed without
   * building its id: the labels' hashes are mixed and summed, so their order does not matter.
   */
  public boolean admit(String monitor, String metric, Map<String, String> labels) {
    long h = hash(metric);
    for (Map.Entry<String, String> label : labels.entrySet()) {
      h += mix(hash(label.getKey()) * 31 + hash(label.getValue()));
    }
    return admit(monitor, h);
  }

  private boolean admit(String monitor, long hash) {
    long now = clock.getAsLong();
    sweep(now);
    Generations g = monitors.computeIfAbsent(monitor, m -> new Generations(now));
    synchronized (g) {
      if (now - g.started >= windowMillis) {
        g.previous = g.current;
        g.current = new HashSet<>();
        g.started = now;
      }
      if (g.current.contains(hash)) {
        return true;
      }
      if (g.previous.remove(hash)) {
        g.current.add(hash);
        return true;
      }
      if (g.current.size() + g.previous.size() >= max) {
        return false;
      }
      g.current.add(hash);
      return true;
    }
  }

  // forgets monitors silent for two windows, so the map does not grow with monitor churn
  private void sweep(long now) {
    if (now < nextSweep) {
      return;
    }
    synchronized (this) {
      if (now < nextSweep) {
        return;
      }
      nextSweep = now + windowMillis;
    }
    for (Iterator<Generations> it = monitors.values().iterator(); it.hasNext(); ) {
      Generations g = it.next();
      synchronized (g) {
        if (now - g.started >= 2 * windowMillis) {
          it.remove();
        }
      }
    }
  }

  /** FNV-1a, 64 bits: collisions among a monitor's thousand series are negligible. */
  static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** A 64-bit finalizer (from SplitMix64): spreads each label's hash before they are summed. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private static final class Generations {
    long started;
    Set<Long> current = new HashSet<>();
    Set<Long> previous = new HashSet<>();

    Generations(long started) {
      this.started = started;
    }
  }
}
