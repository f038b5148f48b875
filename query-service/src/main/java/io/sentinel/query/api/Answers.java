package io.sentinel.query.api;

import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.RestResponse;

/** What the resources answer when what a request names is not there. */
public final class Answers {
  private Answers() {}

  /** The item, or a 404 problem saying {@code detail} when there is none. */
  public static <T> Uni<T> orNotFound(Uni<T> item, String detail) {
    return item.onItem().ifNull().failWith(() -> ProblemException.notFound(detail));
  }

  /** 204 when {@code deleted} says a row was, else a 404 problem saying {@code detail}. */
  public static Uni<RestResponse<Void>> deleted(Uni<Boolean> deleted, String detail) {
    return deleted.map(
        found -> {
          if (!found) {
            throw ProblemException.notFound(detail);
          }
          return RestResponse.noContent();
        });
  }
}
