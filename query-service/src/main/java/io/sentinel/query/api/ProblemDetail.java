package io.sentinel.query.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem, the body of every error answer ({@code application/problem+json}).
 *
 * @param type URI naming the kind of problem, e.g. {@code urn:sentinel:problem:invalid-parameters}
 * @param title short summary of the kind of problem
 * @param status the HTTP status
 * @param detail what went wrong with this request
 * @param instance the request path
 * @param errors the parameters at fault, where that applies
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProblemDetail(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    List<InvalidParam> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  public static ProblemDetail of(String slug, String title, int status, String detail) {
    return new ProblemDetail(
        "urn:sentinel:problem:" + slug, title, status, detail, null, List.of());
  }

  public ProblemDetail withInstance(String path) {
    return new ProblemDetail(type, title, status, detail, path, errors);
  }

  public ProblemDetail withErrors(List<InvalidParam> invalid) {
    return new ProblemDetail(type, title, status, detail, instance, invalid);
  }

  /**
   * One request parameter that is wrong.
   *
   * @param in where the parameter is: query, path or header
   * @param name the parameter name
   * @param detail what is wrong with it, including the value received
   */
  public record InvalidParam(String in, String name, String detail) {}
}
