package org.sparkrnn.model;

/**
 * Layer normalization (Ba, Kiros & Hinton 2016) of the recurrent term W_hh·h_{t−1}, per example,
 * step and gate block: each block k of width H of a row is normalized over its H entries,
 * y = γ_k ⊙ (x − μ)/√(σ² + ε) + β_k, with learned gain γ ("rnn.ln_weight_l{k}", starts at 1) and
 * bias β ("rnn.ln_bias_l{k}", starts at 0), both [G·H]. Statistics are per row, so nothing depends
 * on the batch or how it is split. Rows are processed a step (B rows) at a time; x̂ and 1/σ of
 * every row of the window are kept for the backward pass.
 */
final class LayerNorm {
  private final int blocks;
  private final int h;
  private final int width;
  private final int gain;
  private final int bias;
  private final double eps;
  private double[] xhat;
  private double[] inv;

  LayerNorm(ParamLayout layout, int index, boolean reverse, int blocks, int h, double eps) {
    this.blocks = blocks;
    this.h = h;
    this.width = blocks * h;
    this.gain = layout.slot(gainName(index, reverse)).offset();
    this.bias = layout.slot(biasName(index, reverse)).offset();
    this.eps = eps;
  }

  static String gainName(int index, boolean reverse) {
    return RecurrentLayer.name("ln_weight", index, reverse);
  }

  static String biasName(int index, boolean reverse) {
    return RecurrentLayer.name("ln_bias", index, reverse);
  }

  static void addParams(ParamLayout.Builder b, int index, boolean reverse, int width) {
    b.vector(gainName(index, reverse), width, true).vector(biasName(index, reverse), width, true);
  }

  /** Makes room for {@code rows} rows (the window's T·B). */
  void begin(int rows) {
    xhat = org.sparkrnn.linalg.Rows.ensure(xhat, rows * width);
    inv = org.sparkrnn.linalg.Rows.ensure(inv, rows * blocks);
  }

  /**
   * Rows [row0, row0 + n) of the window: y = γ⊙x̂ + β from x (rows of width G·H at {@code xOff}),
   * written to y at {@code yOff} (added to it when {@code add}).
   */
  void forward(double[] p, double[] x, int xOff, int row0, int n, double[] y, int yOff,
      boolean add) {
    for (int r = 0; r < n; r++) {
      for (int k = 0; k < blocks; k++) {
        int xo = xOff + r * width + k * h;
        double mean = 0;
        for (int j = 0; j < h; j++) {
          mean += x[xo + j];
        }
        mean /= h;
        double var = 0;
        for (int j = 0; j < h; j++) {
          double d = x[xo + j] - mean;
          var += d * d;
        }
        var /= h;
        double is = 1 / Math.sqrt(var + eps);
        inv[(row0 + r) * blocks + k] = is;
        int ho = (row0 + r) * width + k * h;
        int yo = yOff + r * width + k * h;
        for (int j = 0; j < h; j++) {
          double xh = (x[xo + j] - mean) * is;
          xhat[ho + j] = xh;
          double v = p[gain + k * h + j] * xh + p[bias + k * h + j];
          y[yo + j] = add ? y[yo + j] + v : v;
        }
      }
    }
  }

  /**
   * The backward of {@link #forward} for rows [row0, row0 + n): from dy (at {@code dyOff}) adds
   * dγ = Σ dy⊙x̂ and dβ = Σ dy into g and writes dx = (1/σ)·(dx̂ − mean(dx̂) − x̂·mean(dx̂⊙x̂)),
   * dx̂ = γ⊙dy, to dx at {@code dxOff}.
   */
  void backward(double[] p, double[] g, double[] dy, int dyOff, int row0, int n, double[] dx,
      int dxOff) {
    for (int r = 0; r < n; r++) {
      for (int k = 0; k < blocks; k++) {
        int ho = (row0 + r) * width + k * h;
        int dyo = dyOff + r * width + k * h;
        double sum = 0;
        double dot = 0;
        for (int j = 0; j < h; j++) {
          double d = dy[dyo + j];
          double xh = xhat[ho + j];
          g[gain + k * h + j] += d * xh;
          g[bias + k * h + j] += d;
          double dxh = d * p[gain + k * h + j];
          sum += dxh;
          dot += dxh * xh;
        }
        sum /= h;
        dot /= h;
        double is = inv[(row0 + r) * blocks + k];
        int dxo = dxOff + r * width + k * h;
        for (int j = 0; j < h; j++) {
          double dxh = dy[dyo + j] * p[gain + k * h + j];
          dx[dxo + j] = is * (dxh - sum - xhat[ho + j] * dot);
        }
      }
    }
  }
}
