package org.sparkrnn.diag;

import java.io.Serializable;

/**
 * What the workers measure on a diagnosed step, as sums so that partitions add: per layer the
 * gradient-flow squares Σ_rows ‖∂E/∂h_t‖² per step t, the count of saturated unit values and of
 * values looked at, and (ReLU recurrences) per unit the count of valid steps on which it was
 * active. Arrays are null where nothing was measured.
 */
public final class DiagnosticSums implements Serializable {
  private static final long serialVersionUID = 1L;

  /** [layers][T]; rows of different partitions may have different T (the longer wins). */
  public double[][] flowSquares;
  /** [layers]: unit values in a saturated range (tanh/sigmoid units only). */
  public long[] saturated;
  /** [layers]: unit values looked at for saturation (0: activation has no saturated range). */
  public long[] saturationValues;
  /** [layers][H]: valid (row, step) pairs with a > 0 per ReLU unit; null when not ReLU. */
  public long[][] active;
  /** [layers]: valid (row, step) pairs looked at for dead units. */
  public long[] activeSteps;

  /** this += other; returns this. */
  public DiagnosticSums add(DiagnosticSums other) {
    if (other == null) {
      return this;
    }
    flowSquares = addRagged(flowSquares, other.flowSquares);
    saturated = addLongs(saturated, other.saturated);
    saturationValues = addLongs(saturationValues, other.saturationValues);
    activeSteps = addLongs(activeSteps, other.activeSteps);
    if (other.active != null) {
      if (active == null) {
        active = new long[other.active.length][];
      }
      for (int l = 0; l < active.length; l++) {
        active[l] = addLongs(active[l], other.active[l]);
      }
    }
    return this;
  }

  private static long[] addLongs(long[] a, long[] b) {
    if (b == null) {
      return a;
    }
    if (a == null) {
      return b.clone();
    }
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }

  private static double[][] addRagged(double[][] a, double[][] b) {
    if (b == null) {
      return a;
    }
    if (a == null) {
      a = new double[b.length][];
    }
    for (int l = 0; l < b.length; l++) {
      double[] x = a[l] == null ? new double[0] : a[l];
      double[] y = b[l] == null ? new double[0] : b[l];
      double[] s = new double[Math.max(x.length, y.length)];
      for (int t = 0; t < s.length; t++) {
        s[t] = (t < x.length ? x[t] : 0) + (t < y.length ? y[t] : 0);
      }
      a[l] = s;
    }
    return a;
  }
}
