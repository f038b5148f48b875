package io.sentinel.engine;

/**
 * Builder of {@link EngineSettings}; starts from the defaults. Each setter sets the knob of its
 * name (documented on {@link EngineSettings}).
 */
public final class EngineSettingsBuilder {
  // the SVM and its training set
  private long seed = 42L;
  private int warmupSamples = 200, trainingSize = 352, rowStride = 3, retrainEvery = 250;
  private double nu = 0.03, gamma = 0.2;

  // the features: windows, baselines, season
  private int historySize = 256, shortWindow = 8, seasonBuffer = 1536;
  private double fastAlpha = 0.2, slowAlpha = 0.005;
  private long seasonMs = 86_400_000L;

  // from SVM depth to score
  private double scoreScale = 2.0, pressureWeight = 0.25;
  private int smoothingWindow = 8,
      likelihoodWindow = 300,
      likelihoodWarmup = 50,
      pressureHalfLife = 1400;

  // alerts: thresholds, suppression, band
  private double alertThreshold = 0.5,
      majorThreshold = 0.565,
      criticalThreshold = 0.615,
      suppressDamping = 0.5,
      bandSigmas = 3.0;
  private int suppressSamples = 40;

  // the gross-departure, range and level-shift paths
  private double extremeCut = 14.0,
      extremePeakFactor = 2.0,
      extremePeakDecay = 0.9999,
      rangeTolerance = 0.03,
      rangeDecay = 2e-5,
      shiftCut = 20;
  private int grossMaturity = 2000, rangeMaturity = 1000;
  private double rangeQuantum = 1, volatilityQuantum = 2, residualQuantum = 2, shiftEchoCap = 0.9;

  // sampling: gaps between samples
  private double gapIntervals = 1.5;
  private double rangeDecayInterval = 300;
  private double rangeMaturityInterval = 300;
  private double rarityInterval = 300;
  private double seasonEchoWindow = 3600;
  private double trainingInterval = 300;
  private double pressureInterval = 300;
  private double calmInterval = 300;

  /** A builder starting from the defaults. */
  EngineSettingsBuilder() {}

  /** A builder starting from {@code s}. */
  EngineSettingsBuilder(EngineSettings s) {
    seed = s.seed();
    warmupSamples = s.warmupSamples();
    historySize = s.historySize();
    shortWindow = s.shortWindow();
    trainingSize = s.trainingSize();
    rowStride = s.rowStride();
    retrainEvery = s.retrainEvery();
    seasonMs = s.seasonMs();
    seasonBuffer = s.seasonBuffer();
    nu = s.nu();
    gamma = s.gamma();
    fastAlpha = s.fastAlpha();
    slowAlpha = s.slowAlpha();
    scoreScale = s.scoreScale();
    smoothingWindow = s.smoothingWindow();
    likelihoodWindow = s.likelihoodWindow();
    likelihoodWarmup = s.likelihoodWarmup();
    alertThreshold = s.alertThreshold();
    majorThreshold = s.majorThreshold();
    criticalThreshold = s.criticalThreshold();
    suppressSamples = s.suppressSamples();
    suppressDamping = s.suppressDamping();
    bandSigmas = s.bandSigmas();
    extremeCut = s.extremeCut();
    extremePeakFactor = s.extremePeakFactor();
    extremePeakDecay = s.extremePeakDecay();
    rangeTolerance = s.rangeTolerance();
    rangeDecay = s.rangeDecay();
    rangeMaturity = s.rangeMaturity();
    grossMaturity = s.grossMaturity();
    pressureWeight = s.pressureWeight();
    pressureHalfLife = s.pressureHalfLife();
    shiftCut = s.shiftCut();
    rangeQuantum = s.rangeQuantum();
    volatilityQuantum = s.volatilityQuantum();
    residualQuantum = s.residualQuantum();
    shiftEchoCap = s.shiftEchoCap();
    gapIntervals = s.gapIntervals();
    rangeDecayInterval = s.rangeDecayInterval();
    rangeMaturityInterval = s.rangeMaturityInterval();
    rarityInterval = s.rarityInterval();
    seasonEchoWindow = s.seasonEchoWindow();
    trainingInterval = s.trainingInterval();
    pressureInterval = s.pressureInterval();
    calmInterval = s.calmInterval();
  }

  public EngineSettingsBuilder seed(long v) {
    seed = v;
    return this;
  }

  public EngineSettingsBuilder warmupSamples(int v) {
    warmupSamples = v;
    return this;
  }

  public EngineSettingsBuilder historySize(int v) {
    historySize = v;
    return this;
  }

  public EngineSettingsBuilder shortWindow(int v) {
    shortWindow = v;
    return this;
  }

  public EngineSettingsBuilder trainingSize(int v) {
    trainingSize = v;
    return this;
  }

  public EngineSettingsBuilder rowStride(int v) {
    rowStride = v;
    return this;
  }

  public EngineSettingsBuilder retrainEvery(int v) {
    retrainEvery = v;
    return this;
  }

  public EngineSettingsBuilder seasonMs(long v) {
    seasonMs = v;
    return this;
  }

  public EngineSettingsBuilder seasonBuffer(int v) {
    seasonBuffer = v;
    return this;
  }

