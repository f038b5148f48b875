package io.sentinel.query.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.HandshakeRequest;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.sentinel.contract.problem.ProblemException;
import io.sentinel.query.api.Params;
import io.sentinel.query.events.EventRow;
import io.sentinel.query.limits.StreamBudget;
import io.sentinel.query.security.AccessRules;
import io.sentinel.query.security.Authenticator;
import io.sentinel.query.security.TenantScope;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * {@code /api/ws}: the live event stream over WebSocket, for tools that prefer it to SSE. The same
 * rows, filters and resume as {@code /api/stream} (both are {@link EventStream}); the handshake is
 * authenticated by {@link LiveSocketAccess}. Each event is one text message {@code
 * {"id":seq,"type":type,"data":row}}; {@code {"type":"ready"}} comes first, once the client is
 * registered (every row committed after it will be sent). A client resumes with {@code
 * ?last_event_id=<id of the last message received>}. Only events of the caller's tenants are sent
 * ({@code X-Sentinel-Tenant} narrows to one of them, as on the REST API).
 */
@WebSocket(path = AccessRules.LIVE_SOCKET, endpointId = LiveSocket.ENDPOINT)
public class LiveSocket {
  static final String ENDPOINT = "sentinel-live";

  /** The first message: from here on nothing committed is missed. */
  public static final String READY = "{\"type\":\"ready\"}";

  /** WebSocket close code "policy violation" (RFC 6455): the caller's stream budget is spent. */
  static final int POLICY_VIOLATION = 1008;

  private static final Logger LOG = Logger.getLogger(LiveSocket.class);

  /** What a client asked for in its handshake query. */
  record Request(Long lastEventId, StreamFilter filter) {
    /** Parses the query parameters; throws the problem (400) when one is invalid. */
    static Request parse(UnaryOperator<String> param) {
      Params p = new Params();
      Long last = p.seq("query", "last_event_id", param.apply("last_event_id"));
      StreamFilter filter = StreamFilter.parse(p, param.apply("type"), param.apply("monitor"));
      p.check();
      return new Request(last, filter);
    }

    static Request parse(String rawQuery) {
      Map<String, List<String>> q =
          new QueryStringDecoder(rawQuery == null ? "" : rawQuery, false).parameters();
      return parse(name -> q.containsKey(name) ? q.get(name).get(0) : null);
    }
  }

  @Inject EventStream stream;
  @Inject Authenticator authenticator;
  @Inject ObjectMapper mapper;
  @Inject StreamBudget budget;

  private final Map<String, Cancellable> subscriptions = new ConcurrentHashMap<>();
  private final Map<String, StreamBudget.Lease> leases = new ConcurrentHashMap<>();

  @OnOpen
  Uni<Void> open(WebSocketConnection connection) {
    Request request = Request.parse(connection.handshakeRequest().query());
    HandshakeRequest handshake = connection.handshakeRequest();
    // the upgrade check admitted this caller; its tenants decide which rows it gets
    return authenticator
        .authenticateHandshake(handshake.header("Authorization"), handshake.header("Cookie"))
        .invoke(
            caller -> {
              if (!count(connection, caller.name())) {
                return;
              }
              subscribe(
                  connection,
                  request,
                  TenantScope.allows(caller, handshake.header(TenantScope.HEADER)));
            })
        .replaceWithVoid();
  }

  /**
   * Counts the socket in the caller's stream budget (shared with SSE); when another stream took the
   * last place since the handshake check, closes it with 1008 naming the limit.
   */
  private boolean count(WebSocketConnection connection, String user) {
    try {
      leases.put(connection.id(), budget.acquire(user));
      return true;
    } catch (ProblemException e) {
      connection
          .close(
              new CloseReason(
                  POLICY_VIOLATION, "too many live streams (sentinel.limits.streams.max-per-user)"))
          .subscribe()
          .with(v -> {}, x -> {});
      return false;
    }
  }

  private void subscribe(
      WebSocketConnection connection, Request request, Predicate<String> visible) {
    Cancellable subscription =
        stream
            .open(request.lastEventId(), () -> connection.sendText(READY).subscribe().with(v -> {}))
            .select()
            .where(row -> visible.test(row.tenant()) && request.filter().keeps(row))
            .map(this::message)
            // one send at a time, in seq order
            .onItem()
            .transformToUniAndConcatenate(connection::sendText)
            .subscribe()
            .with(
                v -> {},
                e -> {
                  LOG.debugf("closing a live socket: %s", e.getMessage());
                  connection.close().subscribe().with(v -> {}, x -> {});
                });
    subscriptions.put(connection.id(), subscription);
    if (connection.isClosed()) {
      close(connection);
    }
  }

  @OnClose
  void close(WebSocketConnection connection) {
    StreamBudget.Lease lease = leases.remove(connection.id());
    if (lease != null) {
      lease.release();
    }
    Cancellable s = subscriptions.remove(connection.id());
    if (s != null) {
      s.cancel();
    }
  }

  private String message(EventRow row) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", Long.toString(row.seq()));
    m.put("type", row.type());
    m.put("data", row);
    try {
      return mapper.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
