package io.sentinel.ingest;

/** Ends a request with a {@link ProblemDetail} answer; mapped in the rest layer. */
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

  /** A request with more samples than {@code max-samples-per-request}: 413, {@code detail} says how to send less. */
  public static ProblemException tooManySamples(String detail) {
    return new ProblemException(
        ProblemDetail.of("too-many-samples", "Too many samples", 413, detail), RejectReason.TOO_MANY_SAMPLES);
  }

  public ProblemDetail problem() {
    return problem;
  }

  /** Why the whole request was rejected; null when its samples were counted one by one. */
  public RejectReason reason() {
    return reason;
  }
}
