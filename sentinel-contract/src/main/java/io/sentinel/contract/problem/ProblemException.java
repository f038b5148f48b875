package io.sentinel.contract.problem;

/**
 * Ends a request with the given {@link ProblemDetail} answer; each service's exception mapper
 * renders it. It carries no stack trace: it is an answer, not a bug.
 */
public class ProblemException extends RuntimeException {
  private final transient ProblemDetail problem;
  private final Long retryAfterSeconds;

  public ProblemException(ProblemDetail problem) {
    this(problem, null);
  }

  /** A problem answered with a {@code Retry-After} header of this many seconds (429, 503). */
  public ProblemException(ProblemDetail problem, Long retryAfterSeconds) {
    super(problem.detail(), null, false, false);
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

  /** 404 {@code not-found}: {@code what} says what was not found. */
  public static ProblemException notFound(String what) {
    return new ProblemException(ProblemDetail.of("not-found", "Not Found", 404, what));
  }
}
