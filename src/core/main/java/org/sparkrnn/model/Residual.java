package org.sparkrnn.model;

import org.sparkrnn.linalg.Gemm;

/**
 * The residual link around layer l: out_l = h_l + R_l(input_l), with R_l the identity when the
 * input is dense and as wide as the layer (H), else a learned projection "res.weight_l{k}"
 * [H × in] without bias (for token input a column gather, the product with the one-hot input).
 */
final class Residual {
  private final Gemm gemm;
  private final int in;
  private final int h;
  private final boolean tokenInput;
  private final int w;

  Residual(Gemm gemm, ParamLayout layout, int index, int in, int h, boolean tokenInput) {
    this.gemm = gemm;
    this.in = in;
    this.h = h;
    this.tokenInput = tokenInput;
    this.w = projected(in, h, tokenInput) ? layout.slot(name(index)).offset() : -1;
  }

  static String name(int index) {
    return "res.weight_l" + index;
  }

  static boolean projected(int in, int h, boolean tokenInput) {
    return tokenInput || in != h;
  }

  static void addParams(ParamLayout.Builder b, int index, int in, int h, boolean tokenInput) {
    if (projected(in, h, tokenInput)) {
      b.matrix(name(index), h, in);
    }
  }

  /** out[rows × H] += R(input): X at {@code xOff} ([rows × in]) or {@code tokens}. */
  void forward(double[] p, double[] x, int xOff, int[] tokens, int rows, double[] out) {
    if (w < 0) {
      for (int i = 0; i < rows * h; i++) {
        out[i] += x[xOff + i];
      }
    } else if (tokenInput) {
      for (int r = 0; r < rows; r++) {
        int tok = tokens[r];
        for (int j = 0; j < h; j++) {
          out[r * h + j] += p[w + j * in + tok];
        }
      }
    } else {
      gemm.gemm(false, true, rows, h, in, 1, x, xOff, in, p, w, in, 1, out, 0, h);
    }
  }

  /**
   * From dOut = dLoss/d out [rows × H]: gR += dOutᵀ·X, and dX [rows × in] = dOut·R (overwritten)
   * when {@code dX} is not null.
   */
  void backward(double[] p, double[] g, double[] dOut, double[] x, int xOff, int[] tokens,
      int rows, double[] dX) {
    if (w < 0) {
      if (dX != null) {
        System.arraycopy(dOut, 0, dX, 0, rows * h);
      }
    } else if (tokenInput) {
      for (int r = 0; r < rows; r++) {
        int tok = tokens[r];
        for (int j = 0; j < h; j++) {
          g[w + j * in + tok] += dOut[r * h + j];
        }
      }
    } else {
      gemm.gemm(true, false, h, in, rows, 1, dOut, 0, h, x, xOff, in, 1, g, w, in);
      if (dX != null) {
        gemm.gemm(false, false, rows, in, h, 1, dOut, 0, h, p, w, in, 0, dX, 0, in);
      }
    }
  }
}
