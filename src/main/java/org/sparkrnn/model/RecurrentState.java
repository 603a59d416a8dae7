package org.sparkrnn.model;

/**
 * The state a window starts from (or ends with), per sequence of the batch: h per layer [B × H],
 * c per layer for LSTM, and for Jordan nets the fed-back output y [B × O]. Null arrays mean zeros.
 */
public final class RecurrentState {
  public final int batch;
  public final double[][] h;
  public final double[][] c;
  public final double[] y;

  public RecurrentState(int batch, double[][] h, double[][] c, double[] y) {
    this.batch = batch;
    this.h = h;
    this.c = c;
    this.y = y;
  }

  /** An all-zero state shaped for {@code config} and B sequences. */
  public static RecurrentState zeros(ModelConfig config, int batch) {
    int bh = batch * config.hiddenSize();
    if (config.cell() == CellType.JORDAN) {
      return new RecurrentState(batch, new double[][] {new double[bh]}, null,
          new double[batch * config.outputSize()]);
    }
    double[][] h = new double[config.layers()][bh];
    double[][] c = config.cell() == CellType.LSTM ? new double[config.layers()][bh] : null;
    return new RecurrentState(batch, h, c, null);
  }

  double[] h(int layer) {
    return h == null ? null : h[layer];
  }

  double[] c(int layer) {
    return c == null ? null : c[layer];
  }
}
