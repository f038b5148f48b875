package io.sentinel.query.analyze;

import io.sentinel.engine.Detection;
import io.sentinel.engine.DetectionEngine;
import io.sentinel.engine.EngineSettings;
import io.sentinel.engine.SeriesState;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Batch analysis of a posted series with the detector's own engine and settings, on a fresh series
 * state: the live detection state (in the detector's Kafka Streams stores) is never touched. CPU
 * bound and, while the SVM trains, serialized on LibSVM's global lock: call it on a worker thread.
 */
@ApplicationScoped
public class AnalysisService {
  private final DetectionEngine engine = new DetectionEngine(EngineSettings.defaults());

  /** One posted point, already validated: finite value, timestamps not decreasing. */
  public record Point(long timestampMs, double value) {}

  public Analysis analyze(List<Point> points) {
    SeriesState state = engine.newSeries();
    List<Analysis.Result> results = new ArrayList<>(points.size());
    List<Analysis.Result> anomalies = new ArrayList<>();
    int warmup = 0;
    for (Point p : points) {
      Detection d = engine.update(state, p.timestampMs(), p.value());
      Analysis.Result r =
          new Analysis.Result(
              Instant.ofEpochMilli(d.timestamp()),
              d.value(),
              d.score(),
              d.warmingUp(),
              d.anomalous(),
              d.severity() == null ? null : d.severity().wire(),
              finite(d.expectedLow()),
              finite(d.expectedHigh()),
              d.explanation());
      results.add(r);
      if (d.warmingUp()) {
        warmup++;
      }
      if (d.anomalous()) {
        anomalies.add(r);
      }
    }
    return new Analysis(points.size(), warmup, anomalies.size(), results, anomalies, null);
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
