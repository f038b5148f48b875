package io.sentinel.ingest.auth;

import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.ingest.problem.RejectReason;
import io.sentinel.ingest.problem.RejectedException;

/** The request carried no valid agent token: 401 with a {@code WWW-Authenticate} challenge. */
public class UnauthorizedException extends RejectedException {
  public UnauthorizedException(String detail) {
    super(ProblemDetail.of("unauthorized", "Unauthorized", 401, detail), RejectReason.UNAUTHORIZED);
  }
}
