package io.sentinel.e2e;

import static org.awaitility.Awaitility.await;

import io.sentinel.contract.Json;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Topics;
import io.sentinel.devstack.DevStack;
import io.sentinel.devstack.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Runs fault-injection scenarios on a running {@link Pipeline}: steady load from {@link
 * LoadAgents}, a live-stream client that resumes with Last-Event-ID, one fault, then a checker that
 * compares what was acknowledged with what the detector processed (its per-minute rollup counts in
 * PostgreSQL), the events on Kafka with the rows in PostgreSQL, the committed event log with what
 * the stream client received, and looks for outages and warm-ups that should not be there.
 */
final class Chaos {
  /** The load of a run: agents, monitors per agent, sampling interval, history per monitor. */
  record Load(int agents, int monitorsPerAgent, Duration interval, int history, int faultTicks) {}

  /** A fault: inject it, then (after the load kept coming for a while) end it. */
  interface Fault {
    void inject(LoadAgents agents) throws Exception;

    void end(LoadAgents agents) throws Exception;

    /** How long the fault lasts, in sampling ticks of the load at its usual rate. */
    default int ticks(Load load) {
      return load.faultTicks();
    }
  }

  /** What a scenario measured. */
  record Figures(
      String scenario,
      long acknowledged,
      long processed,
      long lostSamples,
      long duplicateSamples,
      long retries,
      long rejected,
      long kafkaEvents,
      long pgEvents,
      long lostEvents,
      long duplicateEvents,
      long sseReceived,
      long sseMissed,
      long sseDuplicates,
      int sseConnections,
      long falseOutages,
      long warmUpRollups,
      boolean spikeFlagged,
      double detectionRecoverySeconds,
      double streamRecoverySeconds) {

    boolean clean() {
      return lostSamples == 0
          && duplicateSamples == 0
          && rejected == 0
          && lostEvents == 0
          && duplicateEvents == 0
          && sseMissed == 0
          && sseDuplicates == 0
          && falseOutages == 0
          && warmUpRollups == 0
          && spikeFlagged;
    }
  }

  static final Duration PATIENCE = Duration.ofSeconds(180);
  private static final double SPIKE = 5_000.0;

  /** The detector's shortest silence before an outage (its default outage.min-silence). */
  static final Duration MIN_SILENCE = Duration.ofSeconds(5);

  private final Pipeline pipeline;
  private final Load load;

  Chaos(Pipeline pipeline, Load load) {
    this.pipeline = pipeline;
    this.load = load;
  }

