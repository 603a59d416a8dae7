package org.sparkrnn.train;

import java.util.function.DoubleSupplier;

/**
 * Central finite differences in double precision, to check an analytic gradient:
 * (f(x + ε e_i) − f(x − ε e_i)) / 2ε for every entry i of x. x is perturbed in place and restored.
 */
public final class GradientCheck {
  public static final double DEFAULT_EPS = 1e-6;

  private GradientCheck() {}

  public static double[] numerical(double[] x, int from, int to, DoubleSupplier f, double eps) {
    double[] g = new double[to - from];
    for (int i = from; i < to; i++) {
      double saved = x[i];
      x[i] = saved + eps;
      double plus = f.getAsDouble();
      x[i] = saved - eps;
      double minus = f.getAsDouble();
      x[i] = saved;
      g[i - from] = (plus - minus) / (2 * eps);
    }
    return g;
  }

  public static double[] numerical(double[] x, DoubleSupplier f) {
    return numerical(x, 0, x.length, f, DEFAULT_EPS);
  }

  /**
   * max|analytic − numeric| / max(max|numeric|, 1e-12): the error relative to the tensor's scale
   * (an entry-wise ratio is meaningless for entries that are zero up to rounding).
   */
  public static double relativeError(double[] analytic, double[] numeric) {
    if (analytic.length != numeric.length) {
      return Double.POSITIVE_INFINITY;
    }
    double diff = 0;
    double scale = 1e-12;
    for (int i = 0; i < numeric.length; i++) {
      if (!Double.isFinite(analytic[i]) || !Double.isFinite(numeric[i])) {
        return Double.POSITIVE_INFINITY;
      }
      diff = Math.max(diff, Math.abs(analytic[i] - numeric[i]));
      scale = Math.max(scale, Math.abs(numeric[i]));
    }
    return diff / scale;
  }
}
