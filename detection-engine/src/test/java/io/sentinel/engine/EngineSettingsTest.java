package io.sentinel.engine;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Settings out of range are refused by name when the engine is configured, not misread later. */
class EngineSettingsTest {

  @Test
  void aNegativeSamplingIntervalIsRefusedByName() {
    Map<String, UnaryOperator<EngineSettingsBuilder>> negative =
        Map.of(
            "rangeDecayInterval", b -> b.rangeDecayInterval(-1),
            "rangeMaturityInterval", b -> b.rangeMaturityInterval(-1),
            "rarityInterval", b -> b.rarityInterval(-1),
            "trainingInterval", b -> b.trainingInterval(-1),
            "pressureInterval", b -> b.pressureInterval(-1),
            "calmInterval", b -> b.calmInterval(-1),
            "seasonEchoWindow", b -> b.seasonEchoWindow(-1));
    negative.forEach(
        (name, set) ->
            assertThatThrownBy(() -> set.apply(EngineSettings.builder()).build())
                .as(name)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(name + " >= 0"));
  }
}