  Figures run(String scenario, Fault fault) throws Exception {
    String prefix = "chaos-" + scenario + "-" + UUID.randomUUID().toString().substring(0, 6);
    log(
        "%s: %d agents x %d monitors every %d ms, %d samples of history each",
        scenario,
        load.agents(),
        load.monitorsPerAgent(),
        load.interval().toMillis(),
        load.history());
    long seq0 = single("SELECT coalesce(max(seq), 0) FROM events");
    try (ResumingSse sse = new ResumingSse(() -> pipeline.query.url("/api/stream"), seq0);
        LoadAgents agents =
            new LoadAgents(
                () -> pipeline.ingest.url("/"),
                pipeline.agentToken,
                prefix,
                load.agents(),
                load.monitorsPerAgent())) {
      await("SSE stream registered").atMost(PATIENCE).until(sse::ready);
      agents.sendHistory(load.history());
      agents.start(load.interval());
      log("%s: history sent; waiting until the detector has processed it", scenario);
      // progress: the history processed so far, counting no series beyond its history (the load
      // is already coming; a series stuck short of its history must not look like progress)
      if (!waitFor(
          () -> minProcessed(prefix) >= load.history(),
          "history processed",
          () -> historyProcessed(prefix))) {
        throw new AssertionError("the detector stopped processing the history");
      }

      long faultStart = System.currentTimeMillis();
      log(
          "%s: injecting the fault (%d samples acknowledged so far)",
          scenario, agents.acknowledged());
      fault.inject(agents);
      // held from when the fault is in place (a detector replica that joins takes a while)
      long sampledAtFault = agents.sampled();
      long holdFor = (long) fault.ticks(load) * agents.monitors().size();
      await("load kept coming during the fault")
          .atMost(PATIENCE)
          .until(() -> agents.sampled() >= sampledAtFault + holdFor);
      log("%s: ending the fault (%d samples queued at the agents)", scenario, agents.queued());
      fault.end(agents);
      long faultEnd = System.currentTimeMillis();

      // recovery: every series processed a sample taken after the fault ended; the live stream
      // delivered an event caused after it (a new monitor's discovery)
      String marker = postMarker(prefix + ".marker");
      double detection =
          secondsUntil(
              faultEnd,
              () -> minLastTimestamp(prefix) >= faultEnd,
              "detection recovered",
              () -> minLastTimestamp(prefix));
      double stream =
          secondsUntil(
              faultEnd,
              () ->
                  sse.events().stream()
                      .anyMatch(
                          e -> "monitor_discovered".equals(e.type()) && marker.equals(e.monitor())),
              "live stream recovered");

      // no new warm-up: a spike is flagged at once
      String spiked = agents.monitors().get(0);
      agents.spike(spiked, SPIKE);
      boolean flagged = waitFor(() -> spikeFlagged(spiked), "spike flagged");

      // an outage is false when the agent kept sampling the monitor: no gap between two of its
      // samples as long as the shortest silence that may open one
      long falseOutages = 0;
      long starved = 0;
      for (String m : agents.monitors()) {
        long outages = single("SELECT count(*) FROM outages WHERE monitor = ?", m);
        if (agents.maxSamplingGap(m) < MIN_SILENCE.toMillis()) {
          falseOutages += outages;
        } else {
          starved++;
        }
      }
      if (starved > 0) {
        log(
            "%d monitors had a sampling gap of %s ms or more (the load generator was starved):"
                + " their outages are not counted as false",
            starved, MIN_SILENCE.toMillis());
      }
      agents.stop();
      log("%s: load stopped; checking", scenario);

      Map<String, Long> acknowledged = new HashMap<>();
      agents.monitors().forEach(m -> acknowledged.put(m, agents.acknowledged(m)));
      waitFor(
          () -> {
            Map<String, Long> p = processed(prefix);
            return acknowledged.entrySet().stream()
                .allMatch(e -> p.getOrDefault(e.getKey(), 0L) >= e.getValue());
          },
          "every acknowledged sample processed",
          () -> totalProcessed(prefix));
      Map<String, Long> processed = processed(prefix);
      long lost = 0;
      long duplicated = 0;
      for (Map.Entry<String, Long> e : acknowledged.entrySet()) {
        long p = processed.getOrDefault(e.getKey(), 0L);
        lost += Math.max(0, e.getValue() - p);
        duplicated += Math.max(0, p - e.getValue());
      }

      if (lost + duplicated > 0) {
        reportDifferences(agents, prefix);
      }

      List<MonitorEvent> kafkaEvents = eventsOnKafka(pipeline.bootstrapServers(), prefix);
      Set<String> kafkaIds = kafkaEvents.stream().map(MonitorEvent::id).collect(Collectors.toSet());
      waitFor(
          () -> pgEventIds(prefix).containsAll(kafkaIds),
          "every event in PostgreSQL",
          () -> (long) pgEventIds(prefix).size());
      Set<String> pgIds = pgEventIds(prefix);
      long lostEvents = kafkaIds.stream().filter(id -> !pgIds.contains(id)).count();
      long duplicateEvents =
          (kafkaEvents.size() - kafkaIds.size())
              + kafkaEvents.stream()
                  .map(e -> e.type() + "|" + e.monitor() + "|" + e.series() + "|" + e.time())
                  .collect(Collectors.groupingBy(k -> k, Collectors.counting()))
                  .values()
                  .stream()
                  .filter(n -> n > 1)
                  .mapToLong(n -> n - 1)
                  .sum()
              + single(
                  "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM events"
                      + " WHERE monitor LIKE ? AND type <> 'status_changed'"
                      + " GROUP BY type, monitor, series, time HAVING count(*) > 1) d",
                  prefix + "%");

      long lastSeq = single("SELECT coalesce(max(seq), 0) FROM events");
      waitFor(() -> sse.lastId() >= lastSeq, "live stream caught up", sse::lastId);
      List<Long> committed = seqsAfter(seq0, lastSeq);
      List<Long> received =
          sse.events().stream().map(ResumingSse.Event::id).filter(id -> id <= lastSeq).toList();
      Set<Long> receivedSet = new HashSet<>(received);
      long sseMissed = committed.stream().filter(s -> !receivedSet.contains(s)).count();
      long sseDuplicates = received.size() - receivedSet.size();

      long warmUp =
          single(
              "SELECT count(*) FROM rollups WHERE monitor LIKE ? AND minute >= to_timestamp(?)"
                  + " AND expected_low IS NULL",
              prefix + "-%",
              faultStart / 60_000 * 60);

      Figures f =
          new Figures(
              scenario,
              agents.acknowledged(),
              processed.values().stream().mapToLong(Long::longValue).sum(),
              lost,
              duplicated,
              agents.retries(),
              agents.rejected(),
              kafkaEvents.size(),
              pgIds.size(),
              lostEvents,
              duplicateEvents,
              received.size(),
              sseMissed,
              sseDuplicates,
              sse.connections(),
              falseOutages,
              warmUp,
              flagged,
              detection,
              stream);
      System.out.println(table(List.of(f)));
      return f;
    }
  }

