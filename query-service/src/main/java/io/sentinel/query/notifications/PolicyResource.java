package io.sentinel.query.notifications;

import io.sentinel.query.api.Answers;
import io.sentinel.query.api.Params;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Notification policies: which events go to which channels, grouped and repeated how. Each belongs
 * to one tenant: it matches only that tenant's events and sends only to its channels; another
 * tenant's policy is not found (404).
 */
@Path("/api/notifications/policies")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications")
public class PolicyResource {
  @Inject NotificationSetup settings;
  @Inject TenantScope scope;

  @GET
  public Uni<List<Policy>> policies() {
    return settings.policies();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<RestResponse<Policy>> create(NewPolicy body) {
    NewPolicy b = Params.body(body).checked();
    return ChannelResource.createdIn(
        scope,
        b.tenant(),
        "notification policies",
        "a policy named '" + b.name() + "'",
        tenant ->
            settings
                .unknownChannels(b.channelIds(), tenant)
                .chain(
                    unknown -> {
                      if (!unknown.isEmpty()) {
                        Params.reject(
                            "body",
                            "channel_ids",
                            "no channel of tenant " + tenant + " has id " + unknown);
                      }
                      return settings.createPolicy(b, tenant);
                    }));
  }

  @DELETE
  @Path("/{id}")
  @APIResponse(responseCode = "204", ref = "Deleted")
  public Uni<RestResponse<Void>> delete(@PathParam("id") String id) {
    return Answers.deleted(id, "policy", settings::deletePolicy);
  }
}
