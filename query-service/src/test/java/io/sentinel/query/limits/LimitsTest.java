package io.sentinel.query.limits;

import static io.sentinel.query.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.Api;
import io.sentinel.query.SseClient;
import io.sentinel.query.TestDb;
import io.sentinel.query.TestKafka;
import io.sentinel.query.config.ApiReads;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every abuse limit of issue 15 refuses what exceeds it with the problem naming it, on the real
 * broker and PostgreSQL, with small limits (the defaults are far larger). Each test has its own API
 * key, so their budgets are their own.
 */
@QuarkusTest
@TestProfile(LimitsTest.Small.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class LimitsTest {
  /** Limits small enough to reach in a test. */
  public static class Small implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sentinel.limits.streams.max-per-user", "2",
          "sentinel.limits.analyze.per-minute", "3",
          "sentinel.limits.analyze.max-body-size", "4K",
          "sentinel.limits.maintenance.max-active-per-user", "2",
          "sentinel.limits.maintenance.max-duration", "2h",
          "sentinel.limits.maintenance.max-monitors", "2",
          "sentinel.limits.reads.statement-timeout", "1s");
    }
  }

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** Guards a request that would hang if its limit were lost; never a condition that passes. */
  private static final Duration HANG = Duration.ofSeconds(60);

  @TestHTTPResource("/")
  URI base;

  @Inject @ApiReads Pool reads;
  @Inject Pool writers;

  /** A new operator API key, a caller of its own. */
  private static String key() {
    return Api.apiKey("limits-" + UUID.randomUUID(), "operator", "default");
  }

  private HttpResponse<String> send(String key, HttpRequest.Builder request) throws Exception {
    return HTTP.send(
        request.header("Authorization", "Bearer " + key).timeout(HANG).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  // ------------------------------------------------------------------ streams

  @Test
  void aThirdLiveStreamOfOneUserIsRefusedAndAClosedOneFreesItsPlace() throws Exception {
    String key = key();
    URI stream = base.resolve("/api/stream");
    SseClient first = SseClient.connectAs(stream, "Bearer " + key);
    try (SseClient second = SseClient.connectAs(stream, "Bearer " + key)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> first.connected() && second.connected());

      HttpResponse<String> third =
          send(key, HttpRequest.newBuilder(stream).header("Accept", "text/event-stream"));
      assertThat(third.statusCode()).isEqualTo(429);
      assertThat(third.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(third.headers().firstValue("Retry-After")).isPresent();
      assertThat(third.body())
          .contains("urn:sentinel:problem:too-many-streams")
          .contains("sentinel.limits.streams.max-per-user")
          .contains("at most 2 live streams");

      // the WebSocket shares the budget: its handshake is refused too
      Throwable ws =
          catchThrowable(
              () ->
                  HTTP.newWebSocketBuilder()
                      .header("Authorization", "Bearer " + key)
                      .buildAsync(
                          URI.create(base.toString().replaceFirst("^http", "ws") + "api/ws"),
                          new WebSocket.Listener() {})
                      .join());
      assertThat(ws.getCause()).isInstanceOf(WebSocketHandshakeException.class);
      assertThat(((WebSocketHandshakeException) ws.getCause()).getResponse().statusCode())
          .isEqualTo(429);

      // another user is not affected
      try (SseClient other = SseClient.connectAs(stream, "Bearer " + key())) {
        await().atMost(Duration.ofSeconds(10)).until(other::connected);
      }

      first.close();
      await().atMost(Duration.ofSeconds(10)).until(() -> streamStatus(key) == 200);
    }
  }

  /** The status of a new stream of this key; the stream is closed again at once. */
  private int streamStatus(String key) throws Exception {
    HttpResponse<InputStream> r =
        HTTP.send(
            HttpRequest.newBuilder(base.resolve("/api/stream"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + key)
                .timeout(HANG)
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    r.body().close();
    return r.statusCode();
  }

  // ------------------------------------------------------------------ analyze

  private static final String CSV = "1700000000,1\n1700000060,2\n";

  @Test
  void analysesBeyondTheRateAreRefusedWithRetryAfter() {
    String key = key();
    for (int i = 0; i < 3; i++) {
      as(key).contentType("text/csv").body(CSV).post("/api/analyze").then().statusCode(200);
    }
    String retryAfter =
        as(key)
            .contentType("text/csv")
            .body(CSV)
            .post("/api/analyze")
            .then()
            .statusCode(429)
            .contentType("application/problem+json")
            .body("type", equalTo("urn:sentinel:problem:rate-limited"))
            .body("detail", containsString("sentinel.limits.analyze.per-minute"))
            .extract()
            .header("Retry-After");
    assertThat(Long.parseLong(retryAfter)).isBetween(1L, 60L);
    // the bucket is per caller
    as(key()).contentType("text/csv").body(CSV).post("/api/analyze").then().statusCode(200);
  }

  @Test
  void aBodyDeclaredTooLargeIsRefusedBeforeItIsRead() {
    as(key())
        .contentType("text/csv")
        .body(CSV.repeat(400))
        .post("/api/analyze")
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:sentinel:problem:body-too-large"))
        .body("detail", containsString("sentinel.limits.analyze.max-body-size"));
  }

  /**
   * Sent chunked (no Content-Length) and invalid past the limit: parsed whole it would be a 400 for
   * the bad line; refused while it is read, it is a 413.
   */
  @Test
  void aChunkedCsvBodyIsRefusedWhileItIsRead() throws Exception {
    String body = CSV.repeat(150) + "not,a,point\n".repeat(200);
    HttpResponse<String> r =
        send(
            key(),
            HttpRequest.newBuilder(base.resolve("/api/analyze"))
                .header("Content-Type", "text/csv")
                .POST(chunked(body)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(r.body()).contains("urn:sentinel:problem:body-too-large");
  }

  @Test
  void aChunkedJsonBodyIsRefusedWhileItIsRead() throws Exception {
    String body =
        "{\"points\":["
            + "{\"timestamp\":1700000000,\"value\":1},".repeat(200)
            + "{\"timestamp\":\"no\",\"value\":\"x\"}]}";
    HttpResponse<String> r =
        send(
            key(),
            HttpRequest.newBuilder(base.resolve("/api/analyze"))
                .header("Content-Type", "application/json")
                .POST(chunked(body)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(r.body()).contains("urn:sentinel:problem:body-too-large");
  }

  private static HttpRequest.BodyPublisher chunked(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    assertThat(bytes.length).isGreaterThan(4096);
    return HttpRequest.BodyPublishers.ofInputStream(
        () -> (InputStream) new ByteArrayInputStream(bytes));
  }

  // ------------------------------------------------------------------ maintenance

  private static String window(String monitorIds, String duration) {
    return "{\"title\":\"limits\",\"monitor_ids\":["
        + monitorIds
        + "],\"starts_at\":\""
        + Instant.now().plus(Duration.ofDays(1))
        + "\",\"duration\":\""
        + duration
        + "\"}";
  }

  private static long monitor() {
    return TestDb.monitor(TestKafka.monitor("limits"), "up", Instant.now());
  }

  @Test
  void aWindowOverTooManyMonitorsIsRefused() {
    String ids = monitor() + "," + monitor() + "," + monitor();
    as(key())
        .contentType(ContentType.JSON)
        .body(window(ids, "1h"))
        .post("/api/maintenance")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:sentinel:problem:maintenance-limit"))
        .body("detail", containsString("at most 2 monitors"))
        .body("detail", containsString("sentinel.limits.maintenance.max-monitors"));
  }

  @Test
  void aWindowLongerThanTheLimitIsRefused() {
    as(key())
        .contentType(ContentType.JSON)
        .body(window(Long.toString(monitor()), "3h"))
        .post("/api/maintenance")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:sentinel:problem:maintenance-limit"))
        .body("detail", containsString("sentinel.limits.maintenance.max-duration"));
  }

  @Test
  void aUserHasAtMostTheActiveWindowsAllowedAndCancellingFreesOne() {
    String key = key();
    String id = Long.toString(monitor());
    int first =
        as(key)
            .contentType(ContentType.JSON)
            .body(window(id, "1h"))
            .post("/api/maintenance")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    as(key)
        .contentType(ContentType.JSON)
        .body(window(id, "1h"))
        .post("/api/maintenance")
        .then()
        .statusCode(201);
    as(key)
        .contentType(ContentType.JSON)
        .body(window(id, "1h"))
        .post("/api/maintenance")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:sentinel:problem:maintenance-limit"))
        .body("detail", containsString("sentinel.limits.maintenance.max-active-per-user"));
    // another user still may
    as(key())
        .contentType(ContentType.JSON)
        .body(window(id, "1h"))
        .post("/api/maintenance")
        .then()
        .statusCode(201);
    as(key).delete("/api/maintenance/" + first).then().statusCode(200);
    as(key)
        .contentType(ContentType.JSON)
        .body(window(id, "1h"))
        .post("/api/maintenance")
        .then()
        .statusCode(201);
  }

  // ------------------------------------------------------------------ reads

  @Test
  void apiReadsHaveTheStatementTimeoutAndTheWritersNone() {
    assertThat(show(reads)).isEqualTo("1s");
    assertThat(show(writers)).isEqualTo("0");
  }

  private static String show(Pool pool) {
    return pool.query("SHOW statement_timeout")
        .execute()
        .await()
        .atMost(Duration.ofSeconds(10))
        .iterator()
        .next()
        .getString(0);
  }

  /**
   * A read that waits on a lock held here is cancelled by its statement timeout and answered 503;
   * without the timeout it would wait for the lock, which is released only after the answer.
   */
  @Test
  void aReadLongerThanTheTimeoutIsCancelledWith503() throws Exception {
    String key = key();
    try (Connection c = TestDb.connect();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("LOCK TABLE events IN ACCESS EXCLUSIVE MODE");
      try {
        HttpResponse<String> r =
            send(key, HttpRequest.newBuilder(base.resolve("/api/events?limit=1")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(r.body())
            .contains("urn:sentinel:problem:read-timeout")
            .contains("sentinel.limits.reads.statement-timeout");
      } finally {
        c.rollback();
      }
    }
  }
}
