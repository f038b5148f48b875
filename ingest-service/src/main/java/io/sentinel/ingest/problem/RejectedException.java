package io.sentinel.ingest.problem;

import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.contract.problem.ProblemException;
import java.util.Objects;

/**
 * A {@link ProblemException} rejecting the request as a whole, for a {@link #reason()}: {@link
 * ProblemMappers} renders it in the error form of the request's protocol and counts the rejection
 * by that reason, once. A problem whose samples were counted one by one is a plain {@link
 * ProblemException}.
 */
public class RejectedException extends ProblemException {
  private final RejectReason reason;

  /**
   * @param problem the answer
   * @param reason why the request was rejected as a whole
   */
  public RejectedException(ProblemDetail problem, RejectReason reason) {
    super(problem);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** A problem without field errors, rejecting the request for {@code reason}. */
  public static RejectedException of(
      String slug, String title, int status, String detail, RejectReason reason) {
    return new RejectedException(ProblemDetail.of(slug, title, status, detail), reason);
  }

  /** A body that is not what its protocol says: 400 {@code malformed-request}. */
  public static RejectedException malformed(String detail) {
    return of("malformed-request", "Malformed request", 400, detail, RejectReason.MALFORMED);
  }

  /**
   * A request with more samples than {@code max-samples-per-request}: 413, {@code detail} says how
   * to send less.
   */
  public static RejectedException tooManySamples(String detail) {
    return of("too-many-samples", "Too many samples", 413, detail, RejectReason.TOO_MANY_SAMPLES);
  }

  /** Why the whole request was rejected. */
  public RejectReason reason() {
    return reason;
  }
}
