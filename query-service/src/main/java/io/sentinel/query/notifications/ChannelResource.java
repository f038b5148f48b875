package io.sentinel.query.notifications;

import io.sentinel.query.api.Answers;
import io.sentinel.query.api.Params;
import io.sentinel.query.notifications.DeliveryLog.NotificationView;
import io.sentinel.query.notifications.NotificationSetup.ChannelView;
import io.sentinel.query.security.AdminFields;
import io.sentinel.query.security.TenantScope;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Contact points: where notifications go. Each belongs to one tenant; another tenant's channel is
 * not found (404), as if it did not exist.
 */
@Path("/api/notifications/channels")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications")
public class ChannelResource {
  @Inject NotificationSetup settings;
  @Inject DeliveryLog log;
  @Inject TenantScope scope;

  @GET
  public Uni<List<ChannelView>> channels() {
    return settings.channels();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<RestResponse<ChannelView>> create(NewChannel body) {
    NewChannel c = Params.body(body).checked();
    return createdIn(
        scope,
        c.tenant(),
        "notification channels",
        "a channel named '" + c.name() + "'",
        tenant -> settings.createChannel(c, tenant));
  }

  @DELETE
  @Path("/{id}")
  @APIResponse(responseCode = "204", ref = "Deleted")
  public Uni<RestResponse<Void>> delete(@PathParam("id") String id) {
    return Answers.deleted(id, "channel", settings::deleteChannel);
  }

  @POST
  @Path("/{id}/test")
  public Uni<RestResponse<NotificationView>> test(@PathParam("id") String id) {
    return Answers.byPathId(id, "channel", settings::queueTest)
        .chain(log::byId)
        .map(n -> RestResponse.status(RestResponse.Status.ACCEPTED, n));
  }

  /**
   * Creates a channel or policy ({@code what}) in its tenant: the body's {@code tenant}, else the
   * request's only tenant, else default; 400 when it is no tenant id, 403 when it is not the
   * caller's. 201 with what {@code create} made there, or a 400 saying that {@code named} exists in
   * the tenant when it made nothing (the name is taken).
   */
  static <T> Uni<RestResponse<T>> createdIn(
      TenantScope scope,
      String requested,
      String what,
      String named,
      Function<String, Uni<T>> create) {
    Params p = new Params("body");
    String tenant = AdminFields.tenant(p, scope, requested);
    p.check();
    scope.mayManage(tenant, what);
    return Answers.created(create.apply(tenant), "name", named + " exists in tenant " + tenant);
  }
}
