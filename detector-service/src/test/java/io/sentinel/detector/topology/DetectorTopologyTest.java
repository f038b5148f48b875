package io.sentinel.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentinel.contract.EventType;
import io.sentinel.contract.Json;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Rollup;
import io.sentinel.contract.Sample;
import io.sentinel.contract.Tenants;
import io.sentinel.contract.Topics;
import io.sentinel.engine.EngineSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DetectorTopologyTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final EngineSettings ENGINE = EngineSettings.defaults();

  private TopologyTestDriver driver;
  private TestInputTopic<String, Sample> samples;
  private TestOutputTopic<String, MonitorEvent> events;
  private TestOutputTopic<String, Rollup> rollups;
  private TestOutputTopic<String, String> dlq;
  private long clock;

  @BeforeEach
  void start() throws Exception {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "detector-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(
        StreamsConfig.STATE_DIR_CONFIG,
        Files.createTempDirectory(Files.createDirectories(Path.of("target")), "detector-ttd")
            .toString());
    driver =
        new TopologyTestDriver(
            DetectorTopology.build(TopologySettings.defaults(ENGINE)), props, START);
    samples =
        driver.createInputTopic(Topics.SAMPLES, Serdes.String().serializer(), Json.serializer());
    events =
        driver.createOutputTopic(
            Topics.EVENTS, Serdes.String().deserializer(), Json.deserializer(MonitorEvent.class));
    rollups =
        driver.createOutputTopic(
            Topics.ROLLUPS, Serdes.String().deserializer(), Json.deserializer(Rollup.class));
    dlq =
        driver.createOutputTopic(
            Topics.dlq(Topics.SAMPLES),
            Serdes.String().deserializer(),
            Serdes.String().deserializer());
    clock = START.toEpochMilli();
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  /** Sends one sample per second of wall clock, timestamped with that second. */
  private void send(String monitor, String metric, double value) {
    samples.pipeInput(monitor, new Sample(monitor, metric, Map.of(), clock, value), clock);
    clock += 1000;
    driver.advanceWallClockTime(Duration.ofSeconds(1));
  }

  /** Like {@link #send}, as an agent of {@code tenant}: keyed {@code tenant/monitor}. */
  private void sendAs(String tenant, String monitor, String metric, double value) {
    Sample sample = new Sample(monitor, metric, Map.of(), clock, value, tenant);
    samples.pipeInput(sample.key(), sample, clock);
    clock += 1000;
    driver.advanceWallClockTime(Duration.ofSeconds(1));
  }

  private void sendNormal(String monitor, int n, SyntheticSeries s) {
    for (int i = 0; i < n; i++) {
      send(monitor, "cpu", s.value(i));
    }
  }

  private List<MonitorEvent> eventsOf(EventType type) {
    return events.readValuesToList().stream()
        .filter(e -> e.type() == type)
        .collect(Collectors.toList());
  }

  @Test
  void firstSampleOfAMonitorAnnouncesIt() {
    send("web-1", "cpu", 1.0);
    List<MonitorEvent> out = events.readValuesToList();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).type()).isEqualTo(EventType.MONITOR_DISCOVERED);
    assertThat(out.get(0).monitor()).isEqualTo("web-1");
  }

  @Test
  void theSameMonitorNameInTwoTenantsKeepsSeparateStateAndEvents() {
    SyntheticSeries s = new SyntheticSeries(7);
    int n = ENGINE.samplesBeforeScoring() + 200;
    for (int i = 0; i < n; i++) {
      sendAs("a", "web-1", "cpu", s.value(i));
      // tenant b's web-1 measures something else entirely: a shared state would blur both
      sendAs("b", "web-1", "cpu", 1000 + 10 * s.value(i));
    }
    List<TestRecord<String, MonitorEvent>> first = events.readRecordsToList();
    assertThat(first)
        .filteredOn(r -> r.value().type() == EventType.MONITOR_DISCOVERED)
        .extracting(r -> r.key() + " " + r.value().tenant() + " " + r.value().monitor())
        .containsExactlyInAnyOrder("a/web-1 a web-1", "b/web-1 b web-1");
    assertThat(first)
        .filteredOn(r -> r.value().type() == EventType.MONITOR_DISCOVERED)
        .extracting(r -> r.value().id())
        .doesNotHaveDuplicates();
    assertThat(rollups.readValuesToList())
        .extracting(r -> r.tenant() + " " + r.series())
        .contains("a web-1/cpu{tenant=a}", "b web-1/cpu{tenant=b}")
        .allMatch(
            t -> t.startsWith("a web-1/cpu{tenant=a}") || t.startsWith("b web-1/cpu{tenant=b}"));

    // 400 is a spike for a's web-1, far below anything b's web-1 ever sent
    sendAs("a", "web-1", "cpu", 400.0);
    sendAs("b", "web-1", "cpu", 1000 + 10 * s.value(n));
    List<MonitorEvent> anomalies = eventsOf(EventType.ANOMALY);
    assertThat(anomalies)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.tenant()).isEqualTo("a");
              assertThat(a.monitor()).isEqualTo("web-1");
              assertThat(a.series()).isEqualTo("web-1/cpu{tenant=a}");
            });

    // b goes silent while a keeps sending: only b's web-1 is down
    for (int i = 0; i < 10; i++) {
      sendAs("a", "web-1", "cpu", s.value(n + 1 + i));
    }
    List<TestRecord<String, MonitorEvent>> outages =
        events.readRecordsToList().stream()
            .filter(r -> r.value().type() == EventType.OUTAGE_STARTED)
            .toList();
    assertThat(outages)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.key()).isEqualTo("b/web-1");
              assertThat(r.value().tenant()).isEqualTo("b");
            });
  }

  @Test
  void aSampleOfTheDefaultTenantKeepsItsBareKeyAndSeries() {
    send("web-1", "cpu", 1.0);
    List<TestRecord<String, MonitorEvent>> out = events.readRecordsToList();
    assertThat(out)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.key()).isEqualTo("web-1");
              assertThat(r.value().tenant()).isEqualTo("default");
            });
  }

  @Test
  void spikeAfterWarmUpOpensAnAnomalyWithSeverityBandAndExplanation() {
    SyntheticSeries s = new SyntheticSeries(7);
    sendNormal("web-1", ENGINE.samplesBeforeScoring() + 200, s);
    events.readValuesToList();
    send("web-1", "cpu", 400.0);
    List<MonitorEvent> anomalies = eventsOf(EventType.ANOMALY);
    assertThat(anomalies).hasSize(1);
    MonitorEvent a = anomalies.get(0);
    assertThat(a.metric()).isEqualTo("cpu");
    assertThat(a.series()).isEqualTo("web-1/cpu");
    assertThat(a.value()).isEqualTo(400.0);
    assertThat(a.severity()).isNotNull();
    assertThat(a.score()).isBetween(ENGINE.alertThreshold(), 1.0);
    assertThat(a.expectedLow()).isLessThan(a.expectedHigh());
    assertThat(a.expectedHigh()).isLessThan(400.0);
    assertThat(a.message()).startsWith("cpu: ").hasSizeGreaterThan(10);
  }

  @Test
  void anomalyResolvesAfterEnoughNormalSamplesAndNamesTheAnomalyItCloses() {
    SyntheticSeries s = new SyntheticSeries(11);
    sendNormal("web-1", ENGINE.samplesBeforeScoring() + 200, s);
    // the anomaly to close is the spike's, not a (rare) alert of the normal history
    events.readValuesToList();
    send("web-1", "cpu", 400.0);
    String anomalyId = eventsOf(EventType.ANOMALY).get(0).id();
    for (int i = 0; i < 200; i++) {
      send("web-1", "cpu", s.value(i));
    }
    List<MonitorEvent> resolved = eventsOf(EventType.ANOMALY_RESOLVED);
    assertThat(resolved).isNotEmpty();
    assertThat(resolved.get(0).ref()).isEqualTo(anomalyId);
  }

  @Test
  void anomalyOfASustainedShiftStaysOpenWhileTheSuppressionPeriodDampsItsScores() {
    SyntheticSeries s = new SyntheticSeries(5);
    int history = ENGINE.samplesBeforeScoring() + 600;
    sendNormal("web-1", history, s);
    events.readValuesToList();
    for (int i = 0; i < 12; i++) {
      send("web-1", "cpu", s.value(history + i) + 40); // a level shift of 40 typical deviations
    }
    List<EventType> types = events.readValuesToList().stream().map(MonitorEvent::type).toList();
    assertThat(types).as("one incident, one alert").containsOnlyOnce(EventType.ANOMALY);
    assertThat(types)
        .as("12 samples into the shift the series is still abnormal, though its alerts are damped")
        .doesNotContain(EventType.ANOMALY_RESOLVED);
  }

  /**
   * {@code seconds} of wall clock during which only {@code witness} sends (every second): the
   * stream goes on, so another monitor's silence is measured on its progress.
   */
  private void onlyOthersSend(String witness, int seconds) {
    for (int i = 0; i < seconds; i++) {
      send(witness, "cpu", 1.0 + i % 2);
    }
  }

  @Test
  void outageOpensAfterThreeMissedIntervalsAndResolvesWhenSamplesResume() {
    SyntheticSeries s = new SyntheticSeries(3);
    sendNormal("db-1", 20, s);
    events.readValuesToList();
    // 1 s cadence: three missed intervals are 3 s, but never less than the 5 s minimum silence
    onlyOthersSend("witness", 3);
    assertThat(eventsOf(EventType.OUTAGE_STARTED)).isEmpty();
    onlyOthersSend("witness", 3);
    List<MonitorEvent> started = eventsOf(EventType.OUTAGE_STARTED);
    assertThat(started).hasSize(1);
    assertThat(started.get(0).monitor()).isEqualTo("db-1");
    assertThat(started.get(0).message()).contains("No samples from db-1");

    onlyOthersSend("witness", 30);
    assertThat(eventsOf(EventType.OUTAGE_STARTED)).as("one outage, not one per check").isEmpty();

    send("db-1", "cpu", 50.0);
    List<MonitorEvent> resolved = eventsOf(EventType.OUTAGE_RESOLVED);
    assertThat(resolved).hasSize(1);
    assertThat(resolved.get(0).ref()).isEqualTo(started.get(0).id());
  }

  @Test
  void outageLimitFollowsTheMonitorsOwnCadence() {
    for (int i = 0; i < 10; i++) {
      samples.pipeInput("slow-1", new Sample("slow-1", "cpu", Map.of(), clock, 1.0), clock);
      onlyOthersSend("witness", 10);
    }
    events.readValuesToList();
    // 10 s have passed since the last sample; 15 s more make 25 s, less than 3 x 10 s
    onlyOthersSend("witness", 15);
    assertThat(eventsOf(EventType.OUTAGE_STARTED)).as("25 s is less than 3 x 10 s").isEmpty();
    onlyOthersSend("witness", 10);
    assertThat(eventsOf(EventType.OUTAGE_STARTED))
        .singleElement()
        .extracting(MonitorEvent::monitor)
        .isEqualTo("slow-1");
  }

  @Test
  void whenEveryMonitorFallsSilentTheOutagesOpenAfterTheIdleFallback() {
    sendNormal("db-1", 20, new SyntheticSeries(3));
    events.readValuesToList();
    // nothing at all arrives: it may be the pipeline stalling, until the idle fallback (60 s)
    advance(Duration.ofSeconds(50));
    assertThat(eventsOf(EventType.OUTAGE_STARTED)).as("a stall shorter than 60 s").isEmpty();
    advance(Duration.ofSeconds(15));
    assertThat(eventsOf(EventType.OUTAGE_STARTED)).hasSize(1);
  }

  @Test
  void closedMinuteIsPublishedAsARollup() {
    long minute = START.toEpochMilli();
    for (int i = 0; i < 60; i++) {
      send("web-1", "cpu", i);
    }
    send("web-1", "cpu", 1000); // first sample of the next minute closes the previous one
    List<Rollup> all = rollups.readValuesToList();
    Rollup closed =
        all.stream().filter(r -> r.minute() == minute).reduce((a, b) -> b).orElseThrow();
    assertThat(closed.count()).isEqualTo(60);
    assertThat(closed.min()).isEqualTo(0);
    assertThat(closed.max()).isEqualTo(59);
    assertThat(closed.mean()).isEqualTo(29.5);
    assertThat(closed.last()).isEqualTo(59);
    assertThat(closed.series()).isEqualTo("web-1/cpu");
    assertThat(all.stream().filter(r -> r.minute() == minute).count())
        .as("a filling minute is re-published every 10 s, not on every sample")
        .isBetween(2L, 8L);
  }

  @Test
  void aRecordThatMakesTheDetectorThrowGoesToTheDeadLetterTopicWithItsReasonAndProcessingGoesOn() {
    send("web-1", "cpu", 1.0);
    // a label too long for the series state's encoding: the processor throws on this record
    String huge = "x".repeat(70_000);
    Sample poison = new Sample("web-2", "cpu", Map.of("path", huge), clock, 1.0);
    samples.pipeInput("web-2", poison, clock);
    TestRecord<String, String> dead = dlq.readRecord();
    assertThat(dead.key()).isEqualTo("web-2");
    assertThat(dead.value()).contains(huge);
    assertThat(
            new String(
                dead.headers().lastHeader(Topics.DLQ_REASON_HEADER).value(),
                StandardCharsets.UTF_8))
        .startsWith("processing failed: ");
    events.readValuesToList();
    // the task goes on: the next samples, of that series' monitor and of another, are processed
    clock += 1000;
    send("web-1", "cpu", 2.0);
    send("web-2", "mem", 3.0);
    assertThat(dlq.isEmpty()).isTrue();
    assertThat(driver.<String, byte[]>getKeyValueStore(Names.SERIES_STORE).get("web-2/mem"))
        .isNotNull();
    assertThat(driver.<String, byte[]>getKeyValueStore(Names.SERIES_STORE).get(poison.seriesId()))
        .isNull();
  }

  @Test
  void resentSampleIsIgnoredAndOutOfOrderSampleGoesToTheDeadLetterTopicWithItsReason() {
    send("web-1", "cpu", 1.0);
    long t = clock - 1000;
    samples.pipeInput("web-1", new Sample("web-1", "cpu", Map.of(), t, 1.0), t);
    assertThat(dlq.isEmpty()).isTrue();
    samples.pipeInput("web-1", new Sample("web-1", "cpu", Map.of(), t - 5000, 1.0), t);
    TestRecord<String, String> dead = dlq.readRecord();
    assertThat(dead.key()).isEqualTo("web-1");
    Header reason = dead.headers().lastHeader(Topics.DLQ_REASON_HEADER);
    assertThat(new String(reason.value(), StandardCharsets.UTF_8))
        .contains("older than the latest");
  }

  @Test
  void aResentBatchOfSamplesAlreadyScoredIsIgnoredButAChangedValueIsADeadLetter() {
    // the series' first sample is its first snapshot; the batch is then in the journal
    send("web-1", "cpu", 1.0);
    List<Sample> batch = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      clock += 1000;
      batch.add(new Sample("web-1", "cpu", Map.of(), clock, 10.0 + i));
    }
    batch.forEach(b -> samples.pipeInput("web-1", b, b.timestamp()));
    // the agent timed out and sends the whole batch again, as Prometheus' remote write does
    batch.forEach(b -> samples.pipeInput("web-1", b, clock));
    assertThat(dlq.isEmpty()).isTrue();
    Sample changed = batch.get(2);
    samples.pipeInput(
        "web-1", new Sample("web-1", "cpu", Map.of(), changed.timestamp(), 99.0), clock);
    assertThat(nextDeadLetterReason()).contains("older than the latest");
    assertThat(dlq.isEmpty()).isTrue();
  }

  @Test
  void aResentBatchSpanningASnapshotIsIgnored() {
    // 60 samples: the engine state is snapshotted at the first and the 51st, which empties the
    // journal; the agent then sends the last 15 again (its request timed out)
    List<Sample> sent = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      clock += 1000;
      Sample s = new Sample("web-1", "cpu", Map.of(), clock, 10.0 + (i % 7));
      sent.add(s);
      samples.pipeInput("web-1", s, clock);
    }
    sent.subList(45, 60).forEach(b -> samples.pipeInput("web-1", b, clock));
    assertThat(dlq.isEmpty()).as("samples from before the snapshot are not out of order").isTrue();
    // one from before the snapshot with another value is
    Sample changed = sent.get(46);
    samples.pipeInput(
        "web-1", new Sample("web-1", "cpu", Map.of(), changed.timestamp(), 99.0), clock);
    assertThat(nextDeadLetterReason()).contains("older than the latest");
  }

  private String nextDeadLetterReason() {
    return new String(
        dlq.readRecord().headers().lastHeader(Topics.DLQ_REASON_HEADER).value(),
        StandardCharsets.UTF_8);
  }

  @Test
  void undecodableSamplesGoToTheDeadLetterTopicAsTheyCameWithTheReason() {
    TestInputTopic<String, byte[]> raw =
        driver.createInputTopic(
            Topics.SAMPLES, Serdes.String().serializer(), Serdes.ByteArray().serializer());
    String garbage = "{\"monitor\":\"web-1\",\"metric\":";
    String noValue = "{\"monitor\":\"web-1\",\"metric\":\"cpu\",\"timestamp\":" + clock + "}";
    raw.pipeInput("web-1", garbage.getBytes(StandardCharsets.UTF_8), clock);
    raw.pipeInput("web-1", noValue.getBytes(StandardCharsets.UTF_8), clock);
    for (String sent : List.of(garbage, noValue)) {
      TestRecord<String, String> dead = dlq.readRecord();
      assertThat(dead.value()).isEqualTo(sent);
      assertThat(
              new String(
                  dead.headers().lastHeader(Topics.DLQ_REASON_HEADER).value(),
                  StandardCharsets.UTF_8))
          .startsWith("undecodable sample: ");
    }
    assertThat(events.isEmpty()).as("nothing was accepted").isTrue();
    send("web-1", "cpu", 1.0);
    assertThat(eventsOf(EventType.MONITOR_DISCOVERED)).as("the detector goes on").hasSize(1);
  }

  @Test
  void sampleStampedFarAheadOfTheClockGoesToTheDeadLetterTopicInsteadOfStoppingTheDetector() {
    long future = clock + 2 * 3_600_000L;
    samples.pipeInput("web-1", new Sample("web-1", "cpu", Map.of(), future, 1.0), clock);
    TestRecord<String, String> dead = dlq.readRecord();
    assertThat(
            new String(
                dead.headers().lastHeader(Topics.DLQ_REASON_HEADER).value(),
                StandardCharsets.UTF_8))
        .contains("ahead of the detector's clock");
    assertThat(dead.timestamp()).isLessThan(future);
    assertThat(events.isEmpty()).as("not even discovered: nothing was accepted").isTrue();
    send("web-1", "cpu", 1.0);
    assertThat(eventsOf(EventType.MONITOR_DISCOVERED)).hasSize(1);
  }

  @Test
  void heartbeatReportingDownOpensAnOutageWithTheChecksMessageAndUpResolvesIt() {
    Map<String, String> push = Map.of("source", "push");
    samples.pipeInput("shop", new Sample("shop", "heartbeat_up", push, clock, 1.0), clock);
    events.readValuesToList();
    clock += 1000;
    org.apache.kafka.common.header.internals.RecordHeaders headers =
        new org.apache.kafka.common.header.internals.RecordHeaders();
    headers.add("sentinel-heartbeat-msg", "HTTP 502 from /health".getBytes(StandardCharsets.UTF_8));
    samples.pipeInput(
        new TestRecord<>(
            "shop", new Sample("shop", "heartbeat_up", push, clock, 0.0), headers, clock));
    List<MonitorEvent> started = eventsOf(EventType.OUTAGE_STARTED);
    assertThat(started).hasSize(1);
    assertThat(started.get(0).message())
        .isEqualTo("Check of shop reports down: HTTP 502 from /health");
    clock += 1000;
    samples.pipeInput("shop", new Sample("shop", "heartbeat_up", push, clock, 0.0), clock);
    assertThat(eventsOf(EventType.OUTAGE_STARTED)).as("still down: one outage").isEmpty();
    clock += 1000;
    samples.pipeInput("shop", new Sample("shop", "heartbeat_up", push, clock, 1.0), clock);
    assertThat(eventsOf(EventType.OUTAGE_RESOLVED))
        .extracting(MonitorEvent::ref)
        .containsExactly(started.get(0).id());
  }

  @Test
  void aCheckReportingAnErrorPutsItsMonitorInErrorsUntilItReportsUpAgain() {
    Map<String, String> push = Map.of("source", "push");
    samples.pipeInput("shop", new Sample("shop", "heartbeat_up", push, clock, 1.0), clock);
    events.readValuesToList();
    org.apache.kafka.common.header.internals.RecordHeaders headers =
        new org.apache.kafka.common.header.internals.RecordHeaders();
    headers.add(
        "sentinel-heartbeat-msg", "probe certificate expired".getBytes(StandardCharsets.UTF_8));
    clock += 1000;
    samples.pipeInput(
        new TestRecord<>(
            "shop", new Sample("shop", "heartbeat_error", push, clock, 1.0), headers, clock));
    List<MonitorEvent> started = eventsOf(EventType.ERRORS_STARTED);
    assertThat(started)
        .singleElement()
        .extracting(MonitorEvent::message)
        .isEqualTo("Check of shop reports an error: probe certificate expired");
    clock += 1000;
    samples.pipeInput("shop", new Sample("shop", "heartbeat_error", push, clock, 1.0), clock);
    assertThat(eventsOf(EventType.ERRORS_STARTED)).as("still in error: one episode").isEmpty();
    clock += 1000;
    samples.pipeInput("shop", new Sample("shop", "heartbeat_up", push, clock, 1.0), clock);
    assertThat(eventsOf(EventType.ERRORS_RESOLVED))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.ref()).isEqualTo(started.get(0).id());
              assertThat(e.message()).isEqualTo("Check of shop reports up again after an error");
            });
    clock += 1000;
    samples.pipeInput("shop", new Sample("shop", "heartbeat_up", push, clock, 1.0), clock);
    assertThat(eventsOf(EventType.ERRORS_RESOLVED)).as("resolved once").isEmpty();
  }

  @Test
  void prometheusReportingATargetsScrapeFailingOpensAnOutageAndItsRecoveryResolvesIt() {
    Map<String, String> scrape = Map.of("job", "node");
    samples.pipeInput("db-7:9100", new Sample("db-7:9100", "up", scrape, clock, 1.0), clock);
    assertThat(eventsOf(EventType.MONITOR_DISCOVERED)).hasSize(1);
    clock += 15_000;
    samples.pipeInput("db-7:9100", new Sample("db-7:9100", "up", scrape, clock, 0.0), clock);
    List<MonitorEvent> started = eventsOf(EventType.OUTAGE_STARTED);
    assertThat(started)
        .singleElement()
        .extracting(MonitorEvent::message)
        .isEqualTo("Prometheus cannot scrape db-7:9100 (job node): up = 0");
    clock += 15_000;
    samples.pipeInput("db-7:9100", new Sample("db-7:9100", "up", scrape, clock, 1.0), clock);
    assertThat(eventsOf(EventType.OUTAGE_RESOLVED))
        .extracting(MonitorEvent::ref)
        .containsExactly(started.get(0).id());
    assertThat(rollups.isEmpty()).as("a health report, not a series to chart or learn").isTrue();
  }

  /** A fact as ingest-service publishes it: {@code count} samples of {@code monitor} rejected. */
  private void rejected(String monitor, String reason, double count) {
    Map<String, String> labels =
        Map.of(
            "source",
            "sentinel-ingest",
            "reason",
            reason,
            "protocol",
            "influx",
            "tenant",
            Tenants.DEFAULT);
    samples.pipeInput(
        monitor, new Sample(monitor, "sentinel_ingest_rejected", labels, clock, count), clock);
  }

  /** Wall clock passes, checked every second as a running detector does. */
  private void advance(Duration d) {
    for (long ms = d.toMillis(); ms > 0; ms -= 1000) {
      long step = Math.min(ms, 1000);
      clock += step;
      driver.advanceWallClockTime(Duration.ofMillis(step));
    }
  }

  @Test
  void ingestRejectionFactsAreNeitherLearnedNorAnnounced() {
    rejected("web-9", "timestamp_too_old", 3.0);
    assertThat(events.isEmpty()).as("one rejected request is not a pattern").isTrue();
    assertThat(rollups.isEmpty()).isTrue();
  }

  @Test
  void dataRejectedInThreeRequestsOpensErrorsAndAQuietPeriodClosesIt() {
    sendNormal("web-1", 5, new SyntheticSeries(1));
    events.readValuesToList();
    rejected("web-1", "non_finite", 2);
    advance(Duration.ofSeconds(30));
    rejected("web-1", "non_finite", 1);
    assertThat(eventsOf(EventType.ERRORS_STARTED)).isEmpty();
    advance(Duration.ofSeconds(30));
    rejected("web-1", "timestamp_too_old", 4);
    List<MonitorEvent> started = eventsOf(EventType.ERRORS_STARTED);
    assertThat(started)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.monitor()).isEqualTo("web-1");
              assertThat(e.value()).isEqualTo(7.0);
              assertThat(e.message())
                  .isEqualTo(
                      "Data of web-1 keeps being rejected: 7 samples in 3 requests over 60 s (latest:"
                          + " timestamp_too_old, influx); check the agent's configuration");
            });
    rejected("web-1", "timestamp_too_old", 1);
    assertThat(eventsOf(EventType.ERRORS_STARTED))
        .as("one episode, not one per rejection")
        .isEmpty();

    // the monitor keeps sending good data too; errors last until rejections stop for 5 min
    for (int i = 0; i < 4; i++) {
      advance(Duration.ofMinutes(1));
      send("web-1", "cpu", 50);
    }
    assertThat(eventsOf(EventType.ERRORS_RESOLVED)).isEmpty();
    advance(Duration.ofMinutes(1));
    send("web-1", "cpu", 50);
    assertThat(eventsOf(EventType.ERRORS_RESOLVED))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.ref()).isEqualTo(started.get(0).id());
              assertThat(e.message()).startsWith("No data of web-1 rejected for 5 min");
            });
  }

  @Test
  void rejectionsFarApartDoNotAddUp() {
    for (int i = 0; i < 5; i++) {
      rejected("web-2", "too_long", 1);
      advance(Duration.ofMinutes(6));
    }
    assertThat(eventsOf(EventType.ERRORS_STARTED)).isEmpty();
  }

  @Test
  void samplesRefusedOnlyForTheirBatchDoNotCountTowardErrors() {
    for (int i = 0; i < 5; i++) {
      rejected("web-3", "batch_rejected", 10);
      advance(Duration.ofSeconds(10));
    }
    assertThat(events.isEmpty()).isTrue();
  }

  @Test
  void monitorKnownOnlyFromRejectedDataIsInErrorsButNotDeclaredDownUntilItSendsData() {
    for (int i = 0; i < 3; i++) {
      rejected("new-host", "too_many_labels", 1);
      advance(Duration.ofSeconds(5));
    }
    assertThat(eventsOf(EventType.ERRORS_STARTED)).hasSize(1);
    advance(Duration.ofMinutes(4));
    assertThat(events.isEmpty()).as("never sent accepted data: no outage").isTrue();
    send("new-host", "cpu", 1.0);
    assertThat(eventsOf(EventType.MONITOR_DISCOVERED)).hasSize(1);
    advance(Duration.ofMinutes(10));
    List<MonitorEvent> later = events.readValuesToList();
    assertThat(later)
        .extracting(MonitorEvent::type)
        .contains(EventType.ERRORS_RESOLVED, EventType.OUTAGE_STARTED);
  }

  @Test
  void outageOfAMonitorWhoseDataIsRejectedSaysSo() {
    send("web-4", "cpu", 1.0);
    send("web-4", "cpu", 1.0);
    events.readValuesToList();
    for (int i = 0; i < 3; i++) {
      rejected("web-4", "timestamp_in_future", 1);
      advance(Duration.ofSeconds(1));
    }
    // the only monitor: its silence counts once the input has been idle for the fallback (60 s)
    advance(Duration.ofSeconds(70));
    assertThat(eventsOf(EventType.OUTAGE_STARTED))
        .singleElement()
        .extracting(MonitorEvent::message)
        .asString()
        .endsWith("; its data is being rejected (timestamp_in_future, influx)");
  }

  @Test
  void sampleWithoutMetricGoesToTheDeadLetterTopic() {
    samples.pipeInput("web-1", new Sample("web-1", " ", Map.of(), clock, 1.0), clock);
    TestRecord<String, String> dead = dlq.readRecord();
    assertThat(
            new String(
                dead.headers().lastHeader(Topics.DLQ_REASON_HEADER).value(),
                StandardCharsets.UTF_8))
        .isEqualTo("sample without metric");
    assertThat(events.isEmpty()).isTrue();
  }
}
