package io.sentinel.ingest.protocol.push;

import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.ingest.auth.AgentIdentity;
import io.sentinel.ingest.config.IngestConfig;
import io.sentinel.ingest.problem.RejectReason;
import io.sentinel.ingest.problem.RejectedException;
import io.sentinel.ingest.protocol.DecodedBatch;
import io.sentinel.ingest.protocol.Decoder;
import io.sentinel.ingest.validation.IncomingSample;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes a heartbeat push into {@value Heartbeats#UP} (or {@value Heartbeats#ERROR}) and {@value
 * Heartbeats#PING} samples of one monitor: the one the token is bound to in the tokens file, else
 * the {@code monitor} parameter. The reported status and the message go in record headers.
 */
@ApplicationScoped
public class PushDecoder implements Decoder<PushRequest> {
  private final IngestConfig config;
  private final AgentIdentity agent;

  public PushDecoder(IngestConfig config, AgentIdentity agent) {
    this.config = config;
    this.agent = agent;
  }

  /** What a check reports. */
  enum Reported {
    UP,
    DOWN,
    ERROR;

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A push that cannot be read: 400 in Uptime Kuma's form.
   *
   * @param monitor the monitor it is about, when known (its data was rejected: status Errors)
   */
  public static final class InvalidPush extends RejectedException {
    private final String monitor;

    InvalidPush(String monitor, String detail) {
      super(ProblemDetail.of("invalid-push", "Invalid push", 400, detail), RejectReason.MALFORMED);
      this.monitor = monitor;
    }

    /** The monitor of the push, null when unknown. */
    public String monitor() {
      return monitor;
    }
  }

  /**
   * Decodes {@code push}.
   *
   * @throws InvalidPush for an unknown status, a ping that is not a number, or no monitor
   */
  @Override
  public DecodedBatch decode(PushRequest push) {
    String monitor = monitor(push.monitor);
    Reported reported = reported(monitor, push.status);
    List<IncomingSample> samples = new ArrayList<>(2);
    Map<String, String> labels = Map.of("source", Heartbeats.SOURCE);
    samples.add(
        reported == Reported.ERROR
            ? new IncomingSample("status", monitor, Heartbeats.ERROR, labels, null, 1.0, null)
            : new IncomingSample(
                "status",
                monitor,
                Heartbeats.UP,
                labels,
                null,
                reported == Reported.UP ? 1.0 : 0.0,
                null));
    Double pingMs = ping(monitor, push.ping);
    if (pingMs != null) {
      samples.add(new IncomingSample("ping", monitor, Heartbeats.PING, labels, null, pingMs, null));
    }
    String message = push.msg == null ? (reported == Reported.UP ? "OK" : "") : push.msg;
    int max = config.maxLabelValueLength();
    if (message.length() > max) {
      message = message.substring(0, max);
    }
    return new DecodedBatch(
        samples,
        List.of(),
        null,
        0,
        Map.of(Heartbeats.STATUS_HEADER, reported.wire(), Heartbeats.MESSAGE_HEADER, message));
  }

  private String monitor(String param) {
    String bound = agent.token().monitor();
    if (bound != null) {
      if (param != null && !param.isBlank() && !param.equals(bound)) {
        throw new InvalidPush(
            bound,
            "This push token is bound to monitor '" + bound + "'; drop the monitor parameter.");
      }
      return bound;
    }
    if (param == null || param.isBlank()) {
      throw new InvalidPush(
          null,
          "This push token is bound to no monitor: bind it in the tokens file ('token tenant"
              + " monitor') or add ?monitor=<id>.");
    }
    return param;
  }

  private static Reported reported(String monitor, String status) {
    if (status == null || status.isBlank()) {
      return Reported.UP; // Uptime Kuma's default
    }
    return switch (status.strip().toLowerCase(Locale.ROOT)) {
      case "up", "1" -> Reported.UP;
      case "down", "0" -> Reported.DOWN;
      case "error" -> Reported.ERROR;
      default ->
          throw new InvalidPush(
              monitor, "status must be 'up', 'down' or 'error', got '" + abbreviate(status) + "'");
    };
  }

  private static Double ping(String monitor, String ping) {
    if (ping == null || ping.isBlank()) {
      return null;
    }
    try {
      // a non-finite ping is refused by the validator with the other limits
      return Double.parseDouble(ping.strip());
    } catch (NumberFormatException e) {
      throw new InvalidPush(
          monitor, "ping must be a number of milliseconds, got '" + abbreviate(ping) + "'");
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
