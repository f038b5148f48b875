package io.sentinel.query.notifications;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/** A real HTTP receiver in the test JVM: records what each path receives, can fail on purpose. */
final class WebhookReceiver implements AutoCloseable {
  record Received(String path, Map<String, List<String>> headers, String body, long atNanos) {
    String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  final Map<String, List<Received>> received = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
  final AtomicInteger total = new AtomicInteger();

  WebhookReceiver() throws IOException {
    this(null);
  }

  /** Over HTTPS with this server context (a certificate of a test CA), or plain HTTP if null. */
  WebhookReceiver(SSLContext tls) throws IOException {
    if (tls == null) {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
    } else {
      HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    }
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
    server.createContext(
        "/",
        ex -> {
          String body;
          try (InputStream in = ex.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
          String path = ex.getRequestURI().getPath();
          AtomicInteger fail = failuresLeft.get(path);
          int code = 200;
          if (fail != null && fail.getAndDecrement() > 0) {
            code = 503;
          } else {
            received
                .computeIfAbsent(path, p -> new CopyOnWriteArrayList<>())
                .add(
                    new Received(
                        path, Map.copyOf(ex.getRequestHeaders()), body, System.nanoTime()));
            total.incrementAndGet();
          }
          byte[] out = (code == 200 ? "ok" : "try later").getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(code, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    server.start();
  }

  String url(String path) {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  List<Received> at(String path) {
    return received.getOrDefault(path, List.of());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
