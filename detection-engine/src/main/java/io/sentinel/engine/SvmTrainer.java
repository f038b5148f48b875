package io.sentinel.engine;

import java.util.Arrays;
import libsvm.svm;
import libsvm.svm_model;
import libsvm.svm_node;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.anomaly.libsvm.LibSVMAnomalyTrainer;
import org.tribuo.anomaly.libsvm.SVMAnomalyType;
import org.tribuo.common.libsvm.KernelType;
import org.tribuo.common.libsvm.LibSVMModel;
import org.tribuo.common.libsvm.SVMParameters;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains the one-class SVM with Tribuo (LibSVM, ONE_CLASS, RBF) on standardised feature rows and
 * extracts the compact parameters scoring needs.
 *
 * <p>LibSVM trains under a global lock and prints progress to stdout; the print function is
 * silenced once for the whole JVM here, and training is serialised on this class.
 */
final class SvmTrainer {
  /** Quantile of the training rows' depths that marks the edge of normal. */
  private static final double EDGE_QUANTILE = 0.99;

  private static final AnomalyFactory FACTORY = new AnomalyFactory();
  private static final String[] NAMES = new String[Feature.COUNT];

  static {
    svm.svm_set_print_string_function(s -> {});
    for (Feature f : Feature.ALL) {
      NAMES[f.ordinal()] = f.tribuoName;
    }
  }

  private SvmTrainer() {}

  /**
   * @param rows raw feature rows, row-major, {@code n * Feature.COUNT} values
   * @param n number of rows
   */
  static CompactSvm train(float[] rows, int n, EngineSettings settings) {
    int d = Feature.COUNT;
    double[] mean = new double[d];
    double[] scale = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        mean[j] += rows[i * d + j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        double diff = rows[i * d + j] - mean[j];
        scale[j] += diff * diff;
      }
    }
    for (int j = 0; j < d; j++) {
      // the floor keeps a constant feature from making every tiny departure infinitely far
      scale[j] = Math.sqrt(scale[j] / n + 1e-4);
    }

    MutableDataset<Event> dataset =
        new MutableDataset<>(new SimpleDataSourceProvenance("series-history", FACTORY), FACTORY);
    double[] values = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        values[j] = (rows[i * d + j] - mean[j]) / scale[j];
      }
      dataset.add(new ArrayExample<>(AnomalyFactory.EXPECTED_EVENT, NAMES, values));
    }

    SVMParameters<Event> params =
        new SVMParameters<>(new SVMAnomalyType(SVMAnomalyType.SVMMode.ONE_CLASS), KernelType.RBF);
    params.setGamma(settings.gamma());
    params.setNu(settings.nu());
    // a few hundred rows need a kernel cache of well under a megabyte; LibSVM's default of 100 MB
    // (allocated per training) dominated the training time
    params.setCacheSize(1);
    LibSVMModel<Event> model;
    // LibSVM itself trains under a global lock; holding one around all of Tribuo's training path
    // (provenance, feature maps) as well costs little, since training is a small share of the work
    synchronized (SvmTrainer.class) {
      model = new LibSVMAnomalyTrainer(params, settings.seed()).train(dataset);
    }

    svm_model inner = model.getInnerModels().get(0);
    ImmutableFeatureMap featureMap = model.getFeatureIDMap();
    int[] column = new int[featureMap.size()];
    Arrays.fill(column, -1);
    for (Feature f : Feature.ALL) {
      int id = featureMap.getID(f.tribuoName);
      if (id >= 0) {
        column[id] = f.ordinal();
      }
    }
    int count = inner.l;
    double[] sv = new double[count * d];
    double[] coef = new double[count];
    for (int i = 0; i < count; i++) {
      coef[i] = inner.sv_coef[0][i];
      for (svm_node node : inner.SV[i]) {
        if (node.index >= 0 && node.index < column.length && column[node.index] >= 0) {
          sv[i * d + column[node.index]] = node.value;
        }
      }
    }
    CompactSvm compact = new CompactSvm(d, sv, coef, inner.rho[0], settings.gamma(), mean, scale);
    double[] depths = new double[n];
    double[] row = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        row[j] = (rows[i * d + j] - mean[j]) / scale[j];
      }
      depths[i] = compact.depth(row);
    }
    Arrays.sort(depths);
    compact.edge = Math.max(0, depths[Math.min(n - 1, (int) Math.floor(EDGE_QUANTILE * n))]);
    return compact;
  }
}
