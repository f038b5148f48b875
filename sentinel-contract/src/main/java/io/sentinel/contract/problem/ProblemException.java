package io.sentinel.contract.problem;

/**
 * Ends a request with the given {@link ProblemDetail} answer; each service's exception mapper
 * renders it. It carries no stack trace: it is an answer, not a bug.
 */
public class ProblemException extends RuntimeException {
  private final transient ProblemDetail problem;

  public ProblemException(ProblemDetail problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  public ProblemDetail problem() {
    return problem;
  }

  /** 404 {@code not-found}: {@code what} says what was not found. */
  public static ProblemException notFound(String what) {
    return new ProblemException(ProblemDetail.of("not-found", "Not Found", 404, what));
  }
}
