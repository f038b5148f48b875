package io.sentinel.query.materialize;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.TestDb;
import io.sentinel.query.TestKafka;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class RetentionJobTest {
  @Inject RetentionJob job;

  @Test
  void oldRowsAreDeletedPerTableAndOpenOnesAreKept() {
    Instant now = Instant.now();
    Instant old = now.minus(Duration.ofDays(500));
    Instant recent = now.minus(Duration.ofDays(1));
    String name = TestKafka.monitor("retention");
    long id = TestDb.monitor(name, "up", old);
    TestDb.exec(
        "INSERT INTO events (event_id, type, monitor, time) VALUES (?, 'anomaly', ?, ?)",
        name + "-e-old",
        name,
        old);
    TestDb.exec(
        "INSERT INTO events (event_id, type, monitor, time) VALUES (?, 'anomaly', ?, ?)",
        name + "-e-new",
        name,
        recent);
    TestDb.exec(
        "INSERT INTO anomalies (id, monitor_id, monitor, started_at, ended_at) VALUES (?, ?, ?, ?, ?)",
        name + "-a-closed",
        id,
        name,
        old,
        old.plusSeconds(60));
    TestDb.exec(
        "INSERT INTO anomalies (id, monitor_id, monitor, started_at) VALUES (?, ?, ?, ?)",
        name + "-a-open",
        id,
        name,
        old);
    TestDb.exec(
        "INSERT INTO outages (id, monitor_id, monitor, started_at, ended_at) VALUES (?, ?, ?, ?, ?)",
        name + "-o-closed",
        id,
        name,
        old,
        old.plusSeconds(60));
    for (int i = 0; i < 3; i++) {
      TestDb.exec(
          "INSERT INTO rollups (series, monitor, metric, minute, count, min, max, mean, last, last_timestamp, max_score)"
              + " VALUES (?, ?, 'cpu', ?, 1, 1, 1, 1, 1, ?, 0)",
          name + "/cpu",
          name,
          old.plusSeconds(60L * i),
          old.plusSeconds(60L * i));
    }
    TestDb.exec(
        "INSERT INTO rollups (series, monitor, metric, minute, count, min, max, mean, last, last_timestamp, max_score)"
            + " VALUES (?, ?, 'cpu', ?, 1, 1, 1, 1, 1, ?, 0)",
        name + "/cpu",
        name,
        recent,
        recent);
    TestDb.exec(
        "INSERT INTO maintenance_windows (title, monitor_ids, starts_at, duration_seconds) VALUES (?, ?, ?, 60)",
        name,
        new Long[] {id},
        old);

    Map<String, Long> deleted = job.purge(now).await().atMost(Duration.ofSeconds(60));

    assertThat(deleted)
        .containsKeys(
            "events", "anomalies", "outages", "rollups", "rollups_hourly", "maintenance_windows");
    assertThat(TestDb.queryLong("SELECT count(*) FROM events WHERE monitor = ?", name))
        .isEqualTo(1);
    assertThat(TestDb.queryString("SELECT id FROM anomalies WHERE monitor = ?", name))
        .isEqualTo(name + "-a-open");
    assertThat(TestDb.queryLong("SELECT count(*) FROM outages WHERE monitor = ?", name)).isZero();
    assertThat(TestDb.queryLong("SELECT count(*) FROM rollups WHERE monitor = ?", name))
        .isEqualTo(1);
    assertThat(TestDb.queryLong("SELECT count(*) FROM maintenance_windows WHERE title = ?", name))
        .isZero();
  }

  @Test
  void moreOldRowsThanOneBatchAreAllDeletedBatchAfterBatch() {
    Instant now = Instant.now();
    Instant old = now.minus(Duration.ofDays(500));
    String name = TestKafka.monitor("retention-batches");
    for (int i = 0; i < 7; i++) {
      TestDb.exec(
          "INSERT INTO events (event_id, type, monitor, time) VALUES (?, 'anomaly', ?, ?)",
          name + "-e" + i,
          name,
          old.plusSeconds(i));
    }
    TestDb.exec(
        "INSERT INTO events (event_id, type, monitor, time) VALUES (?, 'anomaly', ?, ?)",
        name + "-recent",
        name,
        now.minus(Duration.ofDays(1)));

    Map<String, Long> deleted = job.purge(now, 2).await().atMost(Duration.ofSeconds(60));

    assertThat(deleted.get("events")).isGreaterThanOrEqualTo(7);
    assertThat(
            TestDb.queryString(
                "SELECT string_agg(event_id, ',') FROM events WHERE monitor = ?", name))
        .isEqualTo(name + "-recent");
  }
}
