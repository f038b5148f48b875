package io.sentinel.ingest.protocol;

/**
 * The ingest protocols, by path: each answers errors in its own form (see {@link
 * io.sentinel.ingest.problem.ProblemMappers}) and tags its counters with {@link #tag()}.
 */
public enum Protocol {
  JSON("json"),
  REMOTE_WRITE("remote_write"),
  INFLUX_V1("influx"),
  INFLUX_V2("influx"),
  OTLP("otlp"),
  PUSH("push");

  /** The JSON batch path. */
  public static final String JSON_PATH = "/api/v1/samples";

  /** Prometheus remote_write path. */
  public static final String REMOTE_WRITE_PATH = "/api/v1/write";

  /** InfluxDB 1.x write path. */
  public static final String INFLUX_V1_PATH = "/write";

  /** InfluxDB 1.x query path: only the start-up statements of Telegraf and the influx CLI. */
  public static final String INFLUX_QUERY_PATH = "/query";

  /** InfluxDB 1.x ping path; open, as InfluxDB's is. */
  public static final String INFLUX_PING_PATH = "/ping";

  /** InfluxDB 2.x write path. */
  public static final String INFLUX_V2_PATH = "/api/v2/write";

  /** OTLP/HTTP metrics path. */
  public static final String OTLP_PATH = "/v1/metrics";

  /** Heartbeat push path, followed by the token. */
  public static final String PUSH_PATH_PREFIX = "/api/push/";

  private final String tag;

  Protocol(String tag) {
    this.tag = tag;
  }

  /** The {@code protocol} tag of the counters. */
  public String tag() {
    return tag;
  }

  /**
   * {@code path} fit for a log line: the token of a heartbeat push path is a secret and is masked.
   */
  public static String loggable(String path) {
    return path != null && path.startsWith(PUSH_PATH_PREFIX) ? PUSH_PATH_PREFIX + "***" : path;
  }

  /** The protocol served at {@code path}; JSON (problem+json errors) for anything else. */
  public static Protocol of(String path) {
    if (path == null) {
      return JSON;
    }
    if (path.equals(REMOTE_WRITE_PATH)) {
      return REMOTE_WRITE;
    }
    if (path.equals(INFLUX_V1_PATH) || path.equals(INFLUX_QUERY_PATH)) {
      return INFLUX_V1;
    }
    if (path.equals(INFLUX_V2_PATH)) {
      return INFLUX_V2;
    }
    if (path.equals(OTLP_PATH)) {
      return OTLP;
    }
    if (path.startsWith(PUSH_PATH_PREFIX)) {
      return PUSH;
    }
    return JSON;
  }

  /**
   * Whether a request to {@code path} must carry an agent token: every request this service's REST
   * resources could answer, including paths no resource serves (so that a variant of a path, such
   * as a trailing slash, is never served without a token), except {@link #INFLUX_PING_PATH}. The
   * token is checked before the request is matched to a resource, so a request without one is
   * answered 401 whatever its method or content type.
   */
  public static boolean authenticated(String path) {
    return !INFLUX_PING_PATH.equals(path);
  }

  /** The challenge of a 401 answer on this protocol's path. */
  public String challenge() {
    return switch (this) {
      case INFLUX_V1, INFLUX_V2 -> "Token realm=\"sentinel-ingest\"";
      case REMOTE_WRITE -> "Basic realm=\"sentinel-ingest\", Bearer realm=\"sentinel-ingest\"";
      default -> "Bearer realm=\"sentinel-ingest\"";
    };
  }
}
