package io.sentinel.query.materialize;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentinel.contract.EventType;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Severity;
import io.sentinel.contract.Tenants;
import io.sentinel.query.MonitorStatus;
import io.sentinel.query.Times;
import io.sentinel.query.materialize.EventBatchPlan.KnownAnomaly;
import io.sentinel.query.materialize.EventBatchPlan.KnownOutage;
import io.sentinel.query.materialize.EventBatchPlan.MonitorRow;
import io.sentinel.query.materialize.EventBatchPlan.NewEvent;
import io.sentinel.query.materialize.EventBatchPlan.StatusChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-memory replay of a batch: each monitor's events in order, as if applied one at a time. */
class EventBatchPlanTest {
  private static final long T0 = 1_758_499_140_000L;

  private final Map<String, MonitorRow> monitors = new LinkedHashMap<>();
  private final List<KnownAnomaly> anomalies = new ArrayList<>();
  private final List<KnownOutage> outages = new ArrayList<>();
  private final List<NewEvent> events = new ArrayList<>();
  private long seq = 100;

  private void monitor(long id, String name, MonitorStatus status, boolean inMaintenance) {
    monitors.put(
        name, new MonitorRow(id, "default", name, status, inMaintenance, null, null, null));
  }

  private MonitorEvent add(MonitorEvent e) {
    events.add(new NewEvent(e, seq++));
    return e;
  }

  private static MonitorEvent anomaly(
      String id, String monitor, String metric, Severity s, long t) {
    return new MonitorEvent(
        id,
        EventType.ANOMALY,
        monitor,
        metric,
        monitor + "/" + metric,
        t,
        0.9,
        s,
        9.0,
        1.0,
        2.0,
        metric + " high",
        null,
        Tenants.DEFAULT);
  }

  private static MonitorEvent resolved(
      String id, String monitor, String series, String ref, long t) {
    return new MonitorEvent(
        id,
        EventType.ANOMALY_RESOLVED,
        monitor,
        null,
        series,
        t,
        null,
        null,
        null,
        null,
        null,
        "normal again",
        ref,
        Tenants.DEFAULT);
  }

  private static MonitorEvent outage(
      String id, String monitor, EventType type, String ref, long t) {
    return new MonitorEvent(
        id,
        type,
        monitor,
        null,
        null,
        t,
        null,
        null,
        null,
        null,
        null,
        type.wire(),
        ref,
        Tenants.DEFAULT);
  }

  private EventBatchPlan plan() {
    return EventBatchPlan.of(events, monitors, anomalies, outages);
  }

  private static List<String> changes(EventBatchPlan plan) {
    return plan.statusChanges.stream()
        .map(c -> c.monitor() + ":" + c.previous().wire() + ">" + c.current().wire())
        .toList();
  }

