package io.sentinel.query.system;

import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.contract.problem.ProblemException;
import io.sentinel.query.api.Params;
import io.sentinel.query.security.TenantScope;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.function.Predicate;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/** Sentinel's own state and its dead letters. */
@Path("/api/system")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "System")
public class SystemResource {
  private static final Logger LOG = Logger.getLogger(SystemResource.class);
  private static final int MAX_REPLAY = 1000;

  @Inject PipelineCheck check;
  @Inject KafkaWatch kafka;
  @Inject SystemConfig config;
  @Inject TenantScope scope;

  @GET
  @Blocking
  public SystemView get() {
    SystemView v = check.current();
    if (v == null) {
      v = check.check();
    }
    return scope.tenants() == null ? v : v.visibleTo(scope.allows());
  }

  @GET
  @Path("/dead-letters/{topic}")
  @Blocking
  public List<DeadLetter> deadLetters(
      @Parameter(description = "the dead-letter topic", example = "sentinel.events.dlq")
          @PathParam("topic")
          String topic,
      @Parameter(description = "most records returned (1 to 500, default 100)", example = "50")
          @QueryParam("limit")
          String limit) {
    Params p = new Params();
    Integer max = p.integer("query", "limit", limit, 1, config.maxDeadLetters(), 100);
    p.check();
    known(topic);
    try {
      if (scope.tenants() == null) {
        return kafka.deadLetters(topic, max).newest();
      }
      // the caller's among the newest the API reads at most
      Predicate<String> sees = scope.allows();
      return kafka.deadLetters(topic, config.maxDeadLetters()).newest().stream()
          .filter(d -> sees.test(d.tenant()))
          .limit(max)
          .toList();
    } catch (Exception e) {
      throw kafkaDown(e);
    }
  }

  /**
   * A replay request.
   *
   * @param records the dead letters to write back to their source topic
   */
  public record ReplayRequest(List<KafkaWatch.RecordRef> records) {}

  /**
   * What a replay did.
   *
   * @param topic the dead-letter topic
   * @param source the topic written to
   * @param replayed records written
   * @param results one per record named, in order
   */
  public record ReplayResponse(
      String topic, String source, int replayed, List<KafkaWatch.ReplayResult> results) {}

  @POST
  @Path("/dead-letters/{topic}/replay")
  @Consumes(MediaType.APPLICATION_JSON)
  @Blocking
  public ReplayResponse replay(
      @Parameter(description = "the dead-letter topic", example = "sentinel.events.dlq")
          @PathParam("topic")
          String topic,
      ReplayRequest request) {
    Params p = new Params();
    if (request == null || request.records() == null || request.records().isEmpty()) {
      p.invalid("body", "records", "name 1 to " + MAX_REPLAY + " records");
    } else if (request.records().size() > MAX_REPLAY) {
      p.invalid(
          "body",
          "records",
          "at most " + MAX_REPLAY + " records per replay, got " + request.records().size());
    } else {
      for (int i = 0; i < request.records().size(); i++) {
        KafkaWatch.RecordRef r = request.records().get(i);
        if (r == null || r.partition() < 0 || r.offset() < 0) {
          p.invalid("body", "records[" + i + "]", "partition and offset must be 0 or more");
        }
      }
    }
    p.check();
    known(topic);
    try {
      List<KafkaWatch.ReplayResult> results =
          kafka.replay(topic, request.records(), scope.allows());
      int replayed = (int) results.stream().filter(KafkaWatch.ReplayResult::replayed).count();
      String source = topic.substring(0, topic.length() - ".dlq".length());
      LOG.infof(
          "replayed %d of %d dead letters from %s to %s", replayed, results.size(), topic, source);
      return new ReplayResponse(topic, source, replayed, results);
    } catch (Exception e) {
      throw kafkaDown(e);
    }
  }

  private static void known(String topic) {
    if (!KafkaWatch.DEAD_LETTER_TOPICS.contains(topic)) {
      throw ProblemException.notFound(
          "no dead-letter topic '"
              + topic
              + "'; known: "
              + String.join(", ", KafkaWatch.DEAD_LETTER_TOPICS));
    }
  }

  private static ProblemException kafkaDown(Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new ProblemException(
        ProblemDetail.of(
            "kafka-unavailable",
            "Service Unavailable",
            503,
            "Kafka did not answer: " + PipelineCheck.message(e)));
  }
}
