package io.sentinel.query;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.sentinel.devstack.EmbeddedPostgresServer;
import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PostgreSQL server that speaks TLS with a certificate of its own (self-signed, made by the JDK's
 * keytool, naming only {@code localhost}), and the query-service pointed at it with {@code
 * verify-full} and that certificate as its CA: the reactive pool, the LISTEN connection and the
 * JDBC migrations all connect over verified TLS.
 */
public class TlsPostgresResource implements QuarkusTestResourceLifecycleManager {
  /** The server's certificate, PEM: the CA clients must trust. */
  public static Path certificate;

  /** A certificate of another, unrelated server: a CA the clients must not accept. */
  public static Path strangerCertificate;

  public static int port;

  private EmbeddedPostgresServer postgres;
  private Path dir;

  @Override
  public Map<String, String> start() {
    try {
      dir = Files.createTempDirectory("sentinel-tls");
      certificate = dir.resolve("server.crt");
      Path key = dir.resolve("server.key");
      selfSigned(dir.resolve("server.p12"), certificate, key);
      strangerCertificate = dir.resolve("stranger.crt");
      selfSigned(dir.resolve("stranger.p12"), strangerCertificate, dir.resolve("stranger.key"));
      // the dev stack's server (and binaries: PostgreSQL 13 in the oldest-version run), with TLS
      postgres =
          EmbeddedPostgresServer.start(
              0,
              null,
              Map.of(
                  "ssl", "on",
                  "ssl_cert_file", certificate.toString(),
                  "ssl_key_file", key.toString()));
      port = postgres.port();
    } catch (Exception e) {
      throw new IllegalStateException("TLS PostgreSQL did not start: " + e.getMessage(), e);
    }
    Map<String, String> config = new LinkedHashMap<>();
    config.put("quarkus.datasource.reactive.url", "postgresql://localhost:" + port + "/sentinel");
    config.put(
        "quarkus.datasource.jdbc.url",
        "jdbc:postgresql://localhost:" + port + "/sentinel?sslrootcert=" + certificate);
    config.put("quarkus.datasource.username", "postgres");
    config.put("quarkus.datasource.password", "postgres");
    config.put("quarkus.datasource.reactive.postgresql.ssl-mode", "verify-full");
    config.put("quarkus.datasource.jdbc.additional-jdbc-properties.sslmode", "verify-full");
    config.put("sentinel.query.database.ssl-root-cert", certificate.toString());
    return config;
  }

  /** A self-signed RSA certificate for localhost, as PEM certificate and PKCS#8 PEM key files. */
  private static void selfSigned(Path store, Path cert, Path key) throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "pg",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=localhost",
                "-ext",
                "san=dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("keytool failed: " + out);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(store.toFile())) {
      ks.load(in, "changeit".toCharArray());
    }
    Files.writeString(cert, pem("CERTIFICATE", ks.getCertificate("pg").getEncoded()));
    PrivateKey k = (PrivateKey) ks.getKey("pg", "changeit".toCharArray());
    Files.writeString(key, pem("PRIVATE KEY", k.getEncoded()));
    // PostgreSQL refuses a key file others can read
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  @Override
  public void stop() {
    try {
      if (postgres != null) {
        postgres.close();
      }
    } catch (Exception e) {
      // the test is over
    }
    if (dir != null) {
      try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (java.io.IOException e) {
        // a temp folder of certificates; the OS cleans it eventually
      }
    }
  }
}