  // ---------------------------------------------------------------- faults

  /** kill -9 of a service, restarted (same port, same environment, same local state) later. */
  static Fault kill(ServiceProcess service) {
    return new Fault() {
      @Override
      public void inject(LoadAgents agents) throws Exception {
        service.kill();
      }

      @Override
      public void end(LoadAgents agents) throws Exception {
        service.start().awaitReady();
      }
    };
  }

  /**
   * Kafka node {@code id} of {@code cluster} killed with SIGKILL (the single broker of a one-node
   * cluster: everything stops), then started again on the same ports and log directories.
   */
  static Fault brokerKill(KafkaProcesses cluster, int id) {
    return new Fault() {
      @Override
      public void inject(LoadAgents agents) throws Exception {
        cluster.kill(id);
      }

      @Override
      public void end(LoadAgents agents) throws Exception {
        cluster.restart(id);
      }
    };
  }

  /**
   * The leader of partition 0 of the samples topic killed with SIGKILL (its other partitions, and
   * whatever coordinator or controller it was, move with it), kept down, then started again.
   */
  static Fault leaderKill(KafkaProcesses cluster) {
    return new Fault() {
      private int leader;

      @Override
      public void inject(LoadAgents agents) throws Exception {
        leader = cluster.leaderOf(Topics.SAMPLES, 0);
        log("killing Kafka node %d, leader of %s-0", leader, Topics.SAMPLES);
        cluster.kill(leader);
      }

      @Override
      public void end(LoadAgents agents) throws Exception {
        cluster.restart(leader);
      }
    };
  }

  /**
   * A second detector instance started mid-stream (the group rebalances: it takes over some
   * partitions, their state restored from the changelogs), then the first killed with SIGKILL (the
   * second takes over the rest).
   */
  static Fault detectorRebalance(Pipeline pipeline) {
    return new Fault() {
      private ServiceProcess replica;

      @Override
      public void inject(LoadAgents agents) throws Exception {
        replica = pipeline.addDetectorReplica();
        await("the second detector instance owns partitions of " + Topics.SAMPLES)
            .atMost(PATIENCE)
            .pollInterval(Duration.ofMillis(500))
            .until(() -> pipeline.detectorMembersOwningSamples() >= 2);
        log("two detector instances share the partitions");
      }

      @Override
      public void end(LoadAgents agents) throws Exception {
        pipeline.killDetectorKeeping(replica);
      }
    };
  }

  /** PostgreSQL stopped the hard way (connections dropped mid-transaction), then started. */
  static Fault postgresStop() {
    return new Fault() {
      @Override
      public void inject(LoadAgents agents) throws Exception {
        DevStack.postgres().stopImmediately();
      }

      @Override
      public void end(LoadAgents agents) throws Exception {
        DevStack.postgres().restart();
      }
    };
  }

  /** Ten times the sampling rate for {@code seconds} (in the load's usual ticks). */
  static Fault burst(Duration interval, int seconds) {
    return new Fault() {
      @Override
      public void inject(LoadAgents agents) {
        agents.interval(interval.dividedBy(10));
      }

      @Override
      public void end(LoadAgents agents) {
        agents.interval(interval);
      }

      @Override
      public int ticks(Load load) {
        return (int) (10 * Duration.ofSeconds(seconds).toMillis() / interval.toMillis());
      }
    };
  }

