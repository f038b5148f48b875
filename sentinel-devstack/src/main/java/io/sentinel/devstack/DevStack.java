package io.sentinel.devstack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Kafka and one PostgreSQL per JVM, started on first use and stopped when the JVM exits. Test
 * classes of one module share them, so the suite pays the start-up once.
 */
public final class DevStack {
  /**
   * The query-service's bootstrap API key (role admin) in tests: the query-service's test profile
   * sets sentinel.security.bootstrap.api-key to it, and sentinel-e2e starts the service with it.
   */
  public static final String TEST_API_KEY = "test-api-key-0123456789abcdef";

  /**
   * The query-service API key the demo tools (DemoAgent, DemoScore) send: environment variable
   * SENTINEL_API_KEY, as {@code ./sentinel up} sets it for the query-service and the tools.
   */
  public static String apiKey() {
    String key = System.getenv("SENTINEL_API_KEY");
    if (key == null || key.isBlank()) {
      throw new IllegalStateException(
          "SENTINEL_API_KEY is not set: the query-service API needs a credential");
    }
    return key;
  }

  private static EmbeddedKafka kafka;
  private static EmbeddedPostgresServer postgres;

  private DevStack() {}

  public static synchronized EmbeddedKafka kafka() {
    if (kafka == null) {
      try {
        // our own folder: the test kit's default temp folders are deleted by a shutdown hook
        // that can run before the broker has stopped
        kafka = EmbeddedKafka.start(java.nio.file.Files.createTempDirectory("sentinel-kafka"));
      } catch (Exception e) {
        throw new IllegalStateException("embedded Kafka did not start: " + e.getMessage(), e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(DevStack::stopKafka, "devstack-kafka-stop"));
    }
    return kafka;
  }

  public static synchronized EmbeddedPostgresServer postgres() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgresServer.start(0, null);
      } catch (Exception e) {
        throw new IllegalStateException("embedded PostgreSQL did not start: " + e.getMessage(), e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(DevStack::stopPostgres, "devstack-pg-stop"));
    }
    return postgres;
  }

  /**
   * Quarkus configuration pointing Kafka clients at the embedded broker (services derive their
   * Kafka Streams bootstrap servers from {@code kafka.bootstrap.servers}).
   */
  public static Map<String, String> kafkaConfig() {
    String bootstrap = kafka().bootstrapServers();
    Map<String, String> config = new LinkedHashMap<>();
    config.put("kafka.bootstrap.servers", bootstrap);
    return config;
  }

  /** Quarkus configuration pointing the reactive and JDBC datasources at the embedded server. */
  public static Map<String, String> postgresConfig() {
    EmbeddedPostgresServer pg = postgres();
    Map<String, String> config = new LinkedHashMap<>();
    config.put("quarkus.datasource.reactive.url", pg.reactiveUrl());
    config.put("quarkus.datasource.jdbc.url", pg.jdbcUrl());
    config.put("quarkus.datasource.username", EmbeddedPostgresServer.USER);
    config.put("quarkus.datasource.password", EmbeddedPostgresServer.PASSWORD);
    return config;
  }

  private static synchronized void stopKafka() {
    try {
      if (kafka != null) {
        kafka.close();
      }
    } catch (Exception ignored) {
      // the JVM is exiting; the temp folder goes with it
    }
  }

  private static synchronized void stopPostgres() {
    try {
      if (postgres != null) {
        postgres.close();
      }
    } catch (Exception ignored) {
      // the JVM is exiting
    }
  }
}
