package io.sentinel.query.api;

import io.sentinel.contract.problem.ProblemException;
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

  /**
   * 201 with what was created, or a 400 naming the body field at fault when nothing was (a name
   * already taken).
   */
  public static <T> Uni<RestResponse<T>> created(Uni<T> created, String field, String detail) {
    return created.map(
        item -> {
          if (item == null) {
            Params.reject("body", field, detail);
          }
          return RestResponse.status(RestResponse.Status.CREATED, item);
        });
  }
}
