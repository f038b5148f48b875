package io.sentinel.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentinel.contract.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Reads a Server-Sent Events stream in the background and keeps every event it receives. */
final class SseRecorder implements AutoCloseable {
  /** One received event: its id, type (the SSE event name) and JSON data. */
  record Event(String id, String type, JsonNode data) {}

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile Stream<String> lines;
  private volatile boolean ready;

  SseRecorder(URI stream) {
    this(stream, e -> {});
  }

  /** Also hands each event to {@code onEvent} as it arrives, on the reader thread. */
  SseRecorder(URI stream, Consumer<Event> onEvent) {
    reader =
        new Thread(
            () -> {
              try {
                HttpResponse<Stream<String>> response =
                    HttpClient.newHttpClient()
                        .send(
                            HttpRequest.newBuilder(stream)
                                .header("Accept", "text/event-stream")
                                .header(
                                    "Authorization",
                                    "Bearer " + io.sentinel.devstack.DevStack.TEST_API_KEY)
                                .build(),
                            HttpResponse.BodyHandlers.ofLines());
                lines = response.body();
                String id = null;
                String type = null;
                StringBuilder data = new StringBuilder();
                for (String line : (Iterable<String>) lines::iterator) {
                  if (line.isEmpty()) {
                    if (data.length() > 0) {
                      Event event = new Event(id, type, Json.MAPPER.readTree(data.toString()));
                      events.add(event);
                      onEvent.accept(event);
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
                // closed by the test, or the service went away
              }
            },
            "sse-recorder");
    reader.setDaemon(true);
    reader.start();
  }

  /** True once the server said the stream is registered: every event committed after it arrives. */
  boolean ready() {
    return ready;
  }

  List<Event> events() {
    return events;
  }

  @Override
  public void close() {
    Stream<String> s = lines;
    if (s != null) {
      s.close();
    }
    reader.interrupt();
  }
}
