package io.sentinel.query.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Declares once the answer every API operation shares: a 400 {@code application/problem+json} for
 * an invalid or unknown query parameter ({@link Params}, {@link KnownQueryParameters}). An
 * operation that says more about its 400 (a body field, too many buckets) declares its own, which
 * is kept.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class CommonResponses implements OASFilter {
  static final String BAD_REQUEST = "400";

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
      return;
    }
    openAPI
        .getPaths()
        .getPathItems()
        .forEach(
            (path, item) -> {
              if (path.startsWith("/api/")) {
                item.getOperations().values().forEach(CommonResponses::addBadRequest);
              }
            });
  }

  private static void addBadRequest(Operation op) {
    APIResponses responses = op.getResponses();
    if (responses == null) {
      responses = OASFactory.createAPIResponses();
      op.setResponses(responses);
    }
    if (responses.hasAPIResponse(BAD_REQUEST)) {
      return;
    }
    responses.addAPIResponse(
        BAD_REQUEST,
        OASFactory.createAPIResponse()
            .description("A query parameter is invalid or unknown (each one named)")
            .content(
                OASFactory.createContent()
                    .addMediaType(
                        ProblemDetail.MEDIA_TYPE,
                        OASFactory.createMediaType()
                            .schema(OASFactory.createSchema().ref("ProblemDetail"))
                            .addExample(
                                "bad limit",
                                OASFactory.createExample().value(Examples.BAD_PARAM)))));
  }
}
