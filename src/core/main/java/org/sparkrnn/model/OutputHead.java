package org.sparkrnn.model;

import org.sparkrnn.linalg.Gemm;
import org.sparkrnn.linalg.Rows;

/**
 * The linear output layer z = V h + c ("linear.weight" [O, H], "linear.bias" [O]), the output
 * function g and the loss, each forward with its backward below it. With tied weights V is
 * "embedding.weight" itself, so its gradient adds to the embedding's.
 */
final class OutputHead {
  static final String WEIGHT = "linear.weight";
  static final String BIAS = "linear.bias";

  private final Gemm gemm;
  private final int h;
  private final int o;
  private final Loss loss;
  final int weightOffset;
  private final int w;
  private final int b;

  OutputHead(Gemm gemm, ParamLayout layout, int h, int o, Loss loss) {
    this.gemm = gemm;
    this.h = h;
    this.o = o;
    this.loss = loss;
    this.w = layout.slot(layout.has(WEIGHT) ? WEIGHT : Embedding.WEIGHT).offset();
    this.weightOffset = w;
    this.b = layout.slot(BIAS).offset();
  }

  /** With {@code tied}, V is the embedding's table (added by {@link Embedding}), so only c. */
  static void addParams(ParamLayout.Builder builder, int h, int o, boolean tied) {
    if (!tied) {
      builder.matrix(WEIGHT, o, h);
    }
    builder.vector(BIAS, o, true);
  }

  /** z[rows × O] = H·Vᵀ + c, with H the rows×H block at {@code hOff} of {@code hsrc}. */
  void logits(double[] p, double[] hsrc, int hOff, int rows, double[] z, int zOff) {
    Rows.setVector(z, zOff, rows, o, p, b);
    gemm.gemm(false, true, rows, o, h, 1, hsrc, hOff, h, p, w, h, 1, z, zOff, o);
  }

  /** gV += dZᵀ·H, gc += Σ rows of dZ, and (if dH ≠ null) dH = dZ·V, overwritten. */
  void backward(double[] p, double[] g, double[] dz, int dzOff, int rows, double[] hsrc, int hOff,
      double[] dH, int dHOff) {
    gemm.gemm(true, false, o, h, rows, 1, dz, dzOff, o, hsrc, hOff, h, 1, g, w, h);
    Rows.addColumnSums(dz, dzOff, rows, o, o, g, b);
    if (dH != null) {
      gemm.gemm(false, false, rows, h, o, 1, dz, dzOff, o, p, w, h, 0, dH, dHOff, h);
    }
  }

  /** out[row] = g(z[row]) for {@code rows} rows. */
  void outputs(double[] z, int zOff, int rows, double[] out, int outOff) {
    for (int r = 0; r < rows; r++) {
      output(z, zOff + r * o, out, outOff + r * o);
    }
  }

  private void output(double[] z, int zo, double[] out, int oo) {
    switch (loss.output) {
      case "softmax" -> {
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < o; k++) {
          m = Math.max(m, z[zo + k]);
        }
        double s = 0;
        for (int k = 0; k < o; k++) {
          double e = Math.exp(z[zo + k] - m);
          out[oo + k] = e;
          s += e;
        }
        for (int k = 0; k < o; k++) {
          out[oo + k] /= s;
        }
      }
      case "sigmoid" -> {
        for (int k = 0; k < o; k++) {
          out[oo + k] = Activation.sigmoid(z[zo + k]);
        }
      }
      default -> System.arraycopy(z, zo, out, oo, o);
    }
  }

  /**
   * dz = (∂g/∂z)ᵀ·dOut for one row, given the row's outputs o = g(z): the backward of
   * {@link #outputs} (used where the output itself is fed back, as in Jordan nets).
   */
  void outputBackward(double[] out, int oo, double[] dOut, int dOff, double[] dz, int dzOff) {
    switch (loss.output) {
      case "softmax" -> {
        double dot = 0;
        for (int k = 0; k < o; k++) {
          dot += out[oo + k] * dOut[dOff + k];
        }
        for (int k = 0; k < o; k++) {
          dz[dzOff + k] = out[oo + k] * (dOut[dOff + k] - dot);
        }
      }
      case "sigmoid" -> {
        for (int k = 0; k < o; k++) {
          double y = out[oo + k];
          dz[dzOff + k] = dOut[dOff + k] * y * (1 - y);
        }
      }
      default -> System.arraycopy(dOut, dOff, dz, dzOff, o);
    }
  }

  /**
   * Loss of one item from its logits row, with dLoss/dz written to {@code dz} (added to it when
   * {@code accumulate}). Class target {@code cls} for softmax; real targets at {@code t[tOff..]}.
   */
  double loss(double[] z, int zo, int cls, double[] t, int tOff, double[] dz, int dzOff,
      boolean accumulate) {
    double total = 0;
    switch (loss) {
      case SOFTMAX_CROSS_ENTROPY -> {
        if (cls < 0 || cls >= o) {
          throw new IllegalArgumentException("class label " + cls + " outside 0.." + (o - 1));
        }
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < o; k++) {
          m = Math.max(m, z[zo + k]);
        }
        double s = 0;
        for (int k = 0; k < o; k++) {
          s += Math.exp(z[zo + k] - m);
        }
        double lse = m + Math.log(s);
        total = lse - z[zo + cls];
        if (dz != null) {
          for (int k = 0; k < o; k++) {
            double d = Math.exp(z[zo + k] - lse) - (k == cls ? 1 : 0);
            dz[dzOff + k] = accumulate ? dz[dzOff + k] + d : d;
          }
        }
      }
      case SIGMOID_BCE -> {
        for (int k = 0; k < o; k++) {
          double x = z[zo + k];
          double y = t[tOff + k];
          total += Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
          if (dz != null) {
            double d = Activation.sigmoid(x) - y;
            dz[dzOff + k] = accumulate ? dz[dzOff + k] + d : d;
          }
        }
      }
      case IDENTITY_MSE -> {
        for (int k = 0; k < o; k++) {
          double e = z[zo + k] - t[tOff + k];
          total += e * e;
          if (dz != null) {
            dz[dzOff + k] = accumulate ? dz[dzOff + k] + 2 * e : 2 * e;
          }
        }
      }
      case SIGMOID_MSE -> {
        for (int k = 0; k < o; k++) {
          double y = Activation.sigmoid(z[zo + k]);
          double e = y - t[tOff + k];
          total += e * e;
          if (dz != null) {
            double d = 2 * e * y * (1 - y);
            dz[dzOff + k] = accumulate ? dz[dzOff + k] + d : d;
          }
        }
      }
      default -> throw new AssertionError(loss);
    }
    return total;
  }

  /** dz[off, off+n) *= w: a weighted item's loss gradient (null dz: forward only). */
  static void scaleRow(double[] dz, int off, int n, double w) {
    if (dz != null) {
      for (int k = off; k < off + n; k++) {
        dz[k] *= w;
      }
    }
  }
}
