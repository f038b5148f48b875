package io.sentinel.ingest.problem;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.sentinel.contract.problem.ProblemDetail;
import java.util.ArrayList;
import java.util.List;

/**
 * One thing wrong with one field of a request, as listed in {@link ProblemDetail#errors()}.
 *
 * @param pointer RFC 6901 JSON pointer into the request body, e.g. {@code /samples/3/value}
 * @param detail what is wrong, for a person
 * @param reason the machine-readable cause, used to tag the rejection counters
 */
public record FieldError(String pointer, String detail, @JsonIgnore RejectReason reason)
    implements ProblemDetail.ErrorEntry {

  /** The {@link #pointer()}. */
  @Override
  @JsonIgnore
  public String where() {
    return pointer;
  }

  /** Escapes a name (label name, object key) for use as one segment of a JSON pointer. */
  public static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }

  /**
   * {@code errors} found at {@code from} (e.g. a line or a series), moved to {@code to} (one sample
   * of it): each pointer's {@code from} prefix replaced.
   */
  public static List<FieldError> rebase(List<FieldError> errors, String from, String to) {
    if (errors.isEmpty()) {
      return List.of();
    }
    List<FieldError> result = new ArrayList<>(errors.size());
    for (FieldError e : errors) {
      result.add(new FieldError(to + e.pointer().substring(from.length()), e.detail(), e.reason()));
    }
    return result;
  }
}
