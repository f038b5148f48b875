package io.sentinel.ingest.protocol.push;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/**
 * The parameters of a heartbeat push, the same for GET and POST (Uptime Kuma sends them in the
 * query either way).
 */
public class PushRequest {
  /** The push token of the path (checked by {@link io.sentinel.ingest.auth.AuthFilter}). */
  @PathParam(PushResource.TOKEN_PARAM)
  public String token;

  /** {@code up} (default), {@code down} or {@code error}; also {@code 1} and {@code 0}. */
  @QueryParam("status")
  public String status;

  /** The check's message. */
  @QueryParam("msg")
  public String msg;

  /** Response time in milliseconds. */
  @QueryParam("ping")
  public String ping;

  /** The monitor, when the token is bound to none. */
  @QueryParam("monitor")
  public String monitor;

  /** The request of these values (tests, the decoder's callers outside HTTP). */
  public static PushRequest of(String status, String msg, String ping, String monitor) {
    PushRequest request = new PushRequest();
    request.status = status;
    request.msg = msg;
    request.ping = ping;
    request.monitor = monitor;
    return request;
  }
}
