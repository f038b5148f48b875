package io.sentinel.query.security;

import io.sentinel.contract.problem.ProblemDetail;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Applies {@link AccessRules} to every REST operation. It runs after routing, so a path that
 * matches no operation still answers 404; an operation answers 401 without a valid credential and
 * 403 when the caller's role is too small (both problem+json), and is refused to everyone when the
 * table has no rule for it. Credentials: {@code Authorization: Bearer <API key>} (or the bootstrap
 * key from configuration), or the session cookie set by {@code POST /api/session}.
 */
public class AccessFilter {
  private static final Logger LOG = Logger.getLogger(AccessFilter.class);
  private static final Map<Method, String> TEMPLATES = new ConcurrentHashMap<>();

  /** Operations a user who must still change the password may call. */
  private static final List<String> PASSWORD_CHANGE_ALLOWED =
      List.of(
          "GET /api/session",
          "POST /api/session/password",
          "DELETE /api/session",
          "POST /api/session");

  @Inject Authenticator authenticator;
  @Inject CurrentCaller current;
  @Inject TenantScope scope;

  /** The path template of a resource method, as the OpenAPI document writes it. */
  static String template(Class<?> type, Method method) {
    return TEMPLATES.computeIfAbsent(
        method,
        m -> {
          Path onClass = type.getAnnotation(Path.class);
          Path onMethod = m.getAnnotation(Path.class);
          String joined =
              "/"
                  + (onClass == null ? "" : strip(onClass.value()))
                  + (onMethod == null ? "" : "/" + strip(onMethod.value()));
          joined = joined.replaceAll("/+", "/");
          if (joined.length() > 1 && joined.endsWith("/")) {
            joined = joined.substring(0, joined.length() - 1);
          }
          // {name: regex} -> {name}
          return joined.replaceAll("\\{\\s*([^}:\\s]+)\\s*:[^}]*}", "{$1}");
        });
  }

  private static String strip(String p) {
    String s = p.trim();
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    return s;
  }

  @ServerRequestFilter
  public Uni<Response> check(
      ContainerRequestContext request, ResourceInfo resource, HttpServerRequest http) {
    if (resource == null || resource.getResourceMethod() == null) {
      return null;
    }
    String method = request.getMethod();
    String template = template(resource.getResourceClass(), resource.getResourceMethod());
    String operation = method + " " + template;
    Optional<AccessRules.Need> need = AccessRules.of(method, template);
    if (need.isEmpty()) {
      LOG.errorf("no access rule for %s: refused (add one line to AccessRules)", operation);
      return Uni.createFrom()
          .item(
              problem(
                  403,
                  "forbidden",
                  "Forbidden",
                  operation + " has no access rule; it is refused to everyone",
                  request));
    }
    return authenticator
        .authenticate(http)
        .map(
            caller -> {
              if (caller != null) {
                current.set(caller);
              }
              if (need.get().isPublic()) {
                return null;
              }
              if (caller == null) {
                return problem(
                    401,
                    "unauthenticated",
                    "Unauthorized",
                    "sign in (POST /api/session) or send Authorization: Bearer <API key>",
                    request);
              }
              if (Authenticator.mustChangePassword(caller)
                  && !PASSWORD_CHANGE_ALLOWED.contains(operation)) {
                return problem(
                    403,
                    "password-change-required",
                    "Forbidden",
                    "this password was set for one use: choose a new one (POST"
                        + " /api/session/password) first",
                    request);
              }
              if (!caller.role().includes(need.get().role())) {
                return problem(
                    403,
                    "forbidden",
                    "Forbidden",
                    operation
                        + " needs role "
                        + need.get().role().wire()
                        + "; "
                        + caller.name()
                        + " has role "
                        + caller.role().wire(),
                    request);
              }
              String tenant = request.getHeaderString(TenantScope.HEADER);
              if (tenant != null && !tenant.isBlank()) {
                if (!TenantScope.belongs(caller, tenant.trim())) {
                  return problem(
                      403,
                      "forbidden-tenant",
                      "Forbidden",
                      caller.name() + " does not belong to tenant " + tenant.trim(),
                      request);
                }
                scope.narrow(tenant.trim());
              }
              return null;
            });
  }

  private static Response problem(
      int status, String slug, String title, String detail, ContainerRequestContext request) {
    Response.ResponseBuilder r =
        Response.status(status)
            .type(ProblemDetail.MEDIA_TYPE)
            .entity(
                ProblemDetail.of(slug, title, status, detail)
                    .withInstance(request.getUriInfo().getPath()));
    if (status == 401) {
      r.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sentinel\"");
    }
    return r.build();
  }
}
