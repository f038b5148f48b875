package io.sentinel.query.limits;

import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.contract.problem.ProblemException;

/** The problems of a refused request: each names the limit, its value and its setting. */
final class LimitExceeded {
  private LimitExceeded() {}

  static ProblemException tooManyStreams(int max) {
    return new ProblemException(
        ProblemDetail.of(
            "too-many-streams",
            "Too Many Requests",
            429,
            "at most "
                + max
                + " live streams (SSE and WebSocket together) per user are open at once"
                + " (sentinel.limits.streams.max-per-user); close one first"),
        5L);
  }

  static ProblemException rate(int perMinute, long retryAfterSeconds) {
    return new ProblemException(
        ProblemDetail.of(
            "rate-limited",
            "Too Many Requests",
            429,
            "at most "
                + perMinute
                + " analyses per minute per user (sentinel.limits.analyze.per-minute); retry after "
                + retryAfterSeconds
                + " s"),
        retryAfterSeconds);
  }

  static ProblemException bodyTooLarge(long maxBytes) {
    return new ProblemException(
        ProblemDetail.of(
            "body-too-large",
            "Content Too Large",
            413,
            "the body is larger than "
                + maxBytes
                + " bytes (sentinel.limits.analyze.max-body-size); post a shorter series"));
  }

  static ProblemException maintenance(String detail) {
    return new ProblemException(
        ProblemDetail.of("maintenance-limit", "Unprocessable Content", 422, detail));
  }
}
