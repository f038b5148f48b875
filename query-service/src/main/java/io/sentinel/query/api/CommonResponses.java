package io.sentinel.query.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.sentinel.contract.problem.ProblemDetail;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Declares once what API operations share, instead of a copy on each: a 400 {@code
 * application/problem+json} for an invalid or unknown query parameter ({@link Params}, {@link
 * KnownQueryParameters}) on every operation; the {@code X-Total-Count} and {@code Link} headers on
 * the 200 of every paged list ({@link PageParams}). An operation that says more about one of these
 * declares its own, which is kept.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class CommonResponses implements OASFilter {
  static final String BAD_REQUEST = "400";
  static final String BAD_REQUEST_TEXT = "A query parameter is invalid or unknown (each one named)";

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
                item.getOperations()
                    .values()
                    .forEach(
                        op -> {
                          addProblem(op, BAD_REQUEST, BAD_REQUEST_TEXT, Examples.BAD_PARAM);
                          if (paged(op)) {
                            addPagingHeaders(op);
                          }
                        });
              }
            });
  }

  private static void addProblem(Operation op, String status, String text, String example) {
    APIResponses responses = op.getResponses();
    if (responses == null) {
      responses = OASFactory.createAPIResponses();
      op.setResponses(responses);
    }
    if (responses.hasAPIResponse(status)) {
      return;
    }
    responses.addAPIResponse(
        status,
        OASFactory.createAPIResponse()
            .description(text)
            .content(
                OASFactory.createContent()
                    .addMediaType(
                        ProblemDetail.MEDIA_TYPE,
                        OASFactory.createMediaType()
                            .schema(OASFactory.createSchema().ref("ProblemDetail"))
                            .addExample("problem", OASFactory.createExample().value(example)))));
  }

  /** A list paged by {@link PageParams}: it takes both limit and offset. */
  private static boolean paged(Operation op) {
    return op.getParameters() != null
        && op.getParameters().stream().anyMatch(p -> "offset".equals(p.getName()))
        && op.getParameters().stream().anyMatch(p -> "limit".equals(p.getName()));
  }

  private static void addPagingHeaders(Operation op) {
    APIResponse ok = op.getResponses() == null ? null : op.getResponses().getAPIResponse("200");
    if (ok == null) {
      return;
    }
    if (ok.getHeaders() == null || !ok.getHeaders().containsKey(Paging.TOTAL_COUNT)) {
      ok.addHeader(
          Paging.TOTAL_COUNT,
          OASFactory.createHeader()
              .description("rows matching the filters, all pages")
              .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
    }
    if (!ok.getHeaders().containsKey("Link")) {
      ok.addHeader(
          "Link",
          OASFactory.createHeader()
              .description("RFC 8288 links: first, prev, next, last")
              .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
    }
  }
}
