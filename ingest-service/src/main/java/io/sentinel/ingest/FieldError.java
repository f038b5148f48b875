package io.sentinel.ingest;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One thing wrong with one field of a request, as listed in {@link ProblemDetail#errors()}.
 *
 * @param pointer RFC 6901 JSON pointer into the request body, e.g. {@code /samples/3/value}
 * @param detail what is wrong, for a person
 * @param reason the machine-readable cause, used to tag the rejection counters
 */
public record FieldError(String pointer, String detail, @JsonIgnore RejectReason reason) {

  /** Escapes a name (label name, object key) for use as one segment of a JSON pointer. */
  public static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }
}
