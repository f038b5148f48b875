package io.sentinel.ingest.problem;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.Code;
import com.google.rpc.Status;
import io.sentinel.contract.Json;
import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.ingest.protocol.Protocol;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link ProblemDetail} in the error form each agent protocol expects. */
public final class ProtocolErrors {
  /** OTLP/HTTP's binary content type. */
  public static final String PROTOBUF = "application/x-protobuf";

  private ProtocolErrors() {}

  /** One message: the detail, then each field error as {@code where: what}. */
  public static String text(ProblemDetail problem) {
    StringBuilder text = new StringBuilder(problem.detail() == null ? "" : problem.detail());
    for (ProblemDetail.ErrorEntry e : problem.errors()) {
      text.append("\n").append(e.where()).append(": ").append(e.detail());
    }
    return text.toString();
  }

  /**
   * InfluxDB's error bodies: v1 {@code {"error":...}} with the {@code X-Influxdb-Error} header, v2
   * {@code {"code":...,"message":...}}.
   */
  static Response.ResponseBuilder influx(Protocol protocol, ProblemDetail problem) {
    String message = text(problem).replace('\n', ' ');
    Map<String, Object> body = new LinkedHashMap<>();
    if (protocol == Protocol.INFLUX_V1) {
      body.put("error", message);
    } else {
      body.put("code", influxCode(problem.status()));
      body.put("message", message);
    }
    return Response.status(problem.status())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .header("X-Influxdb-Error", truncate(message, 512))
        .entity(Json.write(body));
  }

  private static String influxCode(int status) {
    return switch (status) {
      case 400, 415 -> "invalid";
      case 401 -> "unauthorized";
      case 404 -> "not found";
      case 405 -> "method not allowed";
      case 413 -> "request too large";
      case 503 -> "unavailable";
      default -> status >= 500 ? "internal error" : "invalid";
    };
  }

  /**
   * OTLP/HTTP: a {@code google.rpc.Status}, binary or JSON like the request (the spec answers in
   * the request's encoding).
   */
  static Response.ResponseBuilder otlp(ProblemDetail problem, MediaType requestType) {
    Status status =
        Status.newBuilder()
            .setCode(grpcCode(problem.status()).getNumber())
            .setMessage(text(problem))
            .build();
    Response.ResponseBuilder builder = Response.status(problem.status());
    if (requestType != null
        && PROTOBUF.equalsIgnoreCase(requestType.getType() + "/" + requestType.getSubtype())) {
      return builder.type(PROTOBUF).entity(status.toByteArray());
    }
    try {
      return builder
          .type(MediaType.APPLICATION_JSON_TYPE)
          .entity(JsonFormat.printer().print(status));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Code grpcCode(int status) {
    return switch (status) {
      case 400, 413, 415 -> Code.INVALID_ARGUMENT;
      case 401 -> Code.UNAUTHENTICATED;
      case 403 -> Code.PERMISSION_DENIED;
      case 404 -> Code.NOT_FOUND;
      case 405 -> Code.UNIMPLEMENTED;
      case 429 -> Code.RESOURCE_EXHAUSTED;
      case 503 -> Code.UNAVAILABLE;
      default -> status >= 500 ? Code.INTERNAL : Code.UNKNOWN;
    };
  }

  /** Uptime Kuma's push answer: {@code {"ok":false,"msg":...}}. */
  static Response.ResponseBuilder push(ProblemDetail problem) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ok", false);
    body.put("msg", text(problem).replace('\n', ' '));
    return Response.status(problem.status())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(Json.write(body));
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
