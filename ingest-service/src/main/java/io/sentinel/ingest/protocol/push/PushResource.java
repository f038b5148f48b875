package io.sentinel.ingest.protocol.push;

import io.sentinel.ingest.problem.FieldError;
import io.sentinel.ingest.problem.RejectReason;
import io.sentinel.ingest.protocol.DecodedBatch;
import io.sentinel.ingest.protocol.Intake;
import io.sentinel.ingest.protocol.Protocol;
import io.sentinel.ingest.protocol.push.PushDecoder.InvalidPush;
import io.sentinel.ingest.publish.RejectionPublisher;
import io.sentinel.ingest.validation.IncomingSample;
import io.sentinel.ingest.validation.SampleValidator.Rejection;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Heartbeat push as uptime tools do it (Uptime Kuma push monitors): {@code GET|POST
 * /api/push/{token}?status=up|down|error&msg=...&ping=...} ({@code error}: the check ran but could
 * not do its job; the monitor shows Errors until it reports up or down again). The token
 * authenticates (see {@link io.sentinel.ingest.auth.AuthFilter}); the samples are {@link
 * PushDecoder}'s. Answers {@code {"ok":true}}.
 */
@Path(Protocol.PUSH_PATH_PREFIX + "{" + PushResource.TOKEN_PARAM + "}")
@Tag(name = "agents", description = "Protocols of existing monitoring agents")
@Blocking
@Produces(MediaType.APPLICATION_JSON)
public class PushResource {
  public static final String TOKEN_PARAM = "token";

  @Inject PushDecoder decoder;
  @Inject Intake intake;
  @Inject RejectionPublisher rejections;

  @GET
  @Operation(summary = "Heartbeat push (Uptime Kuma style)")
  public Uni<Response> get(@BeanParam PushRequest push) {
    return push(push);
  }

  @POST
  @Operation(summary = "Heartbeat push (Uptime Kuma style), parameters in the query")
  public Uni<Response> post(@BeanParam PushRequest push) {
    return push(push);
  }

  private Uni<Response> push(PushRequest push) {
    DecodedBatch batch;
    try {
      batch = decoder.decode(push);
    } catch (InvalidPush e) {
      rejected(e);
      throw e;
    }
    return intake
        .ingestWhole(Protocol.PUSH, batch)
        .map(n -> Response.ok(Map.of("ok", true), MediaType.APPLICATION_JSON_TYPE).build());
  }

  /** A check that keeps pushing nonsense shows status Errors: a rejection fact of its monitor. */
  private void rejected(InvalidPush e) {
    if (e.monitor() == null) {
      return;
    }
    IncomingSample status =
        new IncomingSample("status", e.monitor(), Heartbeats.UP, Map.of(), null, null, List.of());
    FieldError error = new FieldError("status", e.problem().detail(), RejectReason.MALFORMED);
    rejections.publish(
        Protocol.PUSH.tag(),
        intake.tenant(),
        List.of(new Rejection(status, List.of(error))),
        System.currentTimeMillis());
  }
}
