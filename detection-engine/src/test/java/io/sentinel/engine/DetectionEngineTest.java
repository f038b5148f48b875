package io.sentinel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentinel.contract.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionEngineTest {
  private final DetectionEngine engine = new DetectionEngine(EngineSettings.defaults());

  private List<Detection> run(
      DetectionEngine e, SeriesState state, double[] values, int from, int to) {
    List<Detection> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(e.update(state, SyntheticSeries.time(i), values[i]));
    }
    return out;
  }

  @Test
  void spikeAfterWarmUpIsFlaggedWithSeverityBandAndExplanation() {
    double[] values = SyntheticSeries.sinusoidWithNoise(1500, 7);
    int spikeAt = 1200;
    values[spikeAt] += 15;
    List<Detection> detections = run(engine, engine.newSeries(), values, 0, values.length);

    Detection spike = detections.get(spikeAt);
    assertThat(spike.warmingUp()).isFalse();
    assertThat(spike.anomalous()).isTrue();
    assertThat(spike.score()).isBetween(EngineSettings.defaults().alertThreshold(), 1.0);
    assertThat(spike.severity()).isNotNull();
    assertThat(spike.expectedHigh()).isLessThan(spike.value());
    assertThat(spike.expectedLow()).isLessThan(spike.expectedHigh());
    assertThat(spike.explanation()).isNotBlank().contains("expected");
  }

  @Test
  void largerDepartureScoresHigherAndIsAtLeastAsSevere() {
    double[] small = SyntheticSeries.sinusoidWithNoise(1500, 8);
    double[] large = small.clone();
    small[1200] += 15;
    large[1200] += 500;
    Detection s = run(engine, engine.newSeries(), small, 0, small.length).get(1200);
    Detection l = run(engine, engine.newSeries(), large, 0, large.length).get(1200);
    assertThat(l.score()).isGreaterThan(s.score());
    assertThat(l.severity()).isGreaterThanOrEqualTo(s.severity());
    assertThat(l.severity()).isIn(Severity.MAJOR, Severity.CRITICAL);
  }

  @Test
  void warmUpSamplesHaveNoScoreNoBandAndNoAlert() {
    double[] values = SyntheticSeries.sinusoidWithNoise(600, 9);
    List<Detection> detections = run(engine, engine.newSeries(), values, 0, values.length);
    EngineSettings settings = EngineSettings.defaults();
    int warmup = settings.warmupSamples() + settings.likelihoodWarmup();
    for (Detection d : detections.subList(0, warmup)) {
      assertThat(d.warmingUp()).isTrue();
      assertThat(d.score()).isZero();
      assertThat(d.anomalous()).isFalse();
      assertThat(d.severity()).isNull();
      assertThat(d.explanation()).isNull();
      assertThat(d.expectedLow()).isNaN();
      assertThat(d.expectedHigh()).isNaN();
    }
    assertThat(detections.get(warmup).warmingUp()).isFalse();
    assertThat(detections.get(warmup).expectedLow()).isFinite();
  }

  @Test
  void normalSeriesRaisesFewFalseAlarms() {
    double[] values = SyntheticSeries.sinusoidWithNoise(5000, 11);
    List<Detection> detections = run(engine, engine.newSeries(), values, 0, values.length);
    long alarms = detections.stream().filter(Detection::anomalous).count();
    assertThat(alarms).isLessThanOrEqualTo(values.length / 200);
    assertThat(detections).allSatisfy(d -> assertThat(d.score()).isBetween(0.0, 1.0));
  }

  @Test
  void scoresOfAPrefixDoNotChangeWhenLaterSamplesDiffer() {
    double[] a = SyntheticSeries.sinusoidWithNoise(1600, 12);
    double[] b = a.clone();
    for (int i = 1000; i < b.length; i++) {
      b[i] += 40; // a very different future
    }
    List<Detection> first = run(engine, engine.newSeries(), a, 0, a.length);
    List<Detection> second = run(engine, engine.newSeries(), b, 0, b.length);
    assertThat(second.subList(0, 1000)).isEqualTo(first.subList(0, 1000));
    assertThat(second.get(1000).score()).isNotEqualTo(first.get(1000).score());
  }

  @Test
  void serializationRoundTripYieldsIdenticalSubsequentScores() {
    double[] values = SyntheticSeries.sinusoidWithNoise(2500, 13);
    values[1700] += 20;
    for (int cut : new int[] {0, 1, 50, 199, 200, 201, 777, 1701, 2100}) {
      SeriesState original = engine.newSeries();
      run(engine, original, values, 0, cut);
      byte[] bytes = engine.toBytes(original);
      SeriesState restored = engine.fromBytes(bytes);
      assertThat(engine.toBytes(restored)).as("re-encoding at %d", cut).isEqualTo(bytes);

      List<Detection> expected = run(engine, original, values, cut, values.length);
      List<Detection> actual = run(engine, restored, values, cut, values.length);
      assertThat(actual).as("continuing after a round trip at sample %d", cut).isEqualTo(expected);
    }
  }

  @Test
  void sameSeedGivesIdenticalScores() {
    double[] values = SyntheticSeries.sinusoidWithNoise(2000, 14);
    DetectionEngine other = new DetectionEngine(EngineSettings.defaults());
    List<Detection> first = run(engine, engine.newSeries(), values, 0, values.length);
    List<Detection> second = run(other, other.newSeries(), values, 0, values.length);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void serializedStateStaysUnder64KiB() {
    double[] values = SyntheticSeries.sinusoidWithNoise(6000, 15);
    SeriesState state = engine.newSeries();
    int max = 0;
    for (int i = 0; i < values.length; i++) {
      engine.update(state, SyntheticSeries.time(i), values[i]);
      if (i % 250 == 0) {
        max = Math.max(max, engine.toBytes(state).length);
      }
    }
    assertThat(max).isLessThan(64 * 1024);
  }

  @Test
  void constantSeriesThenStepIsFlagged() {
    double[] values = new double[800];
    Arrays.fill(values, 3.0);
    values[700] = 4.0;
    List<Detection> detections = run(engine, engine.newSeries(), values, 0, values.length);
    assertThat(detections.subList(0, 700)).noneMatch(Detection::anomalous);
    assertThat(detections.get(700).anomalous()).isTrue();
  }

  @Test
  void nonFiniteValueIsRejected() {
    SeriesState state = engine.newSeries();
    assertThatThrownBy(() -> engine.update(state, 0L, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bytesOfAnotherConfigurationAreRejected() {
    DetectionEngine other =
        new DetectionEngine(EngineSettings.defaults().toBuilder().historySize(128).build());
    byte[] bytes = other.toBytes(other.newSeries());
    assertThatThrownBy(() -> engine.fromBytes(bytes)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> engine.fromBytes(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
