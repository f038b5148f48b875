package io.sentinel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sentinel.contract.Sample;
import io.sentinel.contract.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionEngineTest {
  private final DetectionEngine engine = new DetectionEngine(EngineSettings.defaults());

  /**
   * The range mature once it has seen rangeMaturity samples, however little time they span: the
   * synthetic series' one-minute clock (a "day" of 288 samples) is young in time for the range for
   * 5,000 samples ({@link EngineSettings#rangeMaturityInterval()}).
   */
  private final DetectionEngine matureInSamples =
      new DetectionEngine(EngineSettings.builder().rangeMaturityInterval(0).build());

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
    int warmup = settings.samplesBeforeScoring();
    assertThat(warmup).isEqualTo(settings.warmupSamples() + settings.likelihoodWarmup());
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
    assertThat(max).isLessThanOrEqualTo(32 * 1024);
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

  /** 50 + 10 sin(2 pi i / period) + sigma N(0,1), one sample a second (as an agent would send). */
  private static double[] fastSinusoid(int n, double level, int period, long seed) {
    java.util.Random random = new java.util.Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = level + 10 * Math.sin(2 * Math.PI * i / period) + random.nextGaussian();
    }
    return v;
  }

  private static List<Detection> runEverySecond(DetectionEngine e, double[] values) {
    SeriesState state = e.newSeries();
    List<Detection> out = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      out.add(e.update(state, 1_700_000_000_000L + i * 1000L, values[i]));
    }
    return out;
  }

  @Test
  void fortySigmaSpikeIsCriticalOnThatVerySample() {
    EngineSettings settings = EngineSettings.defaults();
    for (long seed = 1; seed <= 10; seed++) {
      double[] values = SyntheticSeries.sinusoidWithNoise(1000, seed);
      int at = settings.samplesBeforeScoring() + 200 + (int) seed * 17;
      values[at] += 40; // noise sigma is 1
      Detection d = run(engine, engine.newSeries(), values, 0, values.length).get(at);
      assertThat(d.anomalous()).as("seed %d", seed).isTrue();
      assertThat(d.severity()).as("seed %d", seed).isEqualTo(Severity.CRITICAL);
      assertThat(d.score()).as("seed %d", seed).isGreaterThan(settings.criticalThreshold());
    }
  }

  @Test
  void grossSpikeRightAfterWarmUpScoresNearOne() {
    // the detector service's scenario: a sample of 400 (or 900 on a level of 100) after a 1 s
    // series of 50 + 10 sin(2 pi i / 60) + N(0,1), as early as the first scored sample
    EngineSettings settings = EngineSettings.defaults();
    for (long seed = 1; seed <= 10; seed++) {
      for (int history :
          new int[] {settings.samplesBeforeScoring(), settings.warmupSamples() + 300}) {
        for (double[] levelAndSpike : new double[][] {{50, 400}, {100, 900}, {50, 500}}) {
          double[] values = fastSinusoid(history + 1, levelAndSpike[0], 60, seed);
          values[history] = levelAndSpike[1];
          Detection d = runEverySecond(engine, values).get(history);
          assertThat(d.warmingUp()).isFalse();
          assertThat(d.anomalous()).as("seed %d after %d", seed, history).isTrue();
          assertThat(d.severity()).isEqualTo(Severity.CRITICAL);
          assertThat(d.score()).as("seed %d after %d", seed, history).isGreaterThan(0.95);
        }
      }
    }
  }

  /**
   * Score of a departure of {@code typicals} typical residuals above the expected value at sample
   * {@code at} of a wide seasonal series (trough of 50 + 40 sin, so inside the range seen so far).
   */
  private static double departureAt(DetectionEngine e, int at, double typicals) {
    double[] values = new double[at + 1];
    java.util.Random random = new java.util.Random(5);
    for (int i = 0; i <= at; i++) {
      values[i] = 50 + 40 * Math.sin(2 * Math.PI * i / 288.0) + random.nextGaussian();
    }
    SeriesState state = e.newSeries();
    for (int i = 0; i < at; i++) {
      e.update(state, SyntheticSeries.time(i), values[i]);
    }
    // the band of the sample itself is expected +- bandSigmas typical residuals
    Detection probe = e.update(e.fromBytes(e.toBytes(state)), SyntheticSeries.time(at), values[at]);
    double expected = (probe.expectedLow() + probe.expectedHigh()) / 2;
    double typical = (probe.expectedHigh() - probe.expectedLow()) / (2 * e.settings().bandSigmas());
    return e.update(state, SyntheticSeries.time(at), expected + typicals * typical).undampedScore();
  }

  @Test
  void aYoungSeriesNeedsALargerResidualForAGrossAlertThanAMatureOne() {
    DetectionEngine immediate =
        new DetectionEngine(EngineSettings.defaults().toBuilder().grossMaturity(0).build());
    int young = 216 + 288; // a trough, about half of the default grossMaturity
    int mature = 216 + 288 * 7; // past the default grossMaturity
    // 25 typical residuals: past the cut of 14, short of the young cut (14 x 2000 / 504)
    double youngDefault = departureAt(engine, young, 25);
    double youngImmediate = departureAt(immediate, young, 25);
    assertThat(youngImmediate).isGreaterThan(0.8);
    assertThat(youngDefault).isLessThan(youngImmediate - 0.1);
    assertThat(departureAt(engine, mature, 25))
        .isGreaterThan(0.8)
        .isEqualTo(departureAt(immediate, mature, 25));
  }

  @Test
  void twentySigmaLevelShiftIsFlaggedWithinThreeSamples() {
    EngineSettings settings = EngineSettings.defaults();
    for (long seed = 1; seed <= 10; seed++) {
      for (double direction : new double[] {1, -1}) {
        double[] values = SyntheticSeries.sinusoidWithNoise(1200, seed);
        int at = settings.samplesBeforeScoring() + 300 + (int) seed * 13;
        for (int i = at; i < values.length; i++) {
          values[i] += direction * 20;
        }
        List<Detection> d = run(engine, engine.newSeries(), values, 0, values.length);
        assertThat(d.subList(at, at + 3))
            .as("seed %d, direction %s", seed, direction)
            .anyMatch(Detection::anomalous);
      }
    }
  }

  @Test
  void undampedScoreIsTheScoreBeforeSuppressionDamping() {
    EngineSettings settings = EngineSettings.defaults();
    double[] values = SyntheticSeries.sinusoidWithNoise(1200, 3);
    int at = settings.samplesBeforeScoring() + 300;
    for (int i = at; i < values.length; i++) {
      values[i] += 40;
    }
    List<Detection> d = run(engine, engine.newSeries(), values, 0, values.length);
    int alert = at;
    while (!d.get(alert).anomalous()) {
      alert++;
    }
    assertThat(d.get(alert).undampedScore()).isEqualTo(d.get(alert).score());
    for (int i = alert + 1; i <= alert + settings.suppressSamples(); i++) {
      assertThat(d.get(i).undampedScore() * settings.suppressDamping())
          .as("sample %d, inside suppression", i)
          .isCloseTo(d.get(i).score(), org.assertj.core.data.Offset.offset(1e-12));
    }
    assertThat(d.subList(alert + 1, alert + 6))
        .as("a 40-sigma shift still looks abnormal right after its alert")
        .allMatch(
            x ->
                x.undampedScore() >= settings.alertThreshold()
                    && x.score() < settings.alertThreshold());
    Detection after = d.get(alert + settings.suppressSamples() + 1);
    assertThat(after.undampedScore()).as("after suppression").isEqualTo(after.score());
  }

  @Test
  void valueBeyondTheRangeSeenSoFarAlertsOnItsFirstSampleAndSaysSo() {
    // 50 + 10 sin(...) + N(0,1) ranges over about 37..63; 70 at a crest is only about 9 typical
    // residuals above the expected value (not a gross departure) but well outside that range
    double[] values = SyntheticSeries.sinusoidWithNoise(1300, 17);
    int at = 72 + 288 * 4;
    values[at] = 70;
    Detection d =
        run(matureInSamples, matureInSamples.newSeries(), values, 0, values.length).get(at);
    assertThat(d.anomalous()).isTrue();
    assertThat(d.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(d.explanation()).contains("above everything seen so far").contains("expected");
  }

  @Test
  void aNewExtremeJustPastTheRangeToleranceIsMinorAndFarPastItCritical() {
    double[] values = SyntheticSeries.sinusoidWithNoise(1300, 17);
    int at = 72 + 288 * 4; // a crest, after more than rangeMaturity samples (no widening)
    DetectionEngine engine = matureInSamples;
    double tolerance = EngineSettings.defaults().rangeTolerance();
    java.util.Map<Double, Severity> expected =
        java.util.Map.of(1.2, Severity.MINOR, 2.0, Severity.MAJOR, 4.0, Severity.CRITICAL);
    expected.forEach(
        (distance, severity) -> {
          SeriesState state = engine.newSeries();
          run(engine, state, values, 0, at);
          double width = state.rangeHigh - state.rangeLow;
          double value = state.rangeHigh + distance * tolerance * width;
          Detection d = engine.update(state, SyntheticSeries.time(at), value);
          assertThat(d.anomalous()).as("%s tolerances past", distance).isTrue();
          assertThat(d.explanation()).contains("above everything seen so far");
          assertThat(d.severity()).as("%s tolerances past", distance).isEqualTo(severity);
        });
  }

  @Test
  void aSeriesThatKeepsRaisingSvmAlertsRaisesFewerWithAlertPressure() {
    // bursts of tenfold volatility inside the usual range, every 200 to 400 samples
    java.util.Random random = new java.util.Random(18);
    double[] values = new double[12_000];
    int burstLeft = 0;
    for (int i = 0; i < values.length; i++) {
      if (burstLeft == 0 && random.nextInt(300) == 0) {
        burstLeft = 12;
      }
      double sigma = burstLeft-- > 0 ? 3 : 0.3;
      values[i] = 50 + 10 * Math.sin(2 * Math.PI * i / 288.0) + sigma * random.nextGaussian();
      burstLeft = Math.max(0, burstLeft);
    }
    DetectionEngine without =
        new DetectionEngine(EngineSettings.defaults().toBuilder().pressureWeight(0).build());
    long alertsWithout =
        run(without, without.newSeries(), values, 0, values.length).stream()
            .filter(Detection::anomalous)
            .count();
    long alertsWith =
        run(engine, engine.newSeries(), values, 0, values.length).stream()
            .filter(Detection::anomalous)
            .count();
    assertThat(alertsWith).isPositive().isLessThan(alertsWithout);
  }

  @Test
  void anSvmAlertSaysHowRareTheNamedDepartureIsInTheSeriesHistory() {
    // a burst of fivefold volatility where the daily curve crosses its mean: inside the range
    java.util.Random random = new java.util.Random(21);
    double[] values = new double[3_000];
    for (int i = 0; i < values.length; i++) {
      double sigma = i >= 2_585 && i < 2_600 ? 1.5 : 0.3;
      values[i] = 50 + 10 * Math.sin(2 * Math.PI * i / 288.0) + sigma * random.nextGaussian();
    }
    List<Detection> alerts =
        run(engine, engine.newSeries(), values, 0, values.length).stream()
            .filter(Detection::anomalous)
            .filter(d -> !d.explanation().contains("everything seen so far"))
            .toList();
    assertThat(alerts).isNotEmpty();
    assertThat(alerts)
        .allSatisfy(
            d ->
                assertThat(d.explanation())
                    .containsAnyOf(
                        "further than anywhere in its recent normal history",
                        "% of its recent normal history",
                        "unusual together with the series' other recent behaviour"));
  }

  @Test
  void theLargestAcceptedValuesLeaveScoresAndBandFiniteAndLargerOnesAreRefused() {
    double[] values = SyntheticSeries.sinusoidWithNoise(2_000, 22);
    values[1_200] = Sample.MAX_MAGNITUDE;
    values[1_400] = -Sample.MAX_MAGNITUDE;
    SeriesState state = engine.newSeries();
    List<Detection> detections = run(engine, state, values, 0, values.length);
    assertThat(detections.get(1_200).anomalous()).isTrue();
    assertThat(detections.subList(1_200, values.length))
        .allSatisfy(
            d -> {
              assertThat(d.score()).isFinite().isBetween(0.0, 1.0);
              assertThat(d.expectedLow()).isFinite();
              assertThat(d.expectedHigh()).isFinite();
            });
    assertThat(engine.fromBytes(engine.toBytes(state)).samplesSeen()).isEqualTo(values.length);
    assertThatThrownBy(() -> engine.update(state, SyntheticSeries.time(values.length), 1e37))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1e36");
  }

  @Test
  void statesOfTheFormerCodecVersionsAreStillRead() {
    // version 5 lacked the usual sampling interval at the end (8 bytes), version 4 also the
    // resolution (8 more), version 3 also the level-shift statistics (64 more), version 2 also the
    // observed range, the residual peak and the alert pressure (32 more), version 1 also the
    // suppression score (8 more); the range and the resolution are rebuilt from the value window,
    // the interval from the next step
    double[] values = SyntheticSeries.sinusoidWithNoise(700, 16);
    SeriesState state = engine.newSeries();
    run(engine, state, values, 0, values.length);
    byte[] current = engine.toBytes(state);
    for (int version = 5; version >= 1; version--) {
      int missing =
          8
              + (version < 5 ? 8 : 0)
              + (version < 4 ? 64 : 0)
              + (version < 3 ? 32 + (2 - version) * 8 : 0);
      byte[] old = Arrays.copyOf(current, current.length - missing);
      old[4] = (byte) version;
      SeriesState restored = engine.fromBytes(old);
      assertThat(restored.samplesSeen()).isEqualTo(state.samplesSeen());
      assertThat(engine.toBytes(restored)).hasSize(current.length);
      Detection spike = engine.update(restored, SyntheticSeries.time(700), 500);
      assertThat(spike.anomalous()).as("version %d", version).isTrue();
    }
  }

  @Test
  void aCountSeriesNewRecordByOneCountIsNotARangeAlert() {
    // whole counts 0 to 10: a new maximum of 11 exceeds the range by one count, the smallest step
    // the series can take; 14 exceeds it by four
    java.util.Random random = new java.util.Random(3);
    double[] values = new double[3_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextInt(11);
    }
    DetectionEngine without = new DetectionEngine(EngineSettings.builder().rangeQuantum(0).build());
    for (DetectionEngine e : List.of(engine, without)) {
      SeriesState state = e.newSeries();
      run(e, state, values, 0, values.length);
      byte[] before = e.toBytes(state);
      Detection record = e.update(state, SyntheticSeries.time(values.length), 11);
      assertThat(record.anomalous())
          .as("rangeQuantum %s", e.settings().rangeQuantum())
          .isEqualTo(e == without);
      Detection far = e.update(e.fromBytes(before), SyntheticSeries.time(values.length), 14);
      assertThat(far.anomalous()).isTrue();
      assertThat(far.explanation()).contains("above everything seen so far");
    }
  }

  @Test
  void anIdleSeriesReadsNoQuieterTheLongerItHasBeenIdle() {
    // busy in tenths (0.1 to 3.0), then idle at 0: the volatility feature (log of recent against
    // usual change) of the next idle sample after 50 and after 500 idle samples. Without a floor
    // it falls without bound, so each idle stretch longer than the last is a new extreme for the
    // SVM (the zero stretches of NAB's art_load_balancer_spikes)
    java.util.Random random = new java.util.Random(11);
    double[] values = new double[3_500];
    for (int i = 0; i < 3_000; i++) {
      values[i] = (1 + random.nextInt(30)) / 10.0;
    }
    DetectionEngine without =
        new DetectionEngine(EngineSettings.builder().volatilityQuantum(0).build());
    for (DetectionEngine e : List.of(engine, without)) {
      double[] volatility = new double[2];
      for (int k = 0; k < 2; k++) {
        int idle = k == 0 ? 50 : 500;
        SeriesState state = e.newSeries();
        run(e, state, values, 0, 3_000 + idle);
        double[] z = new double[Feature.COUNT];
        double[] row = new double[Feature.COUNT];
        double[] expected = new double[3];
        new FeatureExtractor(e.settings())
            .features(state, SyntheticSeries.time(3_000 + idle), 0, z, row, expected);
        volatility[k] = row[Feature.VOLATILITY.ordinal()];
      }
      if (e == engine) {
        // no recent change bigger than twice the resolution, against a usual change of about 1
        // (which itself fades while the series is idle, so the ratio rises again)
        assertThat(volatility[0]).isGreaterThan(-3.0);
        assertThat(volatility[1]).isGreaterThanOrEqualTo(volatility[0]);
      } else {
        // the logarithm keeps falling the longer the series sits still
        assertThat(volatility[1]).isLessThan(volatility[0] - 5);
      }
    }
  }

  @Test
  void aQuantisedSeriesThatStoppedMovingReadsOneStepAsOneStep() {
    // busy in tenths around 20 (resolution 0.1), then flat at exactly 20.0 for 3,000 samples: the
    // running residual variance fades towards 0, so without a floor the next move by one step of
    // the series' resolution is dozens of typical residuals (a gross departure); with the floor
    // (residualQuantum 2: typical residual at least 2 steps) it is half a typical residual
    java.util.Random random = new java.util.Random(13);
    double[] values = new double[3_600];
    for (int i = 0; i < values.length; i++) {
      values[i] = i < 600 ? 19 + random.nextInt(21) / 10.0 : 20.0;
    }
    DetectionEngine without =
        new DetectionEngine(EngineSettings.builder().residualQuantum(0).build());
    for (DetectionEngine e : List.of(engine, without)) {
      SeriesState state = e.newSeries();
      run(e, state, values, 0, values.length);
      double[] z = new double[Feature.COUNT];
      double[] row = new double[Feature.COUNT];
      double[] expected = new double[3];
      new FeatureExtractor(e.settings())
          .features(state, SyntheticSeries.time(values.length), 20.1, z, row, expected);
      double residual = Math.abs(z[Feature.RESIDUAL.ordinal()]);
      double change = Math.abs(z[Feature.CHANGE.ordinal()]);
      Detection step = e.update(state, SyntheticSeries.time(values.length), 20.1);
      if (e == engine) {
        assertThat(residual).isLessThanOrEqualTo(0.5);
        assertThat(change).isLessThanOrEqualTo(0.5);
        // the band is drawn in the same floored typical residuals: one step is inside it
        assertThat(step.expectedLow()).isLessThan(20.1);
        assertThat(step.expectedHigh()).isGreaterThan(20.1);
        // (the level feature, against the last 256 values, all 20.0, still sees the move: the SVM
        // path reports it, as it does without the floor; the floor is not on the level)
      } else {
        assertThat(residual).isGreaterThan(e.settings().extremeCut());
        assertThat(step.expectedHigh()).isLessThan(20.1);
      }
      assertThat(step.anomalous()).isTrue();
    }
  }

  @Test
  void theShiftPathAddsNoAlertOnNoiseNorOnANoiseFreeSquareWave() {
    java.util.Random random = new java.util.Random(5);
    double[] noise = new double[6_000];
    double[] square = new double[6_000];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = 100 + random.nextGaussian();
      // two levels, switching every half day of 1-minute samples, no noise at all
      square[i] = (i / 720) % 2 == 0 ? 10 : 20;
    }
    DetectionEngine off = new DetectionEngine(EngineSettings.builder().shiftCut(0).build());
    for (double[] values : List.of(noise, square)) {
      List<Detection> with = run(engine, engine.newSeries(), values, 0, values.length);
      List<Detection> without = run(off, off.newSeries(), values, 0, values.length);
      for (int i = 0; i < values.length; i++) {
        assertThat(with.get(i).anomalous())
            .as("sample %d", i)
            .isEqualTo(without.get(i).anomalous());
      }
    }
  }

  @Test
  void anSvmAlertThatOnlyEchoesADailySpikeIsNotRaised() {
    // 5-minute samples around 2.0 in hundredths, and a daily job's spike (+1.5 to +4.5) at the
    // same time each day: the spike lifts the mean of the last 8 samples for the next 7, rows the
    // SVM rarely trains on, so one of them alerts as "the mean of the last 8 samples shifted".
    // Suppression is off in both engines so that every alert is seen (on NAB such echoes follow
    // spikes that raised no alert themselves)
    java.util.Random random = new java.util.Random(3);
    int day = 288;
    double[] values = new double[12 * day];
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.round((2 + 0.1 * random.nextGaussian()) * 100) / 100.0;
      if (i % day == 40) {
        values[i] += 3 * (0.5 + random.nextDouble());
      }
    }
    DetectionEngine with = new DetectionEngine(EngineSettings.builder().suppressSamples(0).build());
    DetectionEngine without =
        new DetectionEngine(EngineSettings.builder().suppressSamples(0).shiftEchoCap(0).build());
    SeriesState a = with.newSeries();
    SeriesState b = without.newSeries();
    List<Integer> removed = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      long t = SyntheticSeries.START + i * 300_000L;
      Detection x = with.update(a, t, values[i]);
      Detection y = without.update(b, t, values[i]);
      // the cap only ever removes an alert
      assertThat(!x.anomalous() || y.anomalous()).as("sample %d", i).isTrue();
      if (y.anomalous() && !x.anomalous()) {
        removed.add(i);
        int after = i % day - 40;
        assertThat(after).as("sample %d", i).isBetween(1, 7);
        assertThat(y.explanation()).contains("the mean of the last 8 samples shifted");
        assertThat(x.score()).isLessThan(with.settings().alertThreshold());
      }
    }
    assertThat(removed).isNotEmpty();
  }

  @Test
  void aChangeAcrossAGapIsJudgedAsAChangeOverTheStepsItSpans() {
    // a random walk sampled every minute, then no sample for 10 minutes (a failed scrape, an
    // exporter that was down) and a value that moved as far as 10 steps of the walk readily do
    // (4 typical steps times sqrt(10), towards the middle of the range seen so far, so it sets
    // no record), and the walk goes on from there: read as one step it is a change of 12.6
    // typical changes, and the recent change (volatility) stays high for several samples after
    // it; read as a change over 10 steps it is an ordinary one
    java.util.Random random = new java.util.Random(5);
    int n = 2_000;
    double[] walk = new double[n + 30];
    for (int i = 1; i < n; i++) {
      walk[i] = walk[i - 1] + random.nextGaussian();
    }
    double middle =
        (Arrays.stream(walk, 0, n).min().orElseThrow()
                + Arrays.stream(walk, 0, n).max().orElseThrow())
            / 2;
    walk[n] = walk[n - 1] + Math.copySign(4 * Math.sqrt(10), middle - walk[n - 1]);
    for (int i = n + 1; i < walk.length; i++) {
      walk[i] = walk[i - 1] + random.nextGaussian();
    }
    DetectionEngine with = engine;
    DetectionEngine without = new DetectionEngine(EngineSettings.builder().gapIntervals(0).build());
    assertThat(with.settings().gapIntervals()).isEqualTo(1.5);
    for (DetectionEngine e : List.of(without, with)) {
      SeriesState state = e.newSeries();
      run(e, state, walk, 0, n);
      List<Detection> after = new ArrayList<>();
      for (int i = n; i < walk.length; i++) {
        long t = SyntheticSeries.time(i + 9); // samples n - 1 and n are 10 minutes apart
        after.add(e.update(state, t, walk[i]));
      }
      assertThat(after.get(0).warmingUp()).isFalse();
      assertThat(after.stream().anyMatch(Detection::anomalous))
          .as("gapIntervals %s", e.settings().gapIntervals())
          .isEqualTo(e == without);
    }
  }

  @Test
  void theUsualSamplingIntervalIsLearntAndKeptInTheState() {
    // one sample a minute with a missed sample now and then: the usual interval stays a minute
    DetectionEngine with = engine;
    double[] values = SyntheticSeries.sinusoidWithNoise(1_000, 17);
    SeriesState state = with.newSeries();
    long t = SyntheticSeries.START;
    for (int i = 0; i < values.length; i++) {
      t += (i % 20 == 19 ? 30 : 1) * SyntheticSeries.STEP_MS;
      with.update(state, t, values[i]);
    }
    assertThat(state.interval)
        .isCloseTo(SyntheticSeries.STEP_MS, org.assertj.core.data.Percentage.withPercentage(3));
    SeriesState restored = with.fromBytes(with.toBytes(state));
    assertThat(restored.interval).isEqualTo(state.interval);
  }

  @Test
  void aSeriesSampledEveryTenSecondsKeepsItsRangeAsLongInTimeAsOneSampledEveryFiveMinutes() {
    // stationary noise scraped every 10 seconds for a week: its extremes were all seen in the
    // first days. With the range decay per sample (chosen on 5-minute series) the range fades 30
    // times sooner in time, and the noise's ordinary tails read as new records ("below everything
    // seen so far"); per unit of time they do not
    java.util.Random random = new java.util.Random(11);
    int n = 60_480;
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = 50 + 5 * random.nextGaussian();
    }
    DetectionEngine perSample =
        new DetectionEngine(EngineSettings.builder().rangeDecayInterval(0).build());
    assertThat(engine.settings().rangeDecayInterval()).isEqualTo(300);
    // 6 against 0 with this seed
    assertThat(alerts(perSample, values, 10_000L, n / 2, DetectionEngineTest::isRecord))
        .as("records per sample")
        .isPositive();
    assertThat(alerts(engine, values, 10_000L, n / 2, DetectionEngineTest::isRecord))
        .as("records per unit of time")
        .isZero();
  }

  @Test
  void aSeriesSampledEveryTenSecondsIsYoungForTheRangeUntilItHasSeenDaysNotHours() {
    // a daily cycle with noise, scraped every 10 seconds for two days: 1,000 samples (the range's
    // maturity, chosen on 5-minute series) are under 3 hours, so with maturity in samples only the
    // rest of the first day's rise and fall and the tails of its noise read as records ("above
    // everything seen so far"); young in time as well (1,000 x 300 s, the widening capped at that
    // of the first scored sample) most do not
    java.util.Random random = new java.util.Random(3);
    int n = 17_280;
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = 50 + 20 * Math.sin(2 * Math.PI * i / 8_640.0) + 2 * random.nextGaussian();
    }
    DetectionEngine samplesOnly =
        new DetectionEngine(EngineSettings.builder().rangeMaturityInterval(0).build());
    DetectionEngine inTime = engine;
    assertThat(engine.settings().rangeMaturityInterval()).isEqualTo(300);
    int[] records = {
      alerts(samplesOnly, values, 10_000L, 0, DetectionEngineTest::isRecord),
      alerts(inTime, values, 10_000L, 0, DetectionEngineTest::isRecord)
    };
    // 10 against 2 with this seed (the two left 18 and 20 % past a range of under 2 hours)
    assertThat(records[0]).as("range young in samples only").isGreaterThanOrEqualTo(8);
    assertThat(records[1]).as("range young in time too").isLessThanOrEqualTo(records[0] / 4);

    // sampled every 5 minutes, the samples decide: the same scores either way
    assertSameScores(samplesOnly, inTime, values, 3_000, i -> SyntheticSeries.START + i * 300_000L);
  }

  @Test
  void aSeriesSampledEveryTenSecondsRaisesFewerSvmAlertsPerSampleThanOneSampledEveryFiveMinutes() {
    // the same Gaussian noise, once per sample as NAB's 5-minute files are judged and once with the
    // rarity per 300 s: a 10-s series makes 30 samples in that time, so each needs a tail 30 times
    // smaller to alert, and its noise raises fewer alerts (not 30 times fewer: the smoothed raw
    // score's tail is heavier than the Gaussian the likelihood stage assumes)
    java.util.Random random = new java.util.Random(11);
    int n = 30_000;
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = 100 + 5 * random.nextGaussian();
    }
    // calm windows may alert in both (calmInterval 0): most of this noise's alerts are calm ones,
    // and only the rarity is compared here
    DetectionEngine perSample =
        new DetectionEngine(EngineSettings.builder().rarityInterval(0).calmInterval(0).build());
    DetectionEngine per300s = new DetectionEngine(EngineSettings.builder().calmInterval(0).build());
    assertThat(engine.settings().rarityInterval()).isEqualTo(300);
    int[] alerts = {
      alerts(perSample, values, 10_000L, 0, d -> true),
      alerts(per300s, values, 10_000L, 0, d -> true)
    };
    assertThat(alerts[0]).as("alerts per sample").isPositive();
    // 9 against 5 with this seed
    assertThat(alerts[1]).as("alerts per 300 s").isLessThan(alerts[0]);

    // sampled every 5 minutes (k = 1), or a little faster after a gap (30 minutes every 500
    // samples): the same scores either way
    assertSameScores(
        perSample,
        per300s,
        values,
        3_000,
        i -> SyntheticSeries.START + (i + 1) * 300_000L + (i + 1) / 500 * 1_500_000L);
  }

  @Test
  void aFastSeriesLearnsItsNoiseOverHoursNotMinutesAndRaisesFewerAlerts() {
    // Gaussian noise sampled every 10 s: with a training row every 3 samples the SVM's normal is
    // its last 352 x 3 samples (under 3 hours); with the rows spread over the series' life
    // (trainingInterval 300 s) the rarer corners of its noise are learnt as normal
    DetectionEngine everyThird =
        new DetectionEngine(EngineSettings.builder().trainingInterval(0).build());
    assertThat(engine.settings().trainingInterval()).isEqualTo(300);
    int[] alerts = new int[2];
    for (long seed = 11; seed <= 13; seed++) {
      java.util.Random random = new java.util.Random(seed);
      double[] values = new double[30_000];
      for (int i = 0; i < values.length; i++) {
        values[i] = 100 + 5 * random.nextGaussian();
      }
      alerts[0] += alerts(everyThird, values, 10_000L, 0, d -> true);
      alerts[1] += alerts(engine, values, 10_000L, 0, d -> true);
    }
    // 14 against 10 with these seeds
    assertThat(alerts[1]).as("rows over the series' life").isLessThan(alerts[0]);

    // sampled every 5 minutes (k = 1), or a little faster after a gap: the same scores either way
    double[] values = SyntheticSeries.sinusoidWithNoise(3_000, 4);
    assertSameScores(
        everyThird,
        engine,
        values,
        values.length,
        i -> SyntheticSeries.START + (i + 1) * 300_000L + (i + 1) / 500 * 1_500_000L);
  }

  @Test
  void aFastSeriesAddsItsTrainingRowsMoreSparselyAsItAgesUpToTheTimeTheyCoverAtFiveMinutes() {
    ScorePaths paths = new ScorePaths(engine.settings());
    SeriesState s = engine.newSeries();
    int span = engine.settings().trainingSize() * engine.settings().rowStride(); // 1,056 samples
    s.interval = 1_000; // sampled every second: 300 samples in 300 s
    assertThat(paths.rowStride(s, 0)).isEqualTo(3);
    assertThat(paths.rowStride(s, span - 1)).isEqualTo(3);
    assertThat(paths.rowStride(s, 2L * span)).as("twice the span old").isEqualTo(6);
    assertThat(paths.rowStride(s, 10L * span)).isEqualTo(30);
    assertThat(paths.rowStride(s, 1_000L * span)).as("at most 300 x 3").isEqualTo(900);
    s.interval = 300_000; // every 5 minutes, or slower: as before
    assertThat(paths.rowStride(s, 1_000L * span)).isEqualTo(3);
    s.interval = 290_000; // a little faster after a gap: still one sample in 300 s
    assertThat(paths.rowStride(s, 1_000L * span)).isEqualTo(3);
    s.interval = 1_000;
    ScorePaths off = new ScorePaths(EngineSettings.builder().trainingInterval(0).build());
    assertThat(off.rowStride(s, 1_000L * span)).as("trainingInterval 0").isEqualTo(3);
  }

  @Test
  void aFastSeriesKeepsItsAlertPressureAsLongInTimeAsAFiveMinuteSeries() {
    ScorePaths paths = new ScorePaths(engine.settings());
    double perSample = StrictMath.pow(0.5, 1.0 / engine.settings().pressureHalfLife());
    SeriesState s = engine.newSeries();
    s.interval = 300_000; // every 5 minutes: half-life 1,400 samples, as before
    assertThat(paths.pressureDecay(s, perSample)).isEqualTo(perSample);
    s.interval = 290_000; // a little faster after a gap: still one sample in 300 s
    assertThat(paths.pressureDecay(s, perSample)).isEqualTo(perSample);
    s.interval = 1_000; // every second: 300 samples decay as much as one sample at 5 minutes
    double p = 1;
    for (int i = 0; i < 300 * 1_400; i++) {
      p *= paths.pressureDecay(s, perSample);
    }
    assertThat(p).as("after 1,400 x 300 s").isCloseTo(0.5, within(1e-9));
    ScorePaths off = new ScorePaths(EngineSettings.builder().pressureInterval(0).build());
    assertThat(off.pressureDecay(s, perSample)).as("pressureInterval 0").isEqualTo(perSample);
  }

  @Test
  void aFewCalmSecondsOfAFastSeriesRaiseNoAlertButAStuckMetricAndACalmAtFiveMinutesStill() {
    // noise sampled every second, then 30 samples at a tenth (or a fifth) of its spread: calm
    // seconds of the kind independent noise gives now and then (a volatility below 0.3 about once
    // in 3.5 hours per series at 1 s), read as "volatility 0.2 times its usual level" and alerted
    // on when a calm window may alert at any interval
    DetectionEngine calmAlerts =
        new DetectionEngine(EngineSettings.builder().calmInterval(0).build());
    assertThat(engine.settings().calmInterval()).isEqualTo(300);
    int quietFrom = 5_000;
    int quietTo = 5_030;
    java.util.function.Predicate<Detection> duringCalm =
        d -> d.timestamp() < SyntheticSeries.START + (quietTo + 10) * 1_000L;
    for (long seed = 1; seed <= 3; seed++) {
      for (double calm : new double[] {0.5, 1.0}) {
        double[] values = withQuietStretch(seed, quietFrom, quietTo, calm);
        String what = "seed " + seed + ", calm noise " + calm;
        assertThat(alerts(calmAlerts, values, 1_000L, quietFrom, duringCalm))
            .as("calm alerts at any interval, " + what)
            .isEqualTo(1);
        assertThat(alerts(engine, values, 1_000L, quietFrom, duringCalm)).as(what).isZero();
      }
      // a stuck metric (one repeated value) is still alerted on
      double[] stuck = withQuietStretch(seed, quietFrom, quietTo, 0);
      assertThat(alerts(engine, stuck, 1_000L, quietFrom, duringCalm))
          .as("stuck, seed " + seed)
          .isEqualTo(1);
    }
    // sampled every 5 minutes (k = 1) the calm window spans 40 minutes: the same scores either way
    double[] values = withQuietStretch(1, 2_000, 2_030, 0.5);
    assertSameScores(
        calmAlerts, engine, values, values.length, i -> SyntheticSeries.START + i * 300_000L);
  }

  @Test
  void aCalmIsBriefForASeriesSampledMoreThanOnceIn300Seconds() {
    ScorePaths paths = new ScorePaths(engine.settings());
    SeriesState s = engine.newSeries();
    assertThat(paths.briefCalm(s)).as("interval not known yet").isFalse();
    s.interval = 1_000;
    assertThat(paths.briefCalm(s)).isTrue();
    s.interval = 150_000; // two samples in 300 s
    assertThat(paths.briefCalm(s)).isTrue();
    s.interval = 290_000; // every 5 minutes, a little faster after a gap: one sample in 300 s
    assertThat(paths.briefCalm(s)).isFalse();
    s.interval = 1_000;
    ScorePaths off = new ScorePaths(EngineSettings.builder().calmInterval(0).build());
    assertThat(off.briefCalm(s)).as("calmInterval 0").isFalse();
  }

  /** Gaussian noise around 100 (sd 5) with samples [from, to) at sd {@code calm} instead. */
  private static double[] withQuietStretch(long seed, int from, int to, double calm) {
    java.util.Random random = new java.util.Random(seed);
    double[] values = new double[to + 1_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = 100 + (i >= from && i < to ? calm : 5) * random.nextGaussian();
    }
    return values;
  }

  /**
   * Alerts of a new series of {@code e} over {@code values} sampled every {@code stepMs}, counted
   * from sample {@code from} on where {@code which} accepts them.
   */
  private static int alerts(
      DetectionEngine e,
      double[] values,
      long stepMs,
      int from,
      java.util.function.Predicate<Detection> which) {
    SeriesState state = e.newSeries();
    int count = 0;
    for (int i = 0; i < values.length; i++) {
      Detection d = e.update(state, SyntheticSeries.START + i * stepMs, values[i]);
      if (i >= from && d.anomalous() && which.test(d)) {
        count++;
      }
    }
    return count;
  }

  /** A range-path alert: "above/below everything seen so far". */
  private static boolean isRecord(Detection d) {
    return d.explanation().contains("everything seen so far");
  }

  /** Scores the first {@code n} values at the given times with both engines: the same scores. */
  private static void assertSameScores(
      DetectionEngine a,
      DetectionEngine b,
      double[] values,
      int n,
      java.util.function.IntToLongFunction time) {
    SeriesState sa = a.newSeries();
    SeriesState sb = b.newSeries();
    for (int i = 0; i < n; i++) {
      long t = time.applyAsLong(i);
      assertThat(b.update(sb, t, values[i]).score()).isEqualTo(a.update(sa, t, values[i]).score());
    }
  }

  @Test
  void theRarityOfAFastSeriesIsItsTailProbabilityTimesTheSamplesItMakesIn300Seconds() {
    SeriesState s = engine.newSeries();
    java.util.Random random = new java.util.Random(5);
    for (int i = 0; i < 500; i++) {
      s.smoothed.add(0.1 + 0.01 * random.nextGaussian());
    }
    double smoothed = 0.16;
    double perSample = ScorePaths.likelihoodScore(s, smoothed, 1, 0);
    double u = 5 * perSample / (1 - perSample); // score = u / (u + 5)
    double every10s = ScorePaths.likelihoodScore(s, smoothed, 30, 0);
    assertThat(every10s).isCloseTo((u - Math.log10(30)) / (u - Math.log10(30) + 5), within(1e-12));
    // the pressure divides what is left
    double pressed = ScorePaths.likelihoodScore(s, smoothed, 30, 1);
    double left = (u - Math.log10(30)) / 2;
    assertThat(pressed).isCloseTo(left / (left + 5), within(1e-12));
    // never below 0
    assertThat(ScorePaths.likelihoodScore(s, 0.1, 1e9, 0)).isZero();
  }

  @Test
  void aRepeatedDropThatIsNoDailyPatternAlertsEveryTime() {
    // a level of 100 with noise of 1, sampled every minute, one sample dropping by 25 at irregular
    // times (none at about the time of day of one a day earlier): each drop is a gross departure
    // (20 typical residuals,
    // past the cut of 14); before, the first one entered the residual peak at the cut and doubled
    // the cut to 28 for the next drops, which then had to be found by the smoothed SVM path
    java.util.Random random = new java.util.Random(21);
    int n = 20_000;
    double[] values = new double[n];
    List<Integer> drops = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values[i] = 100 + random.nextGaussian();
    }
    // 1,000 to 1,200 minutes apart: no drop within the hour of one a day (1,440 minutes) earlier
    for (int at = 6_000; at < n - 10; at += 1_000 + random.nextInt(200)) {
      drops.add(at);
      values[at] -= 25;
    }
    DetectionEngine before =
        new DetectionEngine(EngineSettings.builder().seasonEchoWindow(0).build());
    int[] found = new int[2];
    List<DetectionEngine> engines = List.of(before, engine);
    for (int e = 0; e < 2; e++) {
      DetectionEngine de = engines.get(e);
      SeriesState state = de.newSeries();
      boolean[] alerted = new boolean[n];
      for (int i = 0; i < n; i++) {
        alerted[i] = de.update(state, SyntheticSeries.START + i * 60_000L, values[i]).anomalous();
      }
      for (int at : drops) {
        if (alerted[at]) {
          found[e]++;
        }
      }
    }
    // 13 drops: all found at once, 7 with the doubled cut (this seed)
    assertThat(found[1]).as("drops found at once").isEqualTo(drops.size());
    assertThat(found[0])
        .as("drops found at once with the cut doubled by the first")
        .isLessThan(drops.size());
  }

  @Test
  void aGrossDepartureSeenWithinTheHourOneDayEarlierIsJudgedByThatEcho() {
    // every 5 minutes, a level of 10 with noise of 0.5; a nightly job's spike of +12 (24 typical
    // residuals) at 03:20 on the first two days
    java.util.Random random = new java.util.Random(8);
    int perDay = 288;
    SeriesState state = engine.newSeries();
    long start = 1_700_006_400_000L; // 00:00 UTC
    int n = perDay * 2 + 100;
    for (int i = 0; i < n; i++) {
      double v = 10 + 0.5 * random.nextGaussian();
      if (i % perDay == 40) {
        v += 12;
      }
      engine.update(state, start + i * 300_000L, v);
    }
    FeatureExtractor features = new FeatureExtractor(engine.settings());
    FeatureExtractor off =
        new FeatureExtractor(engine.settings().toBuilder().seasonEchoWindow(0).build());
    double[] z = new double[Feature.COUNT];
    double[] row = new double[Feature.COUNT];
    // the third night's spike 45 minutes late (03:55): its echo is last night's spike
    long late = start + (2L * perDay + 47) * 300_000L;
    double[] echo = {state.baseline, 0, 0};
    features.features(state, late, state.baseline + 12, z, row, echo);
    double residual = z[Feature.RESIDUAL.ordinal()];
    assertThat(residual).isGreaterThan(engine.settings().extremeCut());
    assertThat(echo[2]).isLessThan(3);
    // the same spike at 15:00: no echo within the hour a day earlier, the residual is judged
    long afternoon = start + (2L * perDay + 180) * 300_000L;
    double[] none = {state.baseline, 0, 0};
    features.features(state, afternoon, state.baseline + 12, z, row, none);
    // (the hour's ordinary samples a day earlier are no echo: only a departure gross itself is)
    assertThat(none[2])
        .isEqualTo(z[Feature.RESIDUAL.ordinal()])
        .isGreaterThan(engine.settings().extremeCut());
    // with the window at 0 the gross path judges the residual itself
    double[] plain = {state.baseline, 0, 0};
    off.features(state, late, state.baseline + 12, z, row, plain);
    assertThat(plain[2]).isEqualTo(z[Feature.RESIDUAL.ordinal()]);
  }
}
