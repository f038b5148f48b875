package io.sentinel.detector.topology;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.sentinel.contract.Json;
import io.sentinel.contract.Tenants;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the detector remembers of a monitor, for outage and errors detection. Stored in the monitors
 * store (changelog-backed) in the stores' binary convention ({@link StateBytes}; the JSON that
 * earlier versions wrote is still read), so it survives restarts and moves with its partition.
 *
 * <p>Times are input times: the timestamps of the input records (when ingest published them), on
 * the clock of {@link MonitorLiveness}, not the moment this detector happened to process them, so
 * that a detector catching up on a backlog does not read its own delay as silence.
 *
 * @param tenant the monitor's tenant ({@link Tenants#DEFAULT} for state written before tenants)
 * @param monitor the monitor name within its tenant
 * @param lastSeenWall input time of its latest accepted sample (or check reporting up); {@link
 *     #NEVER} while only rejection facts have been seen (its liveness is not watched yet)
 * @param lastSampleTs the latest sample timestamp (event time) seen from it
 * @param intervalMs its learned expected interval between sample timestamps, 0 until known
 * @param outageId id of the open outage's outage_started event, null when none is open
 * @param outageSinceWall input time at which the open outage was declared, 0 when none
 * @param rejections the current streak of rejected data, null when there is none
 */
public record MonitorState(
    String tenant,
    String monitor,
    long lastSeenWall,
    long lastSampleTs,
    double intervalMs,
    String outageId,
    long outageSinceWall,
    Rejections rejections) {

  public MonitorState {
    tenant = Tenants.orDefault(tenant);
  }

  /** The store key and detector identity of the monitor: {@link Tenants#key}. */
  @JsonIgnore
  String key() {
    return Tenants.key(tenant, monitor);
  }

  /** {@link #lastSeenWall} of a monitor known only from rejection facts. */
  public static final long NEVER = -1;

  /** Version 2 adds the tenant; version 1 (no tenant) is read as the default tenant. */
  private static final byte VERSION = 2;

  private static final byte VERSION_WITHOUT_TENANT = 1;

  /** The monitors store's serde: binary, reading the JSON of earlier versions too. */
  static Serde<MonitorState> serde() {
    Serializer<MonitorState> ser = (topic, m) -> m == null ? null : m.encode();
    Deserializer<MonitorState> de = (topic, bytes) -> bytes == null ? null : decode(bytes);
    return Serdes.serdeFrom(ser, de);
  }

  byte[] encode() {
    try (StateBytes.Writer out = new StateBytes.Writer(96)) {
      DataOutputStream o = out.data();
      o.writeByte(VERSION);
      o.writeUTF(tenant);
      o.writeUTF(monitor);
      o.writeLong(lastSeenWall);
      o.writeLong(lastSampleTs);
      o.writeDouble(intervalMs);
      out.writeNullableUtf(outageId);
      o.writeLong(outageSinceWall);
      o.writeBoolean(rejections != null);
      if (rejections != null) {
        o.writeLong(rejections.sinceWall());
        o.writeLong(rejections.lastWall());
        out.writeVarLong(rejections.requests());
        out.writeVarLong(rejections.samples());
        out.writeNullableUtf(rejections.reason());
        out.writeNullableUtf(rejections.protocol());
        out.writeNullableUtf(rejections.errorsId());
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static MonitorState decode(byte[] bytes) {
    if (bytes.length > 0 && bytes[0] == '{') {
      return Json.read(bytes, MonitorState.class); // written by an earlier version
    }
    try (StateBytes.Reader r = new StateBytes.Reader(bytes)) {
      DataInputStream in = r.data();
      byte version = in.readByte();
      if (version != VERSION && version != VERSION_WITHOUT_TENANT) {
        throw new IllegalStateException("unknown monitor state version " + version);
      }
      String tenant = version == VERSION ? in.readUTF() : Tenants.DEFAULT;
      String monitor = in.readUTF();
      long lastSeen = in.readLong();
      long lastSampleTs = in.readLong();
      double interval = in.readDouble();
      String outageId = r.readNullableUtf();
      long outageSince = in.readLong();
      Rejections rejections = null;
      if (in.readBoolean()) {
        rejections =
            new Rejections(
                in.readLong(),
                in.readLong(),
                (int) r.readVarLong(),
                r.readVarLong(),
                r.readNullableUtf(),
                r.readNullableUtf(),
                r.readNullableUtf());
      }
      return new MonitorState(
          tenant, monitor, lastSeen, lastSampleTs, interval, outageId, outageSince, rejections);
    } catch (IOException e) {
      throw new IllegalStateException("corrupt monitor state", e);
    }
  }

  /** A monitor first known from a rejection fact: not watched for silence until it sends data. */
  static MonitorState rejectedOnly(String tenant, String monitor) {
    return new MonitorState(tenant, monitor, NEVER, Long.MIN_VALUE, 0, null, 0, null);
  }

  boolean inOutage() {
    return outageId != null;
  }

  /** Whether an accepted sample was ever seen, i.e. whether silence means an outage. */
  boolean live() {
    return lastSeenWall != NEVER;
  }

  boolean inErrors() {
    return rejections != null && rejections.errorsId() != null;
  }

  /** The silence (ms) after which this monitor is considered down. */
  long silenceLimitMs(TopologySettings s) {
    double interval = intervalMs > 0 ? intervalMs : s.defaultIntervalMs();
    return Math.max(s.minSilenceMs(), Math.round(s.missedIntervals() * interval));
  }

  /** An accepted sample was processed at {@code wall}: alive, no outage. */
  MonitorState seen(long wall, long sampleTs, double interval) {
    return new MonitorState(tenant, monitor, wall, sampleTs, interval, null, 0, rejections);
  }

  MonitorState withOutage(String id, long sinceWall) {
    return new MonitorState(
        tenant, monitor, lastSeenWall, lastSampleTs, intervalMs, id, sinceWall, rejections);
  }

  MonitorState withRejections(Rejections r) {
    return new MonitorState(
        tenant, monitor, lastSeenWall, lastSampleTs, intervalMs, outageId, outageSinceWall, r);
  }

  /**
   * A streak of rejected data: rejection facts less than the quiet period apart.
   *
   * @param sinceWall input time of the streak's first rejection
   * @param lastWall input time of its latest rejection
   * @param requests rejection facts in the streak (one per request and reason)
   * @param samples samples rejected in the streak
   * @param reason the latest rejection's reason tag, e.g. {@code timestamp_too_old}
   * @param protocol the protocol of the latest rejected request, e.g. {@code influx}
   * @param errorsId id of the open errors_started event, null while the streak is below the limit
   */
  public record Rejections(
      long sinceWall,
      long lastWall,
      int requests,
      long samples,
      String reason,
      String protocol,
      String errorsId) {

    static Rejections first(long wall, long samples, String reason, String protocol) {
      return new Rejections(wall, wall, 1, samples, reason, protocol, null);
    }

    Rejections plus(long wall, long more, String reason, String protocol) {
      return new Rejections(
          sinceWall, wall, requests + 1, samples + more, reason, protocol, errorsId);
    }

    Rejections opened(String id) {
      return new Rejections(sinceWall, lastWall, requests, samples, reason, protocol, id);
    }
  }
}
