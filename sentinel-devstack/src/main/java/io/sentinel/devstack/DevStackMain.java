package io.sentinel.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the dev stack as a process of its own for {@code ./sentinel up}: starts Kafka and
 * PostgreSQL, writes their addresses as shell variables to the file named by the first argument,
 * and keeps running until it is told to stop (SIGTERM or Ctrl-C).
 */
public final class DevStackMain {
  private DevStackMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: DevStackMain ENV_FILE [POSTGRES_PORT] [DATA_DIR]");
      System.exit(2);
    }
    Path envFile = Path.of(args[0]);
    int pgPort = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    Path dataDir =
        args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("sentinel-devstack");
    Files.createDirectories(dataDir);

    long t0 = System.nanoTime();
    System.out.println("[devstack] starting Kafka (KRaft, single node) ...");
    EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"));
    System.out.printf(
        "[devstack] Kafka ready at %s (%.1f s)%n", kafka.bootstrapServers(), secondsSince(t0));
    System.out.println("[devstack] starting PostgreSQL ...");
    EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(pgPort, dataDir.resolve("postgres"));
    System.out.printf(
        "[devstack] PostgreSQL ready at %s (%.1f s)%n", pg.jdbcUrl(), secondsSince(t0));

    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("[devstack] stopping Kafka and PostgreSQL ...");
                  closeQuietly(pg);
                  closeQuietly(kafka);
                  stop.countDown();
                },
                "devstack-stop"));

    writeEnv(envFile, kafka, pg);
    stop.await();
  }

  private static void writeEnv(Path envFile, EmbeddedKafka kafka, EmbeddedPostgresServer pg)
      throws IOException {
    String env =
        "KAFKA_BOOTSTRAP_SERVERS="
            + kafka.bootstrapServers()
            + "\n"
            + "SENTINEL_DB_REACTIVE_URL="
            + pg.reactiveUrl()
            + "\n"
            + "SENTINEL_DB_JDBC_URL="
            + pg.jdbcUrl()
            + "\n"
            + "SENTINEL_DB_USER="
            + EmbeddedPostgresServer.USER
            + "\n"
            + "SENTINEL_DB_PASSWORD="
            + EmbeddedPostgresServer.PASSWORD
            + "\n";
    // written whole, then moved, so a reader never sees half a file
    Path tmp = envFile.resolveSibling(envFile.getFileName() + ".tmp");
    Files.createDirectories(envFile.toAbsolutePath().getParent());
    Files.writeString(tmp, env);
    Files.move(tmp, envFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static double secondsSince(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      System.err.println("[devstack] " + e.getMessage());
    }
  }
}