  // ---------------------------------------------------------------- report

  static String table(List<Figures> rows) {
    StringBuilder t = new StringBuilder();
    String header =
        String.format(
            "%-16s %9s %9s %5s %5s %7s %6s %6s %5s %5s %6s %5s %5s %4s %7s %6s %5s %9s %9s%n",
            "scenario",
            "acked",
            "processed",
            "lost",
            "dup",
            "retries",
            "kafkaE",
            "pgE",
            "lostE",
            "dupE",
            "sseRcv",
            "sseMs",
            "sseDp",
            "conn",
            "outages",
            "warmup",
            "spike",
            "detect s",
            "stream s");
    t.append(header);
    t.append("-".repeat(header.length() - 1)).append('\n');
    for (Figures f : rows) {
      t.append(
          String.format(
              "%-16s %9d %9d %5d %5d %7d %6d %6d %5d %5d %6d %5d %5d %4d %7d %6d %5s %9.1f %9.1f%n",
              f.scenario(),
              f.acknowledged(),
              f.processed(),
              f.lostSamples(),
              f.duplicateSamples(),
              f.retries(),
              f.kafkaEvents(),
              f.pgEvents(),
              f.lostEvents(),
              f.duplicateEvents(),
              f.sseReceived(),
              f.sseMissed(),
              f.sseDuplicates(),
              f.sseConnections(),
              f.falseOutages(),
              f.warmUpRollups(),
              f.spikeFlagged() ? "yes" : "NO",
              f.detectionRecoverySeconds(),
              f.streamRecoverySeconds()));
    }
    t.append(
        "acked/processed: samples answered 202 / counted by the detector (rollups); E: events;"
            + " sse: events the resuming client received, missed, duplicated; conn: its"
            + " connections; outages: opened for monitors that kept sending; warmup: rollups"
            + " without a band after the fault; detect s / stream s: seconds from the fault's end"
            + " until every series processed a new sample / the live stream delivered a new event"
            + " (goal: 30)\n");
    return t.toString();
  }

  // ---------------------------------------------------------------- checks

  /** Sends one sample of a new monitor (its discovery is a new event); returns its name. */
  private String postMarker(String prefix) throws Exception {
    try (LoadAgents one =
        new LoadAgents(() -> pipeline.ingest.url("/"), pipeline.agentToken, prefix, 1, 1)) {
      one.sendHistory(1);
      return one.monitors().get(0);
    }
  }

