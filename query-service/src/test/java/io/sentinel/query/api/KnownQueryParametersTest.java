package io.sentinel.query.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnownQueryParametersTest {

  record Paging(@QueryParam("offset") String offset, @QueryParam("limit") String limit) {}

  @SuppressWarnings("unused")
  void endpoint(
      @QueryParam("to") String to,
      @QueryParam("metric") String metric,
      @QueryParam("step") String step,
      @BeanParam Paging paging,
      @QueryParam("series") String series,
      @QueryParam("from") String from) {}

  @Test
  void theNamesAnEndpointTakesAreListedInOneOrderOnEveryRun() throws Exception {
    var method =
        getClass()
            .getDeclaredMethod(
                "endpoint",
                String.class,
                String.class,
                String.class,
                Paging.class,
                String.class,
                String.class);
    // an unordered set would list these 7 names in an order that changes from one JVM to the
    // next (Set.copyOf's iteration order is salted per run): the 400 would not read the same twice
    assertEquals(
        List.of("from", "limit", "metric", "offset", "series", "step", "to"),
        List.copyOf(KnownQueryParameters.declared(method)));
  }
}
