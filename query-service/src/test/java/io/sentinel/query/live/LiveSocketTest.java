package io.sentinel.query.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sentinel.contract.MonitorEvent;
import io.sentinel.contract.Severity;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.Api;
import io.sentinel.query.TestDb;
import io.sentinel.query.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/ws} with a real WebSocket client (the JDK's) on the real broker and PostgreSQL: the
 * same typed events as the SSE stream, its filters, resume from the last id exactly once, and a
 * handshake without a credential refused.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class LiveSocketTest {
  private static final long T0 = 1_758_499_140_000L;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TestHTTPResource("/api/ws")
  URI http;

  /** A connected client and the messages it received, parsed. */
  static final class Client implements WebSocket.Listener, AutoCloseable {
    final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    WebSocket socket;

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          messages.add(JSON.readTree(partial.toString()));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    boolean ready() {
      return messages.stream().anyMatch(m -> "ready".equals(m.get("type").asText()));
    }

    List<JsonNode> of(String monitor) {
      return messages.stream()
          .filter(m -> m.has("data") && monitor.equals(m.get("data").path("monitor").asText()))
          .toList();
    }

    @Override
    public void close() {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
  }

  private URI ws(String query) {
    return URI.create(http.toString().replaceFirst("^http", "ws") + (query == null ? "" : query));
  }

  private Client connect(String query) {
    Client client = new Client();
    client.socket =
        HTTP.newWebSocketBuilder()
            .header("Authorization", Api.AUTHORIZATION)
            .buildAsync(ws(query), client)
            .join();
    await().atMost(Duration.ofSeconds(10)).until(client::ready);
    return client;
  }

  private static List<String> types(List<JsonNode> messages) {
    return messages.stream().map(m -> m.get("type").asText()).toList();
  }

  private static List<Long> ids(List<JsonNode> messages) {
    return messages.stream().map(m -> Long.parseLong(m.get("id").asText())).toList();
  }

  @Test
  void theSocketPushesCommittedEventsTypedWithTheirSeqAsId() {
    String monitor = TestKafka.monitor("ws-pushed");
    try (Client client = connect(null)) {
      MonitorEvent anomaly = TestKafka.anomaly(monitor, "cpu_usage", Severity.MAJOR, T0);
      TestKafka.send(anomaly);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(types(client.of(monitor)))
                      .containsExactlyInAnyOrder("anomaly", "status_changed"));
      JsonNode first =
          client.of(monitor).stream()
              .filter(m -> m.get("type").asText().equals("anomaly"))
              .findFirst()
              .orElseThrow();
      assertThat(first.get("data").get("id").asText()).isEqualTo(anomaly.id());
      assertThat(first.get("data").get("seq").asLong())
          .isEqualTo(Long.parseLong(first.get("id").asText()));
    }
  }

  @Test
  void typeAndMonitorFiltersKeepOnlyWhatWasAskedFor() {
    String wanted = TestKafka.monitor("ws-wanted");
    String other = TestKafka.monitor("ws-other");
    try (Client all = connect(null);
        Client filtered = connect("?type=status_changed&monitor=" + wanted)) {
      TestKafka.send(TestKafka.anomaly(other, "cpu_usage", Severity.MAJOR, T0));
      TestKafka.send(TestKafka.anomaly(wanted, "cpu_usage", Severity.MAJOR, T0));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> all.of(wanted).size() == 2 && all.of(other).size() == 2);
      long last =
          ids(all.messages.stream().filter(m -> m.has("id")).toList()).stream()
              .mapToLong(Long::longValue)
              .max()
              .orElseThrow();
      // the filtered client is fed the same rows in the same order: once the row after which
      // nothing it wants can come has been pushed to it, its list is complete
      await().atMost(Duration.ofSeconds(10)).until(() -> filtered.of(wanted).size() == 1);
      await().pollDelay(Duration.ofMillis(500)).until(() -> true);
      assertThat(types(filtered.of(wanted))).containsExactly("status_changed");
      assertThat(filtered.of(other)).isEmpty();
      assertThat(ids(filtered.of(wanted)).get(0)).isLessThanOrEqualTo(last);
    }
  }

  @Test
  void resumingWithTheLastIdDeliversWhatWasMissedExactlyOnce() {
    String monitor = TestKafka.monitor("ws-resumed");
    MonitorEvent first = TestKafka.anomaly(monitor, "cpu_usage", Severity.MINOR, T0);
    String lastSeen;
    try (Client client = connect(null)) {
      TestKafka.send(first);
      await().atMost(Duration.ofSeconds(20)).until(() -> client.of(monitor).size() == 2);
      lastSeen = client.of(monitor).get(1).get("id").asText();
    }
    // while disconnected: the resolution and its status change
    TestKafka.send(TestKafka.resolved(first, T0 + 60_000));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> TestDb.queryLong("SELECT count(*) FROM events WHERE monitor = ?", monitor) == 4);

    try (Client client = connect("?last_event_id=" + lastSeen)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> client.of(monitor).size() == 2);
      MonitorEvent second =
          TestKafka.anomaly(monitor, "memory_usage", Severity.CRITICAL, T0 + 90_000);
      TestKafka.send(second);
      await().atMost(Duration.ofSeconds(20)).until(() -> client.of(monitor).size() == 4);
      await().pollDelay(Duration.ofMillis(500)).until(() -> true);
      List<JsonNode> got = client.of(monitor);
      assertThat(types(got.subList(0, 2)))
          .containsExactlyInAnyOrder("anomaly_resolved", "status_changed");
      assertThat(types(got.subList(2, 4))).containsExactlyInAnyOrder("anomaly", "status_changed");
      List<Long> seqs = ids(client.messages.stream().filter(m -> m.has("id")).toList());
      assertThat(seqs).isSorted().doesNotHaveDuplicates();
      assertThat(seqs.get(0)).isGreaterThan(Long.parseLong(lastSeen));
    }
  }

  @Test
  void aHandshakeWithoutAValidCredentialIsRefused() {
    Throwable none =
        catchThrowable(() -> HTTP.newWebSocketBuilder().buildAsync(ws(null), new Client()).join());
    assertThat(none).isInstanceOf(CompletionException.class);
    assertThat(none.getCause()).isInstanceOf(WebSocketHandshakeException.class);
    assertThat(((WebSocketHandshakeException) none.getCause()).getResponse().statusCode())
        .isEqualTo(401);

    Throwable wrong =
        catchThrowable(
            () ->
                HTTP.newWebSocketBuilder()
                    .header("Authorization", "Bearer not-a-key-0123456789")
                    .buildAsync(ws(null), new Client())
                    .join());
    assertThat(((WebSocketHandshakeException) wrong.getCause()).getResponse().statusCode())
        .isEqualTo(401);
  }

  @Test
  void anUnknownTypeIsRefusedAtTheHandshake() {
    Throwable bad =
        catchThrowable(
            () ->
                HTTP.newWebSocketBuilder()
                    .header("Authorization", Api.AUTHORIZATION)
                    .buildAsync(ws("?type=nonsense"), new Client())
                    .join());
    assertThat(((WebSocketHandshakeException) bad.getCause()).getResponse().statusCode())
        .isEqualTo(400);
  }
}
