package io.sentinel.query.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.sentinel.contract.problem.ProblemDetail;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Declares once what API operations share, instead of a copy on each: a 400 {@code
 * application/problem+json} for an invalid or unknown query parameter ({@link Params}, {@link
 * KnownQueryParameters}) on every operation; the {@code X-Total-Count} and {@code Link} headers on
 * the 200 of every paged list ({@link PageParams}). An operation that says more about one of these
 * declares its own, which is kept.
 *
 * <p>Every error answer (4xx, 5xx) is an {@code application/problem+json} {@link ProblemDetail}
 * ({@link ProblemMappers}), so an operation declares of its errors only the status, the description
 * and the example ({@code content = @Content(examples = ...)}): the media type and the schema are
 * set here. Each operation's answers are listed by status, the paths in alphabetical order.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class CommonResponses implements OASFilter {
  static final String BAD_REQUEST = "400";
  private static final String RESPONSES = "#/components/responses/";
  static final String BAD_REQUEST_TEXT = "A query parameter is invalid or unknown (each one named)";

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
      return;
    }
    if (openAPI.getComponents() == null
        || openAPI.getComponents().getSchemas() == null
        || !openAPI.getComponents().getSchemas().containsKey("ProblemDetail")) {
      // the schema is generated from the record where an annotation names it (StreamResource's
      // 400, whose stream media type differs); the errors below refer to it
      throw new IllegalStateException(
          "no ProblemDetail schema in the OpenAPI document: name ProblemDetail.class in one"
              + " @APIResponse");
    }
    Map<String, APIResponse> shared =
        openAPI.getComponents().getResponses() == null
            ? Map.of()
            : Map.copyOf(openAPI.getComponents().getResponses());
    openAPI
        .getPaths()
        .getPathItems()
        .forEach(
            (path, item) -> {
              if (path.startsWith("/api/")) {
                item.getOperations()
                    .forEach(
                        (method, op) -> {
                          if (op.getResponses() != null
                              && op.getResponses().getAPIResponses() != null) {
                            new LinkedHashMap<>(op.getResponses().getAPIResponses())
                                .forEach(
                                    (status, response) -> {
                                      APIResponse declared = resolved(response, shared);
                                      if (status.startsWith("4") || status.startsWith("5")) {
                                        asProblem(declared);
                                      }
                                      op.getResponses().addAPIResponse(status, declared);
                                    });
                          }
                          addProblem(op, BAD_REQUEST, BAD_REQUEST_TEXT, Examples.BAD_PARAM);
                          if (paged(op)) {
                            addPagingHeaders(op);
                          }
                          inStatusOrder(method + " " + path, op.getResponses());
                        });
              }
            });
    // the static file's paths are merged before the scanned ones: one order for the reader
    openAPI.getPaths().setPathItems(new TreeMap<>(openAPI.getPaths().getPathItems()));
    openAPI.getComponents().setResponses(null);
  }

  /**
   * Orders an operation's answers by status, whichever source declared them (the method's
   * annotations, the tables of {@code openapi/}, the paths of {@code META-INF/openapi.yaml}); an
   * operation with no success answer is a path in that file that no resource serves, and fails the
   * build.
   */
  private static void inStatusOrder(String operation, APIResponses responses) {
    if (responses.getAPIResponses().keySet().stream().noneMatch(s -> s.matches("[23]\\d\\d"))) {
      throw new IllegalStateException(
          operation
              + " has no success answer: is it a path in META-INF/openapi.yaml that no resource"
              + " serves?");
    }
    responses.setAPIResponses(new TreeMap<>(responses.getAPIResponses()));
  }

  /** A response named by {@code ref} from components/responses, or the response itself. */
  private static APIResponse resolved(APIResponse response, Map<String, APIResponse> shared) {
    String ref = response.getRef();
    if (ref == null || !ref.startsWith(RESPONSES)) {
      return response;
    }
    APIResponse declared = shared.get(ref.substring(RESPONSES.length()));
    if (declared == null) {
      throw new IllegalStateException(
          "no response " + ref + " in META-INF/openapi.yaml (components/responses)");
    }
    return declared;
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

  /**
   * Makes an error answer's content {@code application/problem+json} with the {@link ProblemDetail}
   * schema, keeping its examples (declared under the operation's own media type).
   */
  private static void asProblem(APIResponse response) {
    MediaType problem = OASFactory.createMediaType();
    if (response.getContent() != null && response.getContent().getMediaTypes() != null) {
      for (MediaType declared : response.getContent().getMediaTypes().values()) {
        if (declared.getExamples() != null) {
          declared.getExamples().forEach(problem::addExample);
        }
        if (declared.getSchema() != null) {
          problem.setSchema(declared.getSchema());
        }
      }
    }
    if (problem.getSchema() == null) {
      problem.setSchema(OASFactory.createSchema().ref("ProblemDetail"));
    }
    response.setContent(OASFactory.createContent().addMediaType(ProblemDetail.MEDIA_TYPE, problem));
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
