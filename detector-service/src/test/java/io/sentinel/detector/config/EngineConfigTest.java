package io.sentinel.detector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sentinel.engine.EngineSettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine keys of {@code sentinel.detector.engine}, read by SmallRye Config's real mapping. */
class EngineConfigTest {

  private static EngineSettings settings(Map<String, String> props) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withSources(new PropertiesConfigSource(props, "test", 500))
            .withMapping(EngineConfig.class, "sentinel.detector.engine")
            .build();
    return config.getConfigMapping(EngineConfig.class, "sentinel.detector.engine").toSettings();
  }

  @Test
  void unsetKeysKeepTheEnginesDefaults() {
    assertEquals(EngineSettings.defaults(), settings(Map.of()));
  }

  @Test
  void theLevelShiftAndYoungSeriesKnobsAreConfigurable() {
    EngineSettings s =
        settings(
            Map.ofEntries(
                Map.entry("sentinel.detector.engine.shift-cut", "0"),
                Map.entry("sentinel.detector.engine.gross-maturity", "500"),
                Map.entry("sentinel.detector.engine.range-quantum", "0"),
                Map.entry("sentinel.detector.engine.volatility-quantum", "0"),
                Map.entry("sentinel.detector.engine.residual-quantum", "0"),
                Map.entry("sentinel.detector.engine.shift-echo-cap", "0"),
                Map.entry("sentinel.detector.engine.gap-intervals", "2"),
                Map.entry("sentinel.detector.engine.range-decay-interval", "0"),
                Map.entry("sentinel.detector.engine.range-maturity-interval", "0"),
                Map.entry("sentinel.detector.engine.rarity-interval", "0"),
                Map.entry("sentinel.detector.engine.season-echo-window", "0"),
                Map.entry("sentinel.detector.engine.training-interval", "0"),
                Map.entry("sentinel.detector.engine.pressure-interval", "0"),
                Map.entry("sentinel.detector.engine.calm-interval", "0")));
    assertEquals(0.0, s.shiftCut());
    assertEquals(500, s.grossMaturity());
    assertEquals(0.0, s.rangeQuantum());
    assertEquals(0.0, s.volatilityQuantum());
    assertEquals(0.0, s.residualQuantum());
    assertEquals(0.0, s.shiftEchoCap());
    assertEquals(2.0, s.gapIntervals());
    assertEquals(0.0, s.rangeDecayInterval());
    assertEquals(0.0, s.rangeMaturityInterval());
    assertEquals(0.0, s.rarityInterval());
    assertEquals(0.0, s.seasonEchoWindow());
    assertEquals(0.0, s.trainingInterval());
    assertEquals(0.0, s.pressureInterval());
    assertEquals(0.0, s.calmInterval());
    EngineSettings d = EngineSettings.defaults();
    assertEquals(
        d.toBuilder()
            .shiftCut(0)
            .grossMaturity(500)
            .rangeQuantum(0)
            .volatilityQuantum(0)
            .residualQuantum(0)
            .shiftEchoCap(0)
            .gapIntervals(2)
            .rangeDecayInterval(0)
            .rangeMaturityInterval(0)
            .rarityInterval(0)
            .seasonEchoWindow(0)
            .trainingInterval(0)
            .pressureInterval(0)
            .calmInterval(0)
            .build(),
        s);
  }

  @Test
  void otherKeysStillApply() {
    EngineSettings s =
        settings(
            Map.of(
                "sentinel.detector.engine.alert-threshold", "0.55",
                "sentinel.detector.engine.pressure-half-life", "700"));
    assertEquals(0.55, s.alertThreshold());
    assertEquals(700, s.pressureHalfLife());
  }
}
