package io.sentinel.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A minimal server-sent-events client over the JDK HTTP client, for tests. */
public final class SseClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One received event; {@code monitor} is read from the data once, as it arrives. */
  public record Event(String id, String name, String data, String monitor) {}

  public final List<Event> events = new CopyOnWriteArrayList<>();
  public final List<String> comments = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile InputStream body;
  private volatile int status;
  private volatile boolean ready;
  private volatile boolean ended;

  private SseClient(URI uri, String lastEventId, String authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("Accept", "text/event-stream")
            .header("Authorization", authorization);
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    HttpClient client = HttpClient.newHttpClient();
    reader =
        new Thread(
            () -> {
              try {
                HttpResponse<InputStream> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                status = response.statusCode();
                body = response.body();
                read(new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)));
              } catch (IOException e) {
                // closed by the test
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                ended = true;
              }
            },
            "sse-test-client");
    reader.setDaemon(true);
    reader.start();
  }

  public static SseClient connect(URI uri, String lastEventId) {
    return new SseClient(uri, lastEventId, Api.AUTHORIZATION);
  }

  /** A client sending {@code authorization} (e.g. {@code Bearer <API key>}). */
  public static SseClient connectAs(URI uri, String authorization) {
    return new SseClient(uri, null, authorization);
  }

  public int status() {
    return status;
  }

  /**
   * True once the server said the stream is registered (the {@code : ready} comment): every row
   * committed from then on will arrive. Fails if the stream ended before that.
   */
  public boolean connected() {
    if (!ready && ended) {
      throw new IllegalStateException("stream ended before it was ready, status " + status);
    }
    return ready;
  }

  /** True once the server closed the stream (or the test did). */
  public boolean ended() {
    return ended;
  }

  /** The events of one monitor, in arrival order. */
  public List<Event> of(String monitor) {
    return events.stream().filter(e -> monitor.equals(e.monitor())).toList();
  }

  private void read(BufferedReader in) throws IOException {
    String id = null;
    String name = null;
    StringBuilder data = null;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.isEmpty()) {
        if (data != null) {
          events.add(new Event(id, name, data.toString(), monitorOf(data.toString())));
        }
        id = null;
        name = null;
        data = null;
      } else if (line.startsWith(":")) {
        String comment = line.substring(1).trim();
        comments.add(comment);
        if (comment.equals("ready")) {
          ready = true;
        }
      } else if (line.startsWith("id:")) {
        id = line.substring(3).trim();
      } else if (line.startsWith("event:")) {
        name = line.substring(6).trim();
      } else if (line.startsWith("data:")) {
        String chunk = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
        data = data == null ? new StringBuilder(chunk) : data.append('\n').append(chunk);
      }
    }
  }

  private static String monitorOf(String data) {
    try {
      JsonNode monitor = JSON.readTree(data).get("monitor");
      return monitor == null || monitor.isNull() ? null : monitor.asText();
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void close() {
    try {
      if (body != null) {
        body.close();
      }
    } catch (IOException ignored) {
      // closing anyway
    }
    reader.interrupt();
  }
}
