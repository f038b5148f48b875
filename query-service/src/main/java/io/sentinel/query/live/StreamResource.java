package io.sentinel.query.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.query.api.Examples;
import io.sentinel.query.api.Params;
import io.sentinel.query.config.QueryConfig;
import io.sentinel.query.events.EventRow;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The live event stream. */
@Path("/api/stream")
@Tag(name = "Stream")
public class StreamResource {
  /** Header a reconnecting EventSource sends with the id of the last event it received. */
  public static final String LAST_EVENT_ID = "Last-Event-ID";

  /** The comment sent once the stream is registered: every row committed after it is delivered. */
  public static final String READY = "ready";

  @Inject EventStream stream;
  @Inject io.sentinel.query.security.TenantScope tenants;
  @Inject ObjectMapper mapper;
  @Inject QueryConfig config;
  @Inject io.sentinel.query.limits.StreamBudget budget;

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @APIResponse(
      responseCode = "200",
      description = "An endless event stream",
      content =
          @Content(
              mediaType = MediaType.SERVER_SENT_EVENTS,
              examples = @ExampleObject(name = "one event", value = Examples.SSE)))
  @APIResponse(
      responseCode = "400",
      description = "Last-Event-ID is not a seq, or a type is unknown",
      content =
          @Content(
              mediaType = ProblemDetail.MEDIA_TYPE,
              schema = @Schema(implementation = ProblemDetail.class),
              examples = @ExampleObject(name = "bad parameter", value = Examples.BAD_PARAM)))
  @APIResponse(responseCode = "429", ref = "TooManyStreams")
  public Multi<OutboundSseEvent> stream(
      @Parameter(description = "seq of the last event received") @HeaderParam(LAST_EVENT_ID)
          String lastEventIdHeader,
      @Parameter(description = "alternative to the Last-Event-ID header")
          @QueryParam("last_event_id")
          String lastEventIdQuery,
      @Parameter(
              description =
                  "comma-separated event types to send (as GET /api/events); all if absent",
              example = "anomaly,status_changed")
          @QueryParam("type")
          String type,
      @Parameter(description = "only events of this monitor", example = "Server A")
          @QueryParam("monitor")
          String monitor,
      @Context Sse sse) {
    Params p = new Params();
    Long fromHeader = p.seq("header", LAST_EVENT_ID, lastEventIdHeader);
    Long fromQuery = p.seq("query", "last_event_id", lastEventIdQuery);
    StreamFilter filter = StreamFilter.parse(p, type, monitor);
    p.check();
    Long lastEventId = fromHeader != null ? fromHeader : fromQuery;

    // a comment once the client is registered with the feed: from then on nothing committed is
    // missed, so a client (or a test) that waits for it cannot lose a race with the first event
    UnicastProcessor<OutboundSseEvent> ready = UnicastProcessor.create();
    // fixed now: the stream outlives the request whose caller it serves
    java.util.function.Predicate<String> visible = tenants.allows();
    Multi<OutboundSseEvent> events =
        stream
            .open(
                lastEventId,
                () -> {
                  ready.onNext(sse.newEventBuilder().comment(READY).build());
                  ready.onComplete();
                })
            .select()
            .where(row -> visible.test(row.tenant()) && filter.keeps(row))
            .map(row -> toSse(sse, row));
    Multi<OutboundSseEvent> heartbeats =
        Multi.createFrom()
            .ticks()
            .every(config.stream().heartbeat())
            .onOverflow()
            .drop()
            .map(tick -> sse.newEventBuilder().comment("heartbeat").build());
    return budget.counted(Multi.createBy().merging().streams(events, ready, heartbeats));
  }

  private OutboundSseEvent toSse(Sse sse, EventRow row) {
    try {
      return sse.newEventBuilder()
          .id(Long.toString(row.seq()))
          .name(row.type())
          .data(mapper.writeValueAsString(row))
          .build();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
