package io.sentinel.query.config;

import static io.sentinel.query.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sentinel.contract.Severity;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.query.TestKafka;
import io.sentinel.query.TlsPostgresResource;
import io.sentinel.query.live.EventFeed;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The service against a PostgreSQL server that speaks TLS with its own CA, as managed ones do. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(TlsPostgresResource.class)
class DatabaseTlsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Inject Pool pool;
  @Inject Vertx vertx;
  @Inject EventFeed feed;

  private static PgConnectOptions options(String host) {
    return new PgConnectOptions()
        .setHost(host)
        .setPort(TlsPostgresResource.port)
        .setDatabase("sentinel")
        .setUser("postgres")
        .setPassword("postgres");
  }

  private boolean encrypted(PgConnectOptions options) {
    return PgConnection.connect(vertx, options)
        .chain(
            c ->
                c.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
                    .execute()
                    .eventually(c::close))
        .map(rows -> rows.iterator().next().getBoolean(0))
        .await()
        .atMost(WAIT);
  }

  /** Every message of a failure's cause chain (Vert.x says "SSL handshake failed", not why). */
  private static String reasons(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(" | ");
    }
    return sb.toString();
  }

  @Test
  void verifyFullMigratesConsumesAndListensOverVerifiedTls() {
    // the application started: Flyway migrated over JDBC with verify-full, the pool is up
    given().when().get("/q/health/ready").then().statusCode(200);
    String monitor = TestKafka.monitor("tls");
    TestKafka.send(TestKafka.anomaly(monitor, "cpu", Severity.MAJOR, 1_758_499_140_000L));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .queryParam("q", monitor)
                    .when()
                    .get("/api/monitors")
                    .then()
                    .statusCode(200)
                    .body("$", hasSize(1))
                    .body("[0].status", equalTo("trouble")));
    await().atMost(Duration.ofSeconds(30)).until(feed::listening);

    Row r =
        pool.query(
                "SELECT count(*) FILTER (WHERE s.ssl) AS tls, count(*) FILTER (WHERE NOT s.ssl) AS"
                    + " plain FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)"
                    + " WHERE a.datname = 'sentinel' AND a.backend_type = 'client backend'")
            .execute()
            .await()
            .atMost(WAIT)
            .iterator()
            .next();
    assertThat(r.getLong("plain")).isZero();
    assertThat(r.getLong("tls")).isGreaterThanOrEqualTo(2); // a pool connection and LISTEN
  }

  @Test
  void requireEncryptsWithoutVerifyingTheServerAsLibpqDoes() {
    // the server's CA is unknown to the JDK: require must still connect, encrypted
    assertThat(encrypted(DatabaseTls.apply(options("localhost"), "require", Optional.empty())))
        .isTrue();
  }

  @Test
  void verifyFullRejectsAServerItsCaDoesNotVouchFor() {
    assertThatThrownBy(
            () ->
                encrypted(
                    DatabaseTls.apply(
                        options("localhost"),
                        "verify-full",
                        Optional.of(TlsPostgresResource.strangerCertificate.toString()))))
        .satisfies(e -> assertThat(reasons(e)).contains("SSL handshake failed"));
    // without a CA file, the JDK's public CAs, which do not know this server either
    assertThatThrownBy(
            () ->
                encrypted(DatabaseTls.apply(options("localhost"), "verify-full", Optional.empty())))
        .satisfies(e -> assertThat(reasons(e)).contains("SSL handshake failed"));
  }

  @Test
  void verifyFullChecksTheHostNameAndVerifyCaDoesNot() {
    String ca = TlsPostgresResource.certificate.toString();
    // the certificate names localhost only
    assertThatThrownBy(
            () ->
                encrypted(DatabaseTls.apply(options("127.0.0.1"), "verify-full", Optional.of(ca))))
        .satisfies(e -> assertThat(reasons(e)).contains("SSL handshake failed"));
    assertThat(encrypted(DatabaseTls.apply(options("127.0.0.1"), "verify-ca", Optional.of(ca))))
        .isTrue();
    assertThat(encrypted(DatabaseTls.apply(options("localhost"), "verify-full", Optional.of(ca))))
        .isTrue();
  }
}
