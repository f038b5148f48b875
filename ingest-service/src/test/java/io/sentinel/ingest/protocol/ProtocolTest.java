package io.sentinel.ingest.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProtocolTest {

  @Test
  void eachAgentPathIsItsProtocolAndAnythingElseIsJson() {
    assertThat(Protocol.of("/api/v1/write")).isEqualTo(Protocol.REMOTE_WRITE);
    assertThat(Protocol.of("/write")).isEqualTo(Protocol.INFLUX_V1);
    assertThat(Protocol.of("/api/v2/write")).isEqualTo(Protocol.INFLUX_V2);
    assertThat(Protocol.of("/v1/metrics")).isEqualTo(Protocol.OTLP);
    assertThat(Protocol.of("/api/push/abc")).isEqualTo(Protocol.PUSH);
    assertThat(Protocol.of("/api/v1/samples")).isEqualTo(Protocol.JSON);
    assertThat(Protocol.of(null)).isEqualTo(Protocol.JSON);
  }

  @Test
  void theTokenOfAPushPathNeverReachesALogLine() {
    assertThat(Protocol.loggable("/api/push/s3cr3t-token"))
        .isEqualTo("/api/push/***")
        .doesNotContain("s3cr3t");
    assertThat(Protocol.loggable("/api/v1/write")).isEqualTo("/api/v1/write");
    assertThat(Protocol.loggable(null)).isNull();
  }
}
