package io.sentinel.ingest;

/** The request carried no valid agent token: 401 with a {@code WWW-Authenticate} challenge. */
public class UnauthorizedException extends ProblemException {
  public UnauthorizedException(String detail) {
    super(ProblemDetail.of("unauthorized", "Unauthorized", 401, detail), RejectReason.UNAUTHORIZED);
  }
}
