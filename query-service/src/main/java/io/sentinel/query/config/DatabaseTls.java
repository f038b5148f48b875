package io.sentinel.query.config;

import io.vertx.core.net.JksOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.util.Optional;

/**
 * libpq's {@code sslmode} meanings for the Vert.x PostgreSQL client, used by the connection pool
 * ({@link SentinelPgPoolCreator}) and the live feed's LISTEN connection alike. Left to itself, the
 * client verifies the server certificate against the JDK's CAs even under {@code require}, which
 * fails against a server with its own CA (CloudNativePG, most self-hosted servers), while libpq and
 * the JDBC driver encrypt without verifying.
 *
 * <ul>
 *   <li>{@code disable}: no TLS;
 *   <li>{@code allow}, {@code prefer}, {@code require}: TLS without verification, unless a root
 *       certificate is configured, which is then checked (as libpq does when it finds one);
 *   <li>{@code verify-ca}: the certificate must chain to the configured root certificate, else to a
 *       CA the JDK trusts (the public CAs of managed services);
 *   <li>{@code verify-full}: as verify-ca, and the host name must match the certificate.
 * </ul>
 */
public final class DatabaseTls {
  private DatabaseTls() {}

  /**
   * Applies {@code sslMode} to {@code options}.
   *
   * @param rootCert a PEM file of the CA certificate(s) to trust, if any
   */
  public static PgConnectOptions apply(
      PgConnectOptions options, String sslMode, Optional<String> rootCert) {
    SslMode mode = SslMode.of(sslMode);
    options.setSslMode(mode);
    options.setHostnameVerificationAlgorithm(mode == SslMode.VERIFY_FULL ? "HTTPS" : "");
    switch (mode) {
      case DISABLE -> {
        // plain connection
      }
      case ALLOW, PREFER, REQUIRE -> {
        if (rootCert.isPresent()) {
          options.setTrustOptions(new PemTrustOptions().addCertPath(rootCert.get()));
        } else {
          options.setTrustAll(true);
        }
      }
      case VERIFY_CA, VERIFY_FULL -> {
        options.setTrustAll(false);
        options.setTrustOptions(
            rootCert.isPresent()
                ? new PemTrustOptions().addCertPath(rootCert.get())
                : new JksOptions()
                    .setPath(System.getProperty("java.home") + "/lib/security/cacerts")
                    .setPassword("changeit"));
      }
    }
    return options;
  }
}
