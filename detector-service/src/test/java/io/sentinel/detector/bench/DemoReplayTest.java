package io.sentinel.detector.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The replay measures what it is told to, or refuses: a misspelt override is never ignored. */
class DemoReplayTest {

  @Test
  void anOverrideOfADetectorKeyIsApplied() {
    assertThat(DemoReplay.settings(Map.of()).engine().calmInterval()).isEqualTo(300);
    assertThat(
            DemoReplay.settings(Map.of("sentinel.detector.engine.calm-interval", "0"))
                .engine()
                .calmInterval())
        .isZero();
  }

  @Test
  void anOverrideThatIsNoDetectorKeyIsRefusedByName() {
    assertThatThrownBy(() -> DemoReplay.settings(Map.of("calmInterval", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'calmInterval' is not a detector configuration key");
    assertThatThrownBy(
            () -> DemoReplay.settings(Map.of("sentinel.detector.engine.calm-intervall", "0")))
        .hasMessageContaining("sentinel.detector.engine.calm-intervall");
  }
}