  public EngineSettingsBuilder nu(double v) {
    nu = v;
    return this;
  }

  public EngineSettingsBuilder gamma(double v) {
    gamma = v;
    return this;
  }

  public EngineSettingsBuilder fastAlpha(double v) {
    fastAlpha = v;
    return this;
  }

  public EngineSettingsBuilder slowAlpha(double v) {
    slowAlpha = v;
    return this;
  }

  public EngineSettingsBuilder scoreScale(double v) {
    scoreScale = v;
    return this;
  }

  public EngineSettingsBuilder smoothingWindow(int v) {
    smoothingWindow = v;
    return this;
  }

  public EngineSettingsBuilder likelihoodWindow(int v) {
    likelihoodWindow = v;
    return this;
  }

  public EngineSettingsBuilder likelihoodWarmup(int v) {
    likelihoodWarmup = v;
    return this;
  }

  public EngineSettingsBuilder alertThreshold(double v) {
    alertThreshold = v;
    return this;
  }

  public EngineSettingsBuilder majorThreshold(double v) {
    majorThreshold = v;
    return this;
  }

  public EngineSettingsBuilder criticalThreshold(double v) {
    criticalThreshold = v;
    return this;
  }

  public EngineSettingsBuilder suppressSamples(int v) {
    suppressSamples = v;
    return this;
  }

  public EngineSettingsBuilder suppressDamping(double v) {
    suppressDamping = v;
    return this;
  }

  public EngineSettingsBuilder bandSigmas(double v) {
    bandSigmas = v;
    return this;
  }

  public EngineSettingsBuilder extremeCut(double v) {
    extremeCut = v;
    return this;
  }

  public EngineSettingsBuilder extremePeakFactor(double v) {
    extremePeakFactor = v;
    return this;
  }

  public EngineSettingsBuilder extremePeakDecay(double v) {
    extremePeakDecay = v;
    return this;
  }

  public EngineSettingsBuilder rangeTolerance(double v) {
    rangeTolerance = v;
    return this;
  }

  public EngineSettingsBuilder rangeDecay(double v) {
    rangeDecay = v;
    return this;
  }

  public EngineSettingsBuilder rangeMaturity(int v) {
    rangeMaturity = v;
    return this;
  }

  public EngineSettingsBuilder grossMaturity(int v) {
    grossMaturity = v;
    return this;
  }

  public EngineSettingsBuilder pressureWeight(double v) {
    pressureWeight = v;
    return this;
  }

  public EngineSettingsBuilder pressureHalfLife(int v) {
    pressureHalfLife = v;
    return this;
  }

  public EngineSettingsBuilder shiftCut(double v) {
    shiftCut = v;
    return this;
  }

  public EngineSettingsBuilder rangeQuantum(double v) {
    rangeQuantum = v;
    return this;
  }

  public EngineSettingsBuilder volatilityQuantum(double v) {
    volatilityQuantum = v;
    return this;
  }

  public EngineSettingsBuilder residualQuantum(double v) {
    residualQuantum = v;
    return this;
  }

  public EngineSettingsBuilder shiftEchoCap(double v) {
    shiftEchoCap = v;
    return this;
  }

  public EngineSettingsBuilder gapIntervals(double v) {
    gapIntervals = v;
    return this;
  }

  public EngineSettingsBuilder rangeDecayInterval(double v) {
    rangeDecayInterval = v;
    return this;
  }

  public EngineSettingsBuilder rangeMaturityInterval(double v) {
    rangeMaturityInterval = v;
    return this;
  }

  public EngineSettingsBuilder rarityInterval(double v) {
    rarityInterval = v;
    return this;
  }

  public EngineSettingsBuilder seasonEchoWindow(double v) {
    seasonEchoWindow = v;
    return this;
  }

  public EngineSettingsBuilder trainingInterval(double v) {
    trainingInterval = v;
    return this;
  }

  public EngineSettingsBuilder pressureInterval(double v) {
    pressureInterval = v;
    return this;
  }

  public EngineSettingsBuilder calmInterval(double v) {
    calmInterval = v;
    return this;
  }

  public EngineSettings build() {
    return new EngineSettings(
        seed,
        warmupSamples,
        historySize,
        shortWindow,
        trainingSize,
        rowStride,
        retrainEvery,
        seasonMs,
        seasonBuffer,
        nu,
        gamma,
        fastAlpha,
        slowAlpha,
        scoreScale,
        smoothingWindow,
        likelihoodWindow,
        likelihoodWarmup,
        alertThreshold,
        majorThreshold,
        criticalThreshold,
        suppressSamples,
        suppressDamping,
        bandSigmas,
        extremeCut,
        extremePeakFactor,
        extremePeakDecay,
        rangeTolerance,
        rangeDecay,
        rangeMaturity,
        grossMaturity,
        pressureWeight,
        pressureHalfLife,
        shiftCut,
        rangeQuantum,
        volatilityQuantum,
        residualQuantum,
        shiftEchoCap,
        gapIntervals,
        rangeDecayInterval,
        rangeMaturityInterval,
        rarityInterval,
        seasonEchoWindow,
        trainingInterval,
        pressureInterval,
        calmInterval);
  }
}
