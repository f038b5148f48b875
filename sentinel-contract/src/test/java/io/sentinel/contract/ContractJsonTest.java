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
            null,
            Tenants.DEFAULT);
    String json = new String(Json.write(e));
    assertThat(json).contains("\"type\":\"outage_started\"").contains("\"severity\":\"critical\"");
    assertThat(json).doesNotContain("metric");
    assertThat(Json.read(json.getBytes(), MonitorEvent.class)).isEqualTo(e);
  }

  @Test
  void aSampleWithoutTenantBelongsToItsTenantLabelElseToTheDefaultTenant() {
    Sample old =
        Json.read(
            "{\"monitor\":\"m\",\"metric\":\"cpu\",\"timestamp\":1,\"value\":1}".getBytes(),
            Sample.class);
    assertThat(old.tenant()).isEqualTo(Tenants.DEFAULT);
    assertThat(old.key()).isEqualTo("m");
    Sample labelled =
        Json.read(
            ("{\"monitor\":\"m\",\"metric\":\"cpu\",\"labels\":{\"tenant\":\"acme\"},"
                    + "\"timestamp\":1,\"value\":1}")
                .getBytes(),
            Sample.class);
    assertThat(labelled.tenant()).isEqualTo("acme");
    assertThat(labelled.key()).isEqualTo("acme/m");
  }

  @Test
  void theSameMonitorInTwoTenantsHasTwoKeysAndTwoSeries() {
    Sample a = new Sample("web-1", "cpu", Map.of(), 1, 1, "a");
    Sample b = new Sample("web-1", "cpu", Map.of(), 1, 1, "b");
    assertThat(a.key()).isEqualTo("a/web-1");
    assertThat(b.key()).isEqualTo("b/web-1");
    assertThat(a.seriesId()).isEqualTo("web-1/cpu{tenant=a}").isNotEqualTo(b.seriesId());
    assertThat(Json.read(Json.write(a), Sample.class)).isEqualTo(a);
  }

  @Test
  void eventsAndRollupsWithoutTenantBelongToTheDefaultTenant() {
    MonitorEvent e =
        Json.read(
            "{\"id\":\"1\",\"type\":\"monitor_discovered\",\"monitor\":\"m\",\"time\":5}"
                .getBytes(),
            MonitorEvent.class);
    assertThat(e.tenant()).isEqualTo(Tenants.DEFAULT);
    MonitorEvent acme = e.inTenant("acme");
    assertThat(Json.read(Json.write(acme), MonitorEvent.class)).isEqualTo(acme);
    assertThat(acme.key()).isEqualTo("acme/m");
    Rollup r =
        new Rollup(
            "m/cpu", "m", "cpu", Map.of(), 0, 1, 1, 1, 1, 1, 0, null, null, 0, Tenants.DEFAULT);
    assertThat(r.tenant()).isEqualTo(Tenants.DEFAULT);
    assertThat(Json.read(Json.write(r), Rollup.class)).isEqualTo(r);
  }

  @Test
  void undecodableBytesRaiseASerializationException() {
    assertThatThrownBy(() -> Json.read("{not json".getBytes(), Sample.class))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Sample");
  }
}
