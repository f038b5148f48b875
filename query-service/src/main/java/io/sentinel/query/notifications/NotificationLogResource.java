package io.sentinel.query.notifications;

import io.sentinel.query.api.Params;
import io.sentinel.query.notifications.DeliveryLog.NotificationView;
import io.sentinel.query.security.TenantScope;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The delivery log: every notification and its attempts. */
@Path("/api/notifications/log")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications")
public class NotificationLogResource {
  @Inject DeliveryLog log;
  @Inject TenantScope scope;

  @GET
  public Uni<List<NotificationView>> log(
      @Parameter(description = "only this channel", example = "3") @QueryParam("channel_id")
          String channelId,
      @Parameter(description = "only this monitor", example = "Server A") @QueryParam("monitor")
          String monitor,
      @Parameter(description = "pending, sending, sent, failed or suppressed") @QueryParam("status")
          String status,
      @Parameter(description = "at most this many, 1 to 1000 (default 100)") @QueryParam("limit")
          String limit) {
    Params p = new Params();
    Long channel = p.seq("query", "channel_id", channelId);
    String st = p.text("query", "status", status, 20);
    if (st != null && !DeliveryLog.STATUSES.contains(st)) {
      p.invalid(
          "query", "status", "must be pending, sending, sent, failed or suppressed, got " + st);
    }
    Integer n = p.integer("query", "limit", limit, 1, 1000, 100);
    p.check();
    return log.read(channel, monitor, st, null, n, scope.tenants());
  }
}
