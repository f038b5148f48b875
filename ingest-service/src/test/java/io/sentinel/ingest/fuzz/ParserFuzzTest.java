package io.sentinel.ingest.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sentinel.contract.problem.ProblemException;
import io.sentinel.ingest.TestIngestConfig;
import io.sentinel.ingest.limits.BodyReader;
import io.sentinel.ingest.protocol.influx.LineProtocolDecoder;
import io.sentinel.ingest.protocol.json.JsonSampleDecoder;
import io.sentinel.ingest.protocol.otlp.OtlpDecoder;
import io.sentinel.ingest.protocol.remotewrite.RemoteWriteDecoder;
import io.sentinel.ingest.validation.SampleValidator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;

/**
 * Fuzz targets of every body parser: whatever the bytes, a parser either returns samples (which the
 * validator then judges) or refuses with a {@link ProblemException}; any other exception is a bug.
 * {@code mvn verify} replays the kept corpus ({@code src/test/resources/.../
 * ParserFuzzTestInputs/<target>/}) in regression mode; {@code JAZZER_FUZZ=1 mvn -pl ingest-service
 * test -Dtest=ParserFuzzTest} fuzzes and adds findings there.
 */
class ParserFuzzTest {
  private static final TestIngestConfig CONFIG = TestIngestConfig.defaults();
  private static final LineProtocolDecoder LINES = new LineProtocolDecoder(CONFIG);
  private static final RemoteWriteDecoder REMOTE_WRITE = new RemoteWriteDecoder(CONFIG);
  private static final OtlpDecoder OTLP = new OtlpDecoder(CONFIG);
  private static final JsonSampleDecoder JSON = new JsonSampleDecoder(CONFIG);
  private static final SampleValidator VALIDATOR = new SampleValidator(CONFIG);
  private static final BodyReader BODIES = new BodyReader(CONFIG);

  @FuzzTest(maxDuration = "30s")
  void lineProtocol(byte[] body) {
    try {
      var decoded =
          LINES.decode(
              new LineProtocolDecoder.Body(body, LineProtocolDecoder.Precision.NANOSECONDS));
      VALIDATOR.validate(decoded.samples(), "fuzz", Instant.now());
    } catch (ProblemException expected) {
      // refused with a clear answer
    }
  }

  @FuzzTest(maxDuration = "30s")
  void remoteWrite(byte[] snappy) {
    try {
      var decoded = REMOTE_WRITE.decode(BODIES.unsnappy(snappy));
      VALIDATOR.validate(decoded.samples(), "fuzz", Instant.now());
    } catch (ProblemException expected) {
      // refused with a clear answer
    }
  }

  @FuzzTest(maxDuration = "30s")
  void otlpProtobuf(byte[] body) {
    try {
      var decoded = OTLP.decode(new OtlpDecoder.Body(body, false));
      VALIDATOR.validate(decoded.samples(), "fuzz", Instant.now());
    } catch (ProblemException expected) {
      // refused with a clear answer
    }
  }

  @FuzzTest(maxDuration = "30s")
  void otlpJson(byte[] body) {
    try {
      var decoded = OTLP.decode(new OtlpDecoder.Body(body, true));
      VALIDATOR.validate(decoded.samples(), "fuzz", Instant.now());
    } catch (ProblemException expected) {
      // refused with a clear answer
    }
  }

  @FuzzTest(maxDuration = "30s")
  void jsonBatch(byte[] body) throws IOException {
    try {
      VALIDATOR.validate(JSON.decode(body).samples(), "fuzz", Instant.now());
    } catch (ProblemException expected) {
      // refused with a clear answer
    }
  }

  @FuzzTest(maxDuration = "30s")
  void gzipBody(byte[] body) {
    try {
      BODIES.read(new ByteArrayInputStream(body), null, "gzip");
    } catch (ProblemException expected) {
      // refused with a clear answer
    }
  }
}