  /** Prints the monitor-minutes whose processed count differs from the 202 count. */
  private static void reportDifferences(LoadAgents agents, String prefix) throws SQLException {
    int shown = 0;
    for (String m : agents.monitors()) {
      Map<Long, Long> processed = new HashMap<>();
      try (Connection c = connect();
          PreparedStatement st =
              c.prepareStatement(
                  "SELECT (extract(epoch FROM minute) / 60)::bigint, count FROM rollups"
                      + " WHERE monitor = ?")) {
        st.setString(1, m);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            processed.put(rs.getLong(1), rs.getLong(2));
          }
        }
      }
      Map<Long, Long> acked = agents.acknowledgedPerMinute(m);
      Set<Long> minutes = new java.util.TreeSet<>(acked.keySet());
      minutes.addAll(processed.keySet());
      for (long minute : minutes) {
        long a = acked.getOrDefault(minute, 0L);
        long p = processed.getOrDefault(minute, 0L);
        if (a != p && shown++ < 20) {
          log(
              "difference: %s minute %s acknowledged %d processed %d",
              m, java.time.Instant.ofEpochSecond(minute * 60), a, p);
        }
      }
    }
  }

  private static double secondsUntil(
      long from, Callable<Boolean> condition, String what, Callable<Long> progress)
      throws Exception {
    if (!waitFor(condition, what, progress)) {
      return Double.NaN;
    }
    return (System.currentTimeMillis() - from) / 1000.0;
  }

  private static double secondsUntil(long from, Callable<Boolean> condition, String what)
      throws Exception {
    return secondsUntil(from, condition, what, () -> 0L);
  }

  /**
   * Waits for something the caught-up pipeline does at the load's steady rate (a few samples a
   * second): false after PATIENCE, a bound against a hang rather than a measure of speed.
   */
  private static boolean waitFor(Callable<Boolean> condition, String what) throws Exception {
    return waitFor(condition, what, () -> 0L);
  }

  /**
   * Waits for a condition as long as the pipeline makes progress towards it: false (reported as a
   * figure, and failing the checks that depend on it) only when {@code progress} (a count that
   * rises while the pipeline works, such as the samples processed) stood still for PATIENCE. On a
   * loaded machine the pipeline is slower, not stuck; a fixed deadline would fail a correct run
   * there, a stall does not depend on the machine's speed.
   */
  static boolean waitFor(Callable<Boolean> condition, String what, Callable<Long> progress)
      throws Exception {
    long seen = progress.call();
    long movedAt = System.nanoTime();
    while (!condition.call()) {
      long now = progress.call();
      if (now != seen) {
        seen = now;
        movedAt = System.nanoTime();
      } else if (System.nanoTime() - movedAt > PATIENCE.toNanos()) {
        log("NOT MET, no progress for %d s: %s", PATIENCE.toSeconds(), what);
        return false;
      }
      Thread.sleep(250); // polling interval of the condition
    }
    return true;
  }

  private boolean spikeFlagged(String monitor) throws SQLException {
    return single("SELECT count(*) FROM anomalies WHERE monitor = ? AND value = ?", monitor, SPIKE)
        > 0;
  }

  /** Samples the detector counted per monitor (sum of its per-minute rollup counts). */
  private static Map<String, Long> processed(String prefix) throws SQLException {
    Map<String, Long> counts = new HashMap<>();
    try (Connection c = connect();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT monitor, sum(count) FROM rollups WHERE monitor LIKE ? GROUP BY monitor")) {
      st.setString(1, prefix + "-%");
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          counts.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return counts;
  }

  private long minProcessed(String prefix) throws SQLException {
    Map<String, Long> p = processed(prefix);
    if (p.size() < load.agents() * load.monitorsPerAgent()) {
      return 0;
    }
    return p.values().stream().mapToLong(Long::longValue).min().orElse(0);
  }

  private static long totalProcessed(String prefix) throws SQLException {
    return single(
        "SELECT coalesce(sum(count), 0) FROM rollups WHERE monitor LIKE ?", prefix + "-%");
  }

  private long historyProcessed(String prefix) throws SQLException {
    return processed(prefix).values().stream().mapToLong(p -> Math.min(p, load.history())).sum();
  }

  private long minLastTimestamp(String prefix) throws SQLException {
    return single(
        "SELECT coalesce(min(t), 0) FROM (SELECT (extract(epoch FROM max(last_timestamp)) * 1000)::bigint"
            + " AS t FROM rollups WHERE monitor LIKE ? GROUP BY monitor) m",
        prefix + "-%");
  }

  private static Set<String> pgEventIds(String prefix) throws SQLException {
    Set<String> ids = new HashSet<>();
    try (Connection c = connect();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT event_id FROM events WHERE monitor LIKE ? AND type <> 'status_changed'")) {
      st.setString(1, prefix + "%");
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }

  private static List<Long> seqsAfter(long seq0, long last) throws SQLException {
    List<Long> seqs = new ArrayList<>();
    try (Connection c = connect();
        PreparedStatement st =
            c.prepareStatement("SELECT seq FROM events WHERE seq > ? AND seq <= ? ORDER BY seq")) {
      st.setLong(1, seq0);
      st.setLong(2, last);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          seqs.add(rs.getLong(1));
        }
      }
    }
    return seqs;
  }

  /** The committed events of the scenario's monitors on sentinel.events, from the beginning. */
  private static List<MonitorEvent> eventsOnKafka(String bootstrapServers, String prefix) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<MonitorEvent> events = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.EVENTS).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.key() != null && r.key().startsWith(prefix)) {
            events.add(Json.read(r.value(), MonitorEvent.class));
          }
        }
      }
    }
    return events;
  }

  static Connection connect() throws SQLException {
    EmbeddedPostgresServer pg = DevStack.postgres();
    return DriverManager.getConnection(
        pg.jdbcUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
  }

  static long single(String sql, Object... params) throws SQLException {
    try (Connection c = connect();
        PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  static void log(String format, Object... args) {
    System.out.printf(
        "[chaos] %s " + format + "%n",
        java.util.stream.Stream.concat(
                java.util.stream.Stream.of(
                    java.time.LocalTime.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
                java.util.Arrays.stream(args))
            .toArray());
  }
}
