package io.sentinel.ingest.auth;

import io.sentinel.ingest.problem.ProblemDetail;
import io.sentinel.ingest.problem.ProblemException;
import io.sentinel.ingest.problem.RejectReason;

/** The request carried no valid agent token: 401 with a {@code WWW-Authenticate} challenge. */
public class UnauthorizedException extends ProblemException {
  public UnauthorizedException(String detail) {
    super(ProblemDetail.of("unauthorized", "Unauthorized", 401, detail), RejectReason.UNAUTHORIZED);
  }
}
