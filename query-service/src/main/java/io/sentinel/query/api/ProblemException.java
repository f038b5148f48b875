package io.sentinel.query.api;

/** Ends a request with the given problem; mapped by {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {
  private final transient ProblemDetail problem;

  public ProblemException(ProblemDetail problem) {
    super(problem.detail());
    this.problem = problem;
  }

  public ProblemDetail problem() {
    return problem;
  }

  public static ProblemException notFound(String what) {
    return new ProblemException(ProblemDetail.of("not-found", "Not Found", 404, what));
  }
}
