package org.sparkrnn.model;

/**
 * The state a window starts from (or ends with), per sequence of the batch: h per layer [B × H],
 * c per layer for LSTM (a bidirectional layer has two of each, forward then backward), and for Jordan nets the fed-back output y [B × O]. Null arrays mean zeros.
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
    int states = config.layers() * config.directions(); // torch's order: l0, l0 reverse, l1, ...
    double[][] h = new double[states][bh];
    double[][] c = config.cell() == CellType.LSTM ? new double[states][bh] : null;
    return new RecurrentState(batch, h, c, null);
  }

  double[] h(int layer) {
    return h == null ? null : h[layer];
  }

  double[] c(int layer) {
    return c == null ? null : c[layer];
  }

  /** Sequence b's whole state as one array: h of every layer, then c of every layer, then y. */
  public double[] row(int b) {
    int width = 0;
    for (double[][] part : new double[][][] {h, c}) {
      if (part != null) {
        for (double[] layer : part) {
          width += layer.length / batch;
        }
      }
    }
    if (y != null) {
      width += y.length / batch;
    }
    double[] out = new double[width];
    int off = 0;
    for (double[][] part : new double[][][] {h, c}) {
      if (part != null) {
        for (double[] layer : part) {
          int w = layer.length / batch;
          System.arraycopy(layer, b * w, out, off, w);
          off += w;
        }
      }
    }
    if (y != null) {
      int w = y.length / batch;
      System.arraycopy(y, b * w, out, off, w);
    }
    return out;
  }

  /** The inverse of {@link #row}: a batch state from per-sequence rows (null rows are zeros). */
  public static RecurrentState fromRows(ModelConfig config, java.util.List<double[]> rows) {
    RecurrentState s = zeros(config, rows.size());
    for (int b = 0; b < rows.size(); b++) {
      double[] r = rows.get(b);
      if (r == null) {
        continue;
      }
      int off = 0;
      for (double[][] part : new double[][][] {s.h, s.c}) {
        if (part != null) {
          for (double[] layer : part) {
            int w = layer.length / s.batch;
            System.arraycopy(r, off, layer, b * w, w);
            off += w;
          }
        }
      }
      if (s.y != null) {
        int w = s.y.length / s.batch;
        System.arraycopy(r, off, s.y, b * w, w);
      }
    }
    return s;
  }
}
