package io.sentinel.query.api;

import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.contract.problem.ProblemException;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.UriInfo;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a query parameter the endpoint does not take, with a 400 that names it: a typo ({@code
 * /api/anomalies?form=...}) must never look like "no filter" and answer everything.
 *
 * <p>What an endpoint takes is read from its method once: its {@code @QueryParam} and
 * {@code @RestQuery} parameters and the {@code @QueryParam} fields of its {@code @BeanParam} types,
 * so a new parameter is known the moment it is declared.
 */
public class KnownQueryParameters {
  private final ConcurrentMap<Method, Set<String>> known = new ConcurrentHashMap<>();

  @ServerRequestFilter
  public void refuseUnknown(UriInfo uri, ResourceInfo resource) {
    Method method = resource.getResourceMethod();
    if (method == null || !method.getDeclaringClass().getPackageName().startsWith("io.sentinel")) {
      return;
    }
    Set<String> allowed = known.computeIfAbsent(method, KnownQueryParameters::declared);
    List<ProblemDetail.InvalidParam> unknown = new ArrayList<>();
    for (String name : new TreeSet<>(uri.getQueryParameters().keySet())) {
      if (!allowed.contains(name)) {
        unknown.add(
            new ProblemDetail.InvalidParam(
                "query",
                name,
                allowed.isEmpty()
                    ? "unknown parameter: this endpoint takes no query parameters"
                    : "unknown parameter; this endpoint takes " + String.join(", ", allowed)));
      }
    }
    if (!unknown.isEmpty()) {
      throw new ProblemException(
          ProblemDetail.of(
                  "invalid-parameters",
                  "Bad Request",
                  400,
                  "unknown query parameter"
                      + (unknown.size() > 1 ? "s: " : ": ")
                      + String.join(
                          ", ", unknown.stream().map(ProblemDetail.InvalidParam::name).toList()))
              .withErrors(List.copyOf(unknown)));
    }
  }

  /** The query parameter names a resource method declares, directly or through bean params. */
  static SortedSet<String> declared(Method method) {
    SortedSet<String> names = new TreeSet<>();
    Annotation[][] annotations = method.getParameterAnnotations();
    for (int i = 0; i < annotations.length; i++) {
      for (Annotation a : annotations[i]) {
        if (a instanceof QueryParam q) {
          names.add(q.value());
        } else if (a instanceof RestQuery q) {
          names.add(q.value().isEmpty() ? method.getParameters()[i].getName() : q.value());
        } else if (a instanceof BeanParam) {
          beanFields(method.getParameterTypes()[i], names);
        }
      }
    }
    // sorted, so that the 400's list of what the endpoint takes reads the same on every run
    return Collections.unmodifiableSortedSet(names);
  }

  private static void beanFields(Class<?> type, Set<String> names) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        QueryParam q = f.getAnnotation(QueryParam.class);
        if (q != null) {
          names.add(q.value());
        } else if (f.getAnnotation(BeanParam.class) != null) {
          beanFields(f.getType(), names);
        }
      }
    }
  }
}
