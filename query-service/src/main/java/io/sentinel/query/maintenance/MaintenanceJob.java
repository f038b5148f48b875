package io.sentinel.query.maintenance;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.sentinel.query.Times;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Moves monitors into and out of maintenance as windows start and end: compares the monitors the
 * windows cover now with the monitors flagged, and flips the difference, each in its own
 * transaction (status recomputed, {@code maintenance_started}/{@code maintenance_ended} and {@code
 * status_changed} logged, so the live stream shows it). Runs every {@code
 * sentinel.query.maintenance.check-interval} on every replica, and right after a window is created
 * or cancelled; a flip is a conditional update, so two replicas never flip a monitor twice.
 */
@ApplicationScoped
public class MaintenanceJob {
  private static final Logger LOG = Logger.getLogger(MaintenanceJob.class);

  @Inject MaintenanceRepository windows;
  @Inject MaintenanceProcessor processor;

  /** What one reconciliation did. */
  public record Flips(int entered, int left) {}

  @Scheduled(
      every = "${sentinel.query.maintenance.check-interval:15s}",
      delayed = "1s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    Flips flips;
    try {
      flips = VertxContextSupport.subscribeAndAwait(this::reconcile);
    } catch (Throwable e) {
      // the next run retries; a database outage shows on the readiness check
      LOG.warnf("maintenance check failed: %s", e.getMessage());
      return;
    }
    if (flips.entered() + flips.left() > 0) {
      LOG.infof("maintenance: %d monitor(s) entered, %d left", flips.entered(), flips.left());
    }
  }

  /** One reconciliation of windows and flags; call on a Vert.x context. */
  public Uni<Flips> reconcile() {
    Instant now = Instant.now();
    // flags first, windows second: read the other way round (or at once, on two connections), a
    // window created and flipped in between would be seen flagged but not wanted, and flipped back
    return windows
        .flagged()
        .chain(f -> windows.live().map(live -> io.smallrye.mutiny.tuples.Tuple2.of(live, f)))
        .chain(
            t -> {
              Map<Long, String> wanted = covered(t.getItem1(), now);
              Set<Long> flagged = t.getItem2();
              Set<Long> enter = new HashSet<>(wanted.keySet());
              enter.removeAll(flagged);
              Set<Long> leave = new HashSet<>(flagged);
              leave.removeAll(wanted.keySet());
              OffsetDateTime at = Times.utc(now);
              long stamp = now.toEpochMilli();
              Multi<Boolean> entering =
                  Multi.createFrom()
                      .iterable(enter)
                      .onItem()
                      .transformToUniAndConcatenate(
                          id ->
                              processor.setMaintenance(
                                  id,
                                  true,
                                  "maintenance:" + id + ":start:" + stamp,
                                  "window '" + wanted.get(id) + "'",
                                  at));
              Multi<Boolean> leaving =
                  Multi.createFrom()
                      .iterable(leave)
                      .onItem()
                      .transformToUniAndConcatenate(
                          id ->
                              processor.setMaintenance(
                                  id,
                                  false,
                                  "maintenance:" + id + ":end:" + stamp,
                                  "no maintenance window covers it any more",
                                  at));
              return entering
                  .collect()
                  .asList()
                  .chain(
                      in ->
                          leaving.collect().asList().map(out -> new Flips(count(in), count(out))));
            });
  }

  /** Monitors covered by a window on now, with the title of one of those windows. */
  static Map<Long, String> covered(List<Row> rows, Instant now) {
    Map<Long, String> out = new HashMap<>();
    for (Row r : rows) {
      MaintenanceSchedule s;
      try {
        s = WindowView.schedule(r);
      } catch (RuntimeException e) {
        LOG.warnf(
            "maintenance window %d has an invalid schedule: %s", r.getLong("id"), e.getMessage());
        continue;
      }
      if (s.activeAt(now).isPresent()) {
        for (Long id : r.getArrayOfLongs("monitor_ids")) {
          out.putIfAbsent(id, r.getString("title"));
        }
      }
    }
    return out;
  }

  private static int count(List<Boolean> flips) {
    return (int) flips.stream().filter(Boolean::booleanValue).count();
  }
}
