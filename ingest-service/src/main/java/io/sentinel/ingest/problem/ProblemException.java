package io.sentinel.ingest.problem;

/**
 * Ends a request with a {@link ProblemDetail} answer. {@link ProblemMappers} renders it in the
 * error form of the request's protocol and counts the rejection (by {@link #reason()}) once.
 */
public class ProblemException extends RuntimeException {
  private final transient ProblemDetail problem;
  private final RejectReason reason;

  /**
   * @param problem the answer
   * @param reason why the request was rejected as a whole, or null when its samples were counted
   *     one by one
   */
  public ProblemException(ProblemDetail problem, RejectReason reason) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
    this.reason = reason;
  }

  /** A problem without field errors, rejecting the request for {@code reason}. */
  public static ProblemException of(
      String slug, String title, int status, String detail, RejectReason reason) {
    return new ProblemException(ProblemDetail.of(slug, title, status, detail), reason);
  }

  /** A body that is not what its protocol says: 400 {@code malformed-request}. */
  public static ProblemException malformed(String detail) {
    return of("malformed-request", "Malformed request", 400, detail, RejectReason.MALFORMED);
  }

  /**
   * A request with more samples than {@code max-samples-per-request}: 413, {@code detail} says how
   * to send less.
   */
  public static ProblemException tooManySamples(String detail) {
    return of("too-many-samples", "Too many samples", 413, detail, RejectReason.TOO_MANY_SAMPLES);
  }

  public ProblemDetail problem() {
    return problem;
  }

  /** Why the whole request was rejected; null when its samples were counted one by one. */
  public RejectReason reason() {
    return reason;
  }
}
