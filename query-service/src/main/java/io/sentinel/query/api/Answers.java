package io.sentinel.query.api;

import io.sentinel.contract.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import java.util.function.LongFunction;
import org.jboss.resteasy.reactive.RestResponse;

/** What the resources answer when what a request names is not there. */
public final class Answers {
  private Answers() {}

  /** The item, or a 404 problem saying {@code detail} when there is none. */
  public static <T> Uni<T> orNotFound(Uni<T> item, String detail) {
    return item.onItem().ifNull().failWith(() -> ProblemException.notFound(detail));
  }

  /**
   * What {@code read} answers for the id a path names, or a 404 problem saying there is no {@code
   * what} with that id; a 400 when the path names no id ({@link Params#pathId}).
   */
  public static <T> Uni<T> byPathId(String pathId, String what, LongFunction<Uni<T>> read) {
    long id = Params.pathId(pathId);
    return orNotFound(read.apply(id), notFound(what, id));
  }

  /**
   * 204 when {@code delete} says it removed the row whose id a path names, else a 404 problem
   * saying there is no {@code what} with that id; a 400 when the path names no id.
   */
  public static Uni<RestResponse<Void>> deleted(
      String pathId, String what, LongFunction<Uni<Boolean>> delete) {
    long id = Params.pathId(pathId);
    return delete
        .apply(id)
        .map(
            found -> {
              if (!found) {
                throw ProblemException.notFound(notFound(what, id));
              }
              return RestResponse.noContent();
            });
  }

  private static String notFound(String what, long id) {
    return "no " + what + " with id " + id;
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
