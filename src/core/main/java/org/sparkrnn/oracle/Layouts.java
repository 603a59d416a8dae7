package org.sparkrnn.oracle;

/** Between the golden files' batch-first [B, T, W] tensors and the engine's time-major rows. */
final class Layouts {
  private Layouts() {}

  static double[] toTimeMajor(double[] v, int batch, int steps, int width) {
    double[] out = new double[v.length];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < steps; t++) {
        System.arraycopy(v, (b * steps + t) * width, out, (t * batch + b) * width, width);
      }
    }
    return out;
  }

  static double[] toBatchFirst(double[] v, int batch, int steps, int width) {
    double[] out = new double[v.length];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < steps; t++) {
        System.arraycopy(v, (t * batch + b) * width, out, (b * steps + t) * width, width);
      }
    }
    return out;
  }

  static int[] toTimeMajor(int[] v, int batch, int steps) {
    int[] out = new int[v.length];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < steps; t++) {
        out[t * batch + b] = v[b * steps + t];
      }
    }
    return out;
  }

  /** Concatenates per-layer arrays into PyTorch's [L, B, H] state layout. */
  static double[] stack(double[][] perLayer) {
    int n = 0;
    for (double[] a : perLayer) {
      n += a.length;
    }
    double[] out = new double[n];
    int off = 0;
    for (double[] a : perLayer) {
      System.arraycopy(a, 0, out, off, a.length);
      off += a.length;
    }
    return out;
  }

  /** Splits PyTorch's [L, B, H] state into per-layer arrays. */
  static double[][] unstack(double[] v, int layers) {
    int n = v.length / layers;
    double[][] out = new double[layers][];
    for (int l = 0; l < layers; l++) {
      out[l] = java.util.Arrays.copyOfRange(v, l * n, (l + 1) * n);
    }
    return out;
  }

  /**
   * A batch-first [B, T, W] array with the steps past each sequence's length set to zero, as
   * PyTorch's pad_packed_sequence leaves them (ours hold whatever padding computed); unchanged
   * when {@code lengths} is null.
   */
  static double[] padWithZeros(double[] v, int[] lengths, int steps) {
    if (lengths == null) {
      return v;
    }
    int width = v.length / (lengths.length * steps);
    for (int b = 0; b < lengths.length; b++) {
      java.util.Arrays.fill(v, (b * steps + lengths[b]) * width, (b + 1) * steps * width, 0);
    }
    return v;
  }
}
