package io.sentinel.ingest.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem, the body of every error answer ({@code application/problem+json}).
 *
 * @param type URI naming the kind of problem, e.g. {@code urn:sentinel:problem:invalid-samples}
 * @param title short summary of the kind of problem
 * @param status the HTTP status
 * @param detail what went wrong with this request
 * @param instance the request path
 * @param errors the fields at fault, at most {@code sentinel.ingest.max-reported-errors}
 * @param invalidSamples how many samples of the batch were invalid, where that applies
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
    List<FieldError> errors,
    Integer invalidSamples,
    Integer line,
    Integer column) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** A problem without field errors. */
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

  public ProblemDetail withErrors(List<FieldError> fieldErrors) {
    return new ProblemDetail(
        type, title, status, detail, instance, fieldErrors, invalidSamples, line, column);
  }

  public ProblemDetail withInvalidSamples(int count) {
    return new ProblemDetail(type, title, status, detail, instance, errors, count, line, column);
  }

  public ProblemDetail withLocation(int atLine, int atColumn) {
    return new ProblemDetail(
        type, title, status, detail, instance, errors, invalidSamples, atLine, atColumn);
  }
}
