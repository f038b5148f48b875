package io.sentinel.e2e;

import io.sentinel.contract.Topics;
import io.sentinel.devstack.DevStack;
import io.sentinel.devstack.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;

/**
 * The three packaged services as processes on the dev stack's Kafka and PostgreSQL, ingest
 * accepting one agent token: what the end-to-end tests run against. The detector gets a fresh
 * application id (its own consumer group and changelogs) and a fresh local state directory.
 */
final class Pipeline implements AutoCloseable {
  final String agentToken;
  final ServiceProcess query;
  final ServiceProcess ingest;
  private final Map<String, String> detectorEnv;
  private ServiceProcess detector;
  private final List<ServiceProcess> detectorReplicas = new ArrayList<>();

  private Pipeline(
      String agentToken,
      ServiceProcess query,
      ServiceProcess detector,
      ServiceProcess ingest,
      Map<String, String> detectorEnv) {
    this.agentToken = agentToken;
    this.query = query;
    this.detector = detector;
    this.ingest = ingest;
    this.detectorEnv = detectorEnv;
  }

  /**
   * Starts the services and waits until all three are ready.
   *
   * @param name distinguishes this pipeline's token file and detector application id
   * @param detectorSettings environment of the detector on top of the common one, e.g. outage
   *     timings
   */
  static Pipeline start(String name, Map<String, String> detectorSettings) throws Exception {
    return start(name, detectorSettings, DevStack.kafka().bootstrapServers());
  }

  /**
   * Starts the services on the Kafka cluster at {@code bootstrapServers} (the dev stack's
   * PostgreSQL) and waits until all three are ready.
   */
  static Pipeline start(String name, Map<String, String> detectorSettings, String bootstrapServers)
      throws Exception {
    Map<String, String> common = new HashMap<>();
    common.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    EmbeddedPostgresServer pg = DevStack.postgres();

    Map<String, String> queryEnv = new HashMap<>(common);
    queryEnv.put("SENTINEL_DB_REACTIVE_URL", pg.reactiveUrl());
    queryEnv.put("SENTINEL_DB_JDBC_URL", pg.jdbcUrl());
    queryEnv.put("SENTINEL_DB_USER", EmbeddedPostgresServer.USER);
    queryEnv.put("SENTINEL_DB_PASSWORD", EmbeddedPostgresServer.PASSWORD);
    // the tests read and act through the query-service's bootstrap key (role admin)
    queryEnv.put("SENTINEL_API_KEY", DevStack.TEST_API_KEY);

    Map<String, String> detectorEnv = new HashMap<>(common);
    detectorEnv.put(
        "SENTINEL_DETECTOR_APP_ID", "sentinel-detector-" + name + "-" + UUID.randomUUID());
    detectorEnv.putAll(detectorSettings);

    String token = name + "-" + UUID.randomUUID();
    Path tokens = Files.createDirectories(Path.of("target")).resolve(name + "-agent-tokens");
    Files.writeString(tokens, token + " default\n");
    Map<String, String> ingestEnv = new HashMap<>(common);
    ingestEnv.put("SENTINEL_INGEST_TOKENS_FILE", tokens.toAbsolutePath().toString());

    ServiceProcess detector =
        new ServiceProcess("detector-service", withFreshStateDir(detectorEnv));
    ServiceProcess ingest = new ServiceProcess("ingest-service", ingestEnv);
    // the query-service watches the other two (GET /api/system, the detection banner)
    queryEnv.put("SENTINEL_DETECTOR_URL", detector.url("").toString());
    queryEnv.put("SENTINEL_INGEST_URL", ingest.url("").toString());
    queryEnv.put("SENTINEL_DETECTOR_APP_ID", detectorEnv.get("SENTINEL_DETECTOR_APP_ID"));
    ServiceProcess query = new ServiceProcess("query-service", queryEnv).start();
    detector.start();
    ingest.start();
    Pipeline p = new Pipeline(token, query, detector, ingest, detectorEnv);
    try {
      query.awaitReady();
      detector.awaitReady();
      ingest.awaitReady();
    } catch (RuntimeException | Error e) {
      p.close(); // no orphaned service processes when one of them does not come up
      throw e;
    }
    return p;
  }

  /**
   * Stops the detector and starts a new instance with an empty local state directory, so that all
   * it knows comes back from the changelog topics; waits until it is ready.
   */
  void restartDetectorWithEmptyLocalState() throws Exception {
    detector.stop();
    detector =
        new ServiceProcess("detector-service", withFreshStateDir(detectorEnv)).start().awaitReady();
  }

  /** The Kafka cluster the services run on. */
  String bootstrapServers() {
    return detectorEnv.get("KAFKA_BOOTSTRAP_SERVERS");
  }

  /**
   * Starts one more detector instance (same application id: the partitions are shared between the
   * instances) with an empty local state directory; waits until it is ready.
   */
  ServiceProcess addDetectorReplica() throws Exception {
    ServiceProcess replica =
        new ServiceProcess("detector-service", withFreshStateDir(detectorEnv), "detector-replica");
    detectorReplicas.add(replica);
    return replica.start().awaitReady();
  }

  /**
   * Kills the detector with SIGKILL; {@code replica} (from {@link #addDetectorReplica()}) is the
   * pipeline's detector from then on.
   */
  void killDetectorKeeping(ServiceProcess replica) throws InterruptedException {
    detector.kill();
    detectorReplicas.remove(replica);
    detector = replica;
  }

  /** Members of the detector's consumer group that own at least one samples partition. */
  long detectorMembersOwningSamples() throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      ConsumerGroupDescription group =
          admin
              .describeConsumerGroups(List.of(detectorAppId()))
              .describedGroups()
              .get(detectorAppId())
              .get();
      return group.members().stream()
          .filter(
              m ->
                  m.assignment().topicPartitions().stream()
                      .anyMatch(tp -> tp.topic().equals(Topics.SAMPLES)))
          .count();
    }
  }

  /** The detector's Kafka Streams application id (its consumer group). */
  String detectorAppId() {
    return detectorEnv.get("SENTINEL_DETECTOR_APP_ID");
  }

  /** Stops the detector (SIGTERM, as Kubernetes does). */
  void stopDetector() throws InterruptedException {
    detector.stop();
  }

  /** CPU used so far by each service, in clock ticks (1/100 s). */
  Map<String, Long> cpuTicks() {
    return Map.of(
        "ingest", ingest.cpuTicks(), "detector", detector.cpuTicks(), "query", query.cpuTicks());
  }

  /** The detector's process id (a test kills it to see Sentinel notice). */
  long detectorPid() {
    return detector.pid();
  }

  private static Map<String, String> withFreshStateDir(Map<String, String> env) throws Exception {
    Map<String, String> e = new HashMap<>(env);
    Path dir =
        Files.createTempDirectory(Files.createDirectories(Path.of("target")), "detector-state");
    e.put("SENTINEL_STATE_DIR", dir.toAbsolutePath().toString());
    return e;
  }

  /**
   * The running detector-service (its local state directory survives {@link
   * ServiceProcess#kill()}).
   */
  ServiceProcess detector() {
    return detector;
  }

  /** The detector's local state directory (RocksDB stores). */
  Path detectorStateDir() {
    return Path.of(detector.env("SENTINEL_STATE_DIR"));
  }

  /** Stops ingest, then the detector, then the query-service. */
  @Override
  public void close() throws Exception {
    ingest.stop();
    for (ServiceProcess replica : detectorReplicas) {
      replica.stop();
    }
    detector.stop();
    query.stop();
  }
}