  @Test
  void anomalyAndItsResolutionInOneBatchOpenAndCloseItAndLogBothStatusChanges() {
    monitor(1, "web", MonitorStatus.UP, false);
    add(anomaly("a1", "web", "cpu", Severity.MAJOR, T0));
    add(resolved("r1", "web", "web/cpu", "a1", T0 + 60_000));

    EventBatchPlan plan = plan();

    assertThat(plan.anomalyInserts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.event().id()).isEqualTo("a1");
              assertThat(a.endedAt()).isEqualTo(Times.utc(T0 + 60_000));
            });
    assertThat(plan.anomalyClosures).isEmpty();
    assertThat(changes(plan)).containsExactly("web:up>trouble", "web:trouble>up");
    assertThat(plan.statusChanges).extracting(StatusChange::causeId).containsExactly("a1", "r1");
    assertThat(plan.statusUpdates)
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.status()).isEqualTo(MonitorStatus.UP);
              assertThat(u.since()).isEqualTo(Times.utc(T0 + 60_000));
              assertThat(u.openAnomalies()).isZero();
              assertThat(u.newAnomalies()).isEqualTo(1);
            });
  }

  @Test
  void resolutionWithoutRefClosesOnlyTheOpenAnomaliesOfItsSeries() {
    monitor(1, "db", MonitorStatus.CRITICAL, false);
    anomalies.add(new KnownAnomaly("old-cpu", 1, "minor", "cpu", "db/cpu", Times.utc(T0), true));
    anomalies.add(new KnownAnomaly("old-mem", 1, "minor", "mem", "db/mem", Times.utc(T0), true));
    add(resolved("r", "db", "db/cpu", null, T0 + 1000));

    EventBatchPlan plan = plan();

    assertThat(plan.anomalyClosures)
        .extracting(EventBatchPlan.Closure::id)
        .containsExactly("old-cpu");
    // two metrics anomalous made it critical; one left makes it trouble
    assertThat(changes(plan)).containsExactly("db:critical>trouble");
    assertThat(plan.statusUpdates.get(0).openAnomalies()).isEqualTo(1);
  }

  @Test
  void outageResolutionWithoutRefClosesEveryOpenOutageOfTheMonitor() {
    monitor(1, "edge", MonitorStatus.DOWN, false);
    outages.add(new KnownOutage("o-old", 1, Times.utc(T0), true));
    add(outage("o-new", "edge", EventType.OUTAGE_STARTED, null, T0 + 1000));
    add(outage("o-end", "edge", EventType.OUTAGE_RESOLVED, null, T0 + 2000));

    EventBatchPlan plan = plan();

    assertThat(plan.outageClosures).extracting(EventBatchPlan.Closure::id).containsExactly("o-old");
    assertThat(plan.outageInserts)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.event().id()).isEqualTo("o-new");
              assertThat(o.endedAt()).isEqualTo(Times.utc(T0 + 2000));
            });
    assertThat(changes(plan)).containsExactly("edge:down>up");
    assertThat(plan.statusUpdates.get(0).newOutages()).isEqualTo(1);
  }

  @Test
  void anomalyDuringMaintenanceIsSuppressedAndTheStatusStaysMaintenance() {
    monitor(1, "cache", MonitorStatus.MAINTENANCE, true);
    MonitorEvent a = add(anomaly("a", "cache", "hits", Severity.CRITICAL, T0));

    EventBatchPlan plan = plan();

    assertThat(plan.anomalyInserts)
        .singleElement()
        .satisfies(i -> assertThat(i.suppressed()).isTrue());
    assertThat(plan.suppressedSeqs).containsExactly(events.get(0).seq());
    assertThat(plan.statusChanges).isEmpty();
    assertThat(plan.statusUpdates.get(0).status()).isEqualTo(MonitorStatus.MAINTENANCE);
    assertThat(a.id()).isEqualTo("a");
  }

  @Test
  void anAnomalyIdAlreadyInTheDatabaseOpensNothingAndIsNotCounted() {
    monitor(1, "api", MonitorStatus.UP, false);
    // a replay whose event-log row was purged by retention while the anomaly was kept
    anomalies.add(new KnownAnomaly("a", 1, "major", "cpu", "api/cpu", Times.utc(T0), false));
    add(anomaly("a", "api", "cpu", Severity.MAJOR, T0));

    EventBatchPlan plan = plan();

    assertThat(plan.anomalyInserts).isEmpty();
    assertThat(plan.statusChanges).isEmpty();
    assertThat(plan.statusUpdates.get(0).newAnomalies()).isZero();
  }

  @Test
  void eachMonitorOfAnInterleavedBatchFollowsItsOwnEvents() {
    monitor(1, "a", MonitorStatus.UP, false);
    monitor(2, "b", MonitorStatus.UP, false);
    add(anomaly("a1", "a", "cpu", Severity.MINOR, T0));
    add(anomaly("b1", "b", "cpu", Severity.CRITICAL, T0));
    add(anomaly("a2", "a", "mem", Severity.MINOR, T0 + 1));
    add(outage("b2", "b", EventType.OUTAGE_STARTED, null, T0 + 2));
    add(resolved("a3", "a", "a/cpu", "a1", T0 + 3));

    EventBatchPlan plan = plan();

    assertThat(changes(plan))
        .containsExactly(
            "a:up>trouble",
            "b:up>critical",
            "a:trouble>critical",
            "b:critical>down",
            "a:critical>trouble");
    assertThat(plan.statusUpdates)
        .extracting(u -> u.id() + "=" + u.status().wire())
        .containsExactly("1=trouble", "2=down");
  }

  private static MonitorEvent errors(
      String id, String monitor, EventType type, String ref, long t) {
    return new MonitorEvent(
        id,
        type,
        monitor,
        null,
        null,
        t,
        null,
        null,
        null,
        null,
        null,
        "3 requests rejected",
        ref,
        Tenants.DEFAULT);
  }

  @Test
  void errorsOutrankCriticalAndDownOutranksErrorsWithinOneBatch() {
    monitor(1, "agent", MonitorStatus.UP, false);
    add(errors("e1", "agent", EventType.ERRORS_STARTED, null, T0));
    add(anomaly("a1", "agent", "cpu", Severity.CRITICAL, T0 + 1));
    add(outage("o1", "agent", EventType.OUTAGE_STARTED, null, T0 + 2));
    add(outage("o2", "agent", EventType.OUTAGE_RESOLVED, "o1", T0 + 3));
    add(errors("e2", "agent", EventType.ERRORS_RESOLVED, "e1", T0 + 4));

    EventBatchPlan plan = plan();

    assertThat(changes(plan))
        .containsExactly(
            "agent:up>errors", "agent:errors>down", "agent:down>errors", "agent:errors>critical");
    assertThat(plan.statusUpdates.get(0).errorsId()).isNull();
  }

  @Test
  void theResolutionOfAnOlderErrorsEpisodeLeavesTheOpenOneOpen() {
    monitors.put(
        "stale",
        new MonitorRow(
            1,
            "default",
            "stale",
            MonitorStatus.ERRORS,
            false,
            "current",
            Times.utc(T0),
            "rejected"));
    add(
        errors(
            "e2",
            "stale",
            EventType.ERRORS_STARTED,
            null,
            T0 + 1)); // a second start keeps the first
    add(errors("e3", "stale", EventType.ERRORS_RESOLVED, "older", T0 + 2));

    EventBatchPlan plan = plan();

    assertThat(plan.statusChanges).isEmpty();
    assertThat(plan.statusUpdates.get(0).errorsId()).isEqualTo("current");
    assertThat(plan.statusUpdates.get(0).errorsSince()).isEqualTo(Times.utc(T0));
    assertThat(plan.statusUpdates.get(0).errorsMessage()).isEqualTo("rejected");
  }

  @Test
  void anEndBeforeItsStartIsMovedToTheStart() {
    monitor(1, "x", MonitorStatus.TROUBLE, false);
    anomalies.add(new KnownAnomaly("a", 1, "major", "cpu", "x/cpu", Times.utc(T0), true));
    add(resolved("r", "x", "x/cpu", "a", T0 - 5000));

    assertThat(plan().anomalyClosures)
        .singleElement()
        .satisfies(c -> assertThat(c.endedAt()).isEqualTo(Times.utc(T0)));
  }
}
