package org.sparkrnn.model;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * Fills parameters from an {@link InitConfig} and a seed. Each tensor draws from its own stream
 * (seed, tensor index), so the values of one tensor do not depend on the others' sizes. Gated
 * cells are initialised gate block by gate block ([H × in] each), as their fan-in/fan-out are.
 */
public final class Initializer {
  private Initializer() {}

  public static Params initialize(ModelConfig model, InitConfig init, long seed) {
    Params p = new Params(Network.layoutOf(model));
    int h = model.hiddenSize();
    int index = 0;
    for (Slot s : p.layout().slots()) {
      SplittableRandom r = new SplittableRandom(mix(seed, index++));
      double[] d = p.data();
      String name = s.name();
      double fixed = normalizationStart(name);
      if (!Double.isNaN(fixed)) {
        java.util.Arrays.fill(d, s.offset(), s.offset() + s.size(), fixed);
        continue;
      }
      if (name.equals(Embedding.WEIGHT)) {
        for (int i = 0; i < s.size(); i++) {
          d[s.offset() + i] = r.nextGaussian() * init.embeddingStd();
        }
        continue;
      }
      if (init.input().equals("torch")) {
        // torch: U(±1/√H) for the rnn's tensors, U(±1/√fan_in) for nn.Linear's, where the head
        // reads H, or 2H when bidirectional
        double a = 1 / Math.sqrt(name.startsWith("linear.") ? model.layerOutput() : h);
        for (int i = 0; i < s.size(); i++) {
          d[s.offset() + i] = (2 * r.nextDouble() - 1) * a;
        }
        continue;
      }
      if (s.bias()) {
        if (model.cell() == CellType.LSTM && name.startsWith("rnn.bias_ih")) {
          java.util.Arrays.fill(d, s.offset() + h, s.offset() + 2 * h, init.forgetBias());
        }
        continue;
      }
      boolean recurrent = name.startsWith("rnn.weight_hh");
      String kind = recurrent ? init.recurrent() : init.input();
      int blockRows = s.rows() > h && name.startsWith("rnn.") ? h : s.rows();
      for (int off = 0; off < s.rows(); off += blockRows) {
        fill(kind, d, s.offset() + off * s.cols(), blockRows, s.cols(), init, r);
      }
    }
    return p;
  }

  /**
   * The fixed start of a normalization tensor, whatever the init scheme: layer-norm gain 1,
   * batch-norm gain 0.1 (Cooijmans et al. 2016), shifts and running means 0, running variances 1;
   * NaN for every other tensor.
   */
  private static double normalizationStart(String name) {
    if (name.startsWith("rnn.ln_weight")) {
      return 1;
    }
    if (name.startsWith("rnn.bn_weight")) {
      return 0.1;
    }
    if (name.startsWith("rnn.bn_running_var")) {
      return 1;
    }
    if (name.startsWith("rnn.ln_bias") || name.startsWith("rnn.bn_bias")
        || name.startsWith("rnn.bn_running_mean")) {
      return 0;
    }
    return Double.NaN;
  }

  private static void fill(String kind, double[] d, int off, int rows, int cols, InitConfig init,
      SplittableRandom r) {
    int n = rows * cols;
    switch (kind) {
      case "xavier_uniform" -> {
        double a = Math.sqrt(6.0 / (rows + cols));
        for (int i = 0; i < n; i++) {
          d[off + i] = (2 * r.nextDouble() - 1) * a;
        }
      }
      case "xavier_normal" -> {
        double std = Math.sqrt(2.0 / (rows + cols));
        for (int i = 0; i < n; i++) {
          d[off + i] = r.nextGaussian() * std;
        }
      }
      case "normal" -> {
        for (int i = 0; i < n; i++) {
          d[off + i] = r.nextGaussian() * init.normalStd();
        }
      }
      case "identity" -> {
        for (int i = 0; i < rows; i++) {
          for (int j = 0; j < cols; j++) {
            d[off + i * cols + j] = i == j ? init.recurrentScale() : 0;
          }
        }
      }
      case "orthogonal" -> orthogonal(d, off, rows, cols, init.recurrentScale(), r);
      default -> throw new IllegalArgumentException("unknown initialisation '" + kind + "'");
    }
  }

  /** Q of the QR decomposition of a Gaussian matrix, signs fixed by diag(R): Haar-distributed. */
  private static void orthogonal(double[] d, int off, int rows, int cols, double scale,
      SplittableRandom r) {
    int n = Math.max(rows, cols);
    DMatrixRMaj a = new DMatrixRMaj(n, n);
    for (int i = 0; i < n * n; i++) {
      a.data[i] = r.nextGaussian();
    }
    QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(n, n);
    if (!qr.decompose(a)) {
      throw new IllegalStateException("QR decomposition failed");
    }
    DMatrixRMaj q = qr.getQ(null, false);
    DMatrixRMaj rr = qr.getR(null, false);
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        double sign = rr.get(j, j) < 0 ? -1 : 1;
        d[off + i * cols + j] = scale * sign * q.get(i, j);
      }
    }
  }

  /** SplitMix64 of (seed, index): independent streams for nearby seeds and indices. */
  public static long mix(long seed, long index) {
    long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
