package io.sentinel.contract.problem;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;

/**
 * An RFC 9457 problem, the body of every error answer ({@code application/problem+json}) of every
 * Sentinel service. Empty members are left out of the JSON.
 *
 * @param type URI naming the kind of problem, e.g. {@code urn:sentinel:problem:invalid-samples}
 * @param title short summary of the kind of problem
 * @param status the HTTP status
 * @param detail what went wrong with this request
 * @param instance the request path
 * @param errors the parts of the request at fault (parameters, body fields), where that applies
 * @param invalidSamples how many samples of the batch were invalid, where that applies (ingest)
 * @param line line of a syntax error in the body, where that applies
 * @param column column of a syntax error in the body, where that applies
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProblemDetail(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    List<? extends ErrorEntry> errors,
    Integer invalidSamples,
    Integer line,
    Integer column) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** A problem of kind {@code slug} without field errors. */
  public static ProblemDetail of(String slug, String title, int status, String detail) {
    return new ProblemDetail(type(slug), title, status, detail, null, List.of(), null, null, null);
  }

  /** The type URI of the problem kind {@code slug}. */
  public static String type(String slug) {
    return "urn:sentinel:problem:" + slug;
  }

  public ProblemDetail withInstance(String path) {
    return new ProblemDetail(
        type, title, status, detail, path, errors, invalidSamples, line, column);
  }

  public ProblemDetail withErrors(List<? extends ErrorEntry> entries) {
    return new ProblemDetail(
        type, title, status, detail, instance, entries, invalidSamples, line, column);
  }

  public ProblemDetail withInvalidSamples(int count) {
    return new ProblemDetail(type, title, status, detail, instance, errors, count, line, column);
  }

  public ProblemDetail withLocation(int atLine, int atColumn) {
    return new ProblemDetail(
        type, title, status, detail, instance, errors, invalidSamples, atLine, atColumn);
  }

  /**
   * One part of a request that is wrong, as listed in {@link #errors()}: a request parameter
   * ({@link InvalidParam}) or a field of the body (a JSON pointer, e.g. ingest's {@code
   * FieldError}).
   */
  @Schema(
      description =
          "One part of the request that is wrong: a parameter (in, name) or a body field (pointer)",
      properties = {
        @SchemaProperty(
            name = "pointer",
            description = "RFC 6901 JSON pointer into the request body, e.g. /samples/3/value"),
        @SchemaProperty(name = "in", description = "where the parameter is: query, path or header"),
        @SchemaProperty(name = "name", description = "the parameter name"),
        @SchemaProperty(name = "detail", description = "what is wrong, for a person")
      })
  public interface ErrorEntry {
    /** Where in the request, for a message in one line: a JSON pointer or a parameter name. */
    @JsonIgnore
    String where();

    /** What is wrong, for a person. */
    String detail();
  }

  /**
   * One request parameter that is wrong.
   *
   * @param in where the parameter is: query, path or header
   * @param name the parameter name
   * @param detail what is wrong with it, including the value received
   */
  public record InvalidParam(String in, String name, String detail) implements ErrorEntry {
    @Override
    @JsonIgnore
    public String where() {
      return name;
    }
  }
}
