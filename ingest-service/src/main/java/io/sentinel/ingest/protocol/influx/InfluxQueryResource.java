package io.sentinel.ingest.protocol.influx;

import io.sentinel.contract.Json;
import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.contract.problem.ProblemException;
import io.sentinel.ingest.auth.AgentAuthSchemes;
import io.sentinel.ingest.auth.AgentIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What Telegraf's {@code outputs.influxdb} and the influx 1.x CLI ask on start-up, answered as an
 * InfluxDB 1.x answers for a write-only endpoint: {@code GET /ping} 204; {@code /query} (GET or
 * POST, {@code q} in the query string or a form body) takes {@code CREATE DATABASE} (200, nothing
 * to create: samples go to Kafka) and {@code SHOW DATABASES} (200, the tenant's name as the one
 * database); any other statement is a 400 {@code {"error":...}} saying the endpoint is write-only.
 */
@Path("/")
@Tag(name = "agents", description = "Protocols of existing monitoring agents")
public class InfluxQueryResource {
  /** The version /ping reports (the 1.x API this service speaks). */
  public static final String VERSION = "1.8.10";

  private static final Pattern CREATE_DATABASE = Pattern.compile("(?is)CREATE\\s+DATABASE(\\s.*)?");
  private static final Pattern SHOW_DATABASES = Pattern.compile("(?is)SHOW\\s+DATABASES\\s*");

  private final AgentIdentity agent;

  public InfluxQueryResource(AgentIdentity agent) {
    this.agent = agent;
  }

  @GET
  @Path("ping")
  @Operation(summary = "InfluxDB 1.x ping: 204, no token needed")
  @APIResponse(responseCode = "204", description = "Up")
  public Response ping() {
    return pong();
  }

  @HEAD
  @Path("ping")
  public Response pingHead() {
    return pong();
  }

  @GET
  @Path("query")
  @SecurityRequirement(name = AgentAuthSchemes.BASIC)
  @SecurityRequirement(name = AgentAuthSchemes.BEARER)
  @Operation(
      summary = "InfluxDB 1.x query: only the start-up statements of agents",
      description =
          "CREATE DATABASE answers 200 (nothing to create), SHOW DATABASES lists the tenant;"
              + " any other statement is 400: this endpoint is write-only.")
  @APIResponse(responseCode = "200", description = "CREATE DATABASE or SHOW DATABASES")
  @APIResponse(responseCode = "400", description = "Any other statement: write-only")
  public Response queryGet(@QueryParam("q") String q) {
    return query(q);
  }

  @POST
  @Path("query")
  @SecurityRequirement(name = AgentAuthSchemes.BASIC)
  @SecurityRequirement(name = AgentAuthSchemes.BEARER)
  @Operation(summary = "InfluxDB 1.x query (POST, q in the query string or a form body)")
  @APIResponse(responseCode = "200", description = "CREATE DATABASE or SHOW DATABASES")
  @APIResponse(responseCode = "400", description = "Any other statement: write-only")
  public Response queryPost(
      @QueryParam("q") String q,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      byte[] body) {
    return query(q != null ? q : formParameter(contentType, body, "q"));
  }

  private static Response pong() {
    return Response.noContent()
        .header("X-Influxdb-Version", VERSION)
        .header("X-Influxdb-Build", "OSS")
        .build();
  }

  private Response query(String q) {
    if (q == null || q.isBlank()) {
      throw writeOnly("missing required parameter \"q\"");
    }
    List<Object> results = new ArrayList<>();
    for (String statement : statements(q)) {
      Map<String, Object> result;
      if (CREATE_DATABASE.matcher(statement).matches()) {
        result = Map.of("statement_id", results.size());
      } else if (SHOW_DATABASES.matcher(statement).matches()) {
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("name", "databases");
        series.put("columns", List.of("name"));
        series.put("values", List.of(List.of(agent.tenant())));
        result = new LinkedHashMap<>(Map.of("statement_id", results.size()));
        result.put("series", List.of(series));
      } else {
        throw writeOnly(
            "this endpoint is write-only: Sentinel ingest stores no data to query; only CREATE"
                + " DATABASE and SHOW DATABASES are answered (got '"
                + abbreviate(statement)
                + "')");
      }
      results.add(result);
    }
    return Response.ok(Json.write(Map.of("results", results)), MediaType.APPLICATION_JSON_TYPE)
        .header("X-Influxdb-Version", VERSION)
        .build();
  }

  /** The statements of {@code q}, split at semicolons outside quotes. */
  static List<String> statements(String q) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    for (char c : q.toCharArray()) {
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == ';') {
        add(statements, current);
        continue;
      }
      current.append(c);
    }
    add(statements, current);
    return statements;
  }

  private static void add(List<String> statements, StringBuilder current) {
    String statement = current.toString().strip();
    if (!statement.isEmpty()) {
      statements.add(statement);
    }
    current.setLength(0);
  }

  private static String formParameter(String contentType, byte[] body, String name) {
    if (contentType == null || body == null || !form(contentType)) {
      return null;
    }
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (key.equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static boolean form(String contentType) {
    try {
      return MediaType.valueOf(contentType)
          .isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** InfluxDB's {@code {"error":...}} 400, by the influx v1 error form of this path. */
  private static ProblemException writeOnly(String detail) {
    return new ProblemException(ProblemDetail.of("write-only", "Write-only endpoint", 400, detail));
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
