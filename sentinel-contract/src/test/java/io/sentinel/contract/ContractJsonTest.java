package io.sentinel.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ContractJsonTest {

  @Test
  void sampleRoundTripsThroughJson() {
    Sample s = new Sample("web-1", "cpu", Map.of("core", "0"), 1_700_000_000_000L, 0.5);
    assertThat(Json.read(Json.write(s), Sample.class)).isEqualTo(s);
  }

  @Test
  void aSampleWithoutTimestampOrValueOrWithANullOneIsNotReadAsZero() {
    for (String json :
        new String[] {
          "{\"monitor\":\"m\",\"metric\":\"cpu\",\"value\":1}",
          "{\"monitor\":\"m\",\"metric\":\"cpu\",\"timestamp\":1}",
          "{\"monitor\":\"m\",\"metric\":\"cpu\",\"timestamp\":1,\"value\":null}"
        }) {
      assertThatThrownBy(() -> Json.read(json.getBytes(), Sample.class))
          .as(json)
          .isInstanceOf(SerializationException.class);
    }
  }

  @Test
  void seriesIdSortsLabelsSoOrderDoesNotMatter() {
    String a = Sample.seriesId("m", "cpu", Map.of("b", "2", "a", "1"));
    assertThat(a).isEqualTo("m/cpu{a=1,b=2}");
    assertThat(Sample.seriesId("m", "cpu", Map.of())).isEqualTo("m/cpu");
  }

  @Test
  void eventTypesAndSeveritiesUseLowerCaseOnTheWire() {
    MonitorEvent e =
        new MonitorEvent(
            "id-1",
            EventType.OUTAGE_STARTED,
            "m",
            null,
            null,
            5L,
            null,
            Severity.CRITICAL,
            null,
            null,
            null,
            "down",
            null);
    String json = new String(Json.write(e));
    assertThat(json).contains("\"type\":\"outage_started\"").contains("\"severity\":\"critical\"");
    assertThat(json).doesNotContain("metric");
    assertThat(Json.read(json.getBytes(), MonitorEvent.class)).isEqualTo(e);
  }

  @Test
  void undecodableBytesRaiseASerializationException() {
    assertThatThrownBy(() -> Json.read("{not json".getBytes(), Sample.class))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Sample");
  }
}
