package io.sentinel.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * An SSE client as a browser's EventSource is: when the stream breaks it reconnects, sending the id
 * of the last event it received as {@code Last-Event-ID}. Keeps the id and type of every event, so
 * a checker can compare them with the committed rows of the event log.
 */
final class ResumingSse implements AutoCloseable {
  /** One received event. */
  record Event(long id, String type, String monitor) {}

  private final Supplier<URI> stream;
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final Thread reader;
  private volatile Stream<String> lines;
  private volatile boolean ready;
  private volatile boolean closed;
  private volatile long lastId = -1;

  /**
   * @param stream the stream's URL (asked at every connection)
   * @param after resume after this event id (-1: from now)
   */
  ResumingSse(Supplier<URI> stream, long after) {
    this.stream = stream;
    this.lastId = after;
    reader = new Thread(this::run, "resuming-sse");
    reader.setDaemon(true);
    reader.start();
  }

  private void run() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    while (!closed) {
      try {
        HttpRequest.Builder request =
            HttpRequest.newBuilder(stream.get())
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + io.sentinel.devstack.DevStack.TEST_API_KEY);
        if (lastId >= 0) {
          request.header("Last-Event-ID", Long.toString(lastId));
        }
        HttpResponse<Stream<String>> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
          response.body().close();
          throw new java.io.IOException("status " + response.statusCode());
        }
        connections.incrementAndGet();
        lines = response.body();
        String id = null;
        String type = null;
        StringBuilder data = new StringBuilder();
        for (String line : (Iterable<String>) lines::iterator) {
          if (line.isEmpty()) {
            if (data.length() > 0 && id != null) {
              long n = Long.parseLong(id);
              String monitor =
                  io.sentinel.contract.Json.MAPPER
                      .readTree(data.toString())
                      .path("monitor")
                      .asText();
              events.add(new Event(n, type, monitor));
              lastId = n;
            }
            id = null;
            type = null;
            data.setLength(0);
          } else if (line.startsWith(":") && line.substring(1).trim().equals("ready")) {
            ready = true;
          } else if (line.startsWith("id:")) {
            id = line.substring(3).trim();
          } else if (line.startsWith("event:")) {
            type = line.substring(6).trim();
          } else if (line.startsWith("data:")) {
            data.append(line.substring(5).trim());
          }
        }
      } catch (Exception e) {
        // the service went away (or was killed): reconnect, as EventSource does
      }
      if (!closed) {
        LockSupport.parkNanos(Duration.ofMillis(200).toNanos()); // reconnect delay, not a wait
      }
    }
  }

  /** True once the server said the stream is registered. */
  boolean ready() {
    return ready;
  }

  List<Event> events() {
    return events;
  }

  long lastId() {
    return lastId;
  }

  /** Successful connections (1 + the resumptions). */
  int connections() {
    return connections.get();
  }

  @Override
  public void close() {
    closed = true;
    Stream<String> s = lines;
    if (s != null) {
      s.close();
    }
    reader.interrupt();
  }
}
