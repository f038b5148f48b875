package io.sentinel.query.api;

/** Ends a request with the given problem; mapped by {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {
  private final transient ProblemDetail problem;
  private final Long retryAfterSeconds;

  public ProblemException(ProblemDetail problem) {
    this(problem, null);
  }

  /** A problem answered with a {@code Retry-After} header of this many seconds (429, 503). */
  public ProblemException(ProblemDetail problem, Long retryAfterSeconds) {
    super(problem.detail());
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Seconds for {@code Retry-After}, or null for the default (5 s on a 503, else none). */
  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public ProblemDetail problem() {
    return problem;
  }

  public static ProblemException notFound(String what) {
    return new ProblemException(ProblemDetail.of("not-found", "Not Found", 404, what));
  }
}
