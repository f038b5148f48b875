package io.sentinel.query.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The tenant of a dead letter, from its value, else its key. */
class DeadLetterTenantTest {
  private static String tenantOf(String key, String value) {
    return KafkaWatch.tenantOf(
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theValuesTenantFieldWins() {
    assertThat(tenantOf("web-1", "{\"monitor\":\"web-1\",\"tenant\":\"acme\"}")).isEqualTo("acme");
  }

  @Test
  void anOldSampleBelongsToItsTenantLabel() {
    assertThat(tenantOf("web-1", "{\"monitor\":\"web-1\",\"labels\":{\"tenant\":\"acme\"}}"))
        .isEqualTo("acme");
  }

  @Test
  void aValueThatIsNoJsonIsAttributedByItsKey() {
    assertThat(tenantOf("acme/web-1", "not json")).isEqualTo("acme");
    assertThat(tenantOf("web-1/cpu{host=a,tenant=acme}", "not json")).isEqualTo("acme");
    assertThat(tenantOf("web-1", "not json")).isEqualTo("default");
    assertThat(tenantOf(null, null)).isEqualTo("default");
  }

  @Test
  void aRecordNamingNoTenantIsTheDefaultTenants() {
    assertThat(tenantOf("web-1", "{\"monitor\":\"web-1\"}")).isEqualTo("default");
  }
}
