package io.sentinel.query.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.TestDb;
import io.sentinel.query.TestKafka;
import io.sentinel.query.config.QueryConfig;
import io.sentinel.query.events.EventLogReader;
import io.sentinel.query.events.EventRow;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Resumes on a replica whose feed is behind the event log, as after a burst of thousands of events
 * committed at once. The feed here is paused: it reads only when the test says so, so the lag is
 * certain, not a matter of timing.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ResumeBehindTheFeedTest {
  @Inject EventLogReader reader;
  @Inject QueryConfig config;
  @Inject Vertx vertx;

  private EventFeed feed;
  private EventStream stream;
  private final List<EventRow> received = new CopyOnWriteArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private Cancellable client;

  @BeforeEach
  void pausedReplica() {
    feed = new EventFeed();
    feed.reader = reader;
    feed.config = config;
    feed.vertx = vertx;
    feed.startPaused(maxSeq());
    stream = new EventStream();
    stream.feed = feed;
    stream.reader = reader;
    stream.config = config;
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.cancel();
    }
    feed.onStop(null);
  }

  @Test
  void aResumeWhileTheFeedCatchesUpOnMoreThanTheClientBufferGetsEveryRowOnce() {
    String monitor = TestKafka.monitor("burst-resume");
    long lastSeen = maxSeq();
    insert(monitor, 5);
    feed.requestFetch();
    await().atMost(Duration.ofSeconds(20)).until(() -> feed.cursor() == lastSeen + 5);
    // a burst larger than a client's live buffer, committed while the feed is not reading
    int burst = config.stream().clientBuffer() + 1000;
    insert(monitor, burst);
    long newest = maxSeq();

    open(lastSeen); // resumes from before the five: the replay and the feed's catch-up overlap
    feed.requestFetch();

    awaitSeq(newest);
    assertThat(failure.get()).as("stream failure").isNull();
    assertThat(received).extracting(EventRow::seq).isSorted().doesNotHaveDuplicates();
    List<EventRow> ours = of(monitor);
    assertThat(ours).hasSize(5 + burst);
    assertThat(ours.get(0).seq()).isEqualTo(lastSeen + 1);
    assertThat(ours.get(ours.size() - 1).seq()).isEqualTo(newest);
  }

  @Test
  void theReplayCapCountsFromTheNewestCommittedRowNotFromALaggingFeed() {
    String monitor = TestKafka.monitor("burst-cap");
    long lastSeen = maxSeq();
    int cap = config.stream().maxReplay();
    insert(monitor, cap + 5);
    long newest = maxSeq();

    open(lastSeen); // the feed still stands at lastSeen
    feed.requestFetch();

    awaitSeq(newest);
    assertThat(failure.get()).as("stream failure").isNull();
    EventRow notice = received.get(0);
    assertThat(notice.type()).isEqualTo(EventStream.REPLAY_TRUNCATED);
    // counted from the newest row (rows other writers commit meanwhile may only move it later)
    assertThat(notice.seq()).isGreaterThanOrEqualTo(newest - cap);
    List<EventRow> rows = received.subList(1, received.size());
    assertThat(rows).extracting(EventRow::seq).isSorted().doesNotHaveDuplicates();
    assertThat(rows.get(0).seq()).isGreaterThan(notice.seq());
    assertThat(of(monitor))
        .hasSize(
            (int)
                TestDb.queryLong(
                    "SELECT count(*) FROM events WHERE monitor = ? AND seq > ?",
                    monitor,
                    notice.seq()));
    assertThat(of(monitor)).hasSizeLessThanOrEqualTo(cap);
  }

  private void awaitSeq(long seq) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                failure.get() != null
                    || (!received.isEmpty() && received.get(received.size() - 1).seq() >= seq));
  }

  private List<EventRow> of(String monitor) {
    return received.stream().filter(r -> monitor.equals(r.monitor())).toList();
  }

  private void open(long lastEventId) {
    client =
        stream
            .open(lastEventId)
            .subscribe()
            .with(
                received::add,
                failure::set,
                () -> failure.set(new IllegalStateException("completed")));
  }

  private static void insert(String monitor, int n) {
    TestDb.exec(
        "INSERT INTO events (event_id, type, monitor, time)"
            + " SELECT ? || '-' || g, 'anomaly', ?, now() FROM generate_series(1, ?) g",
        monitor + "-" + System.nanoTime(),
        monitor,
        n);
  }

  private static long maxSeq() {
    return TestDb.queryLong("SELECT coalesce(max(seq), 0) FROM events");
  }
}
