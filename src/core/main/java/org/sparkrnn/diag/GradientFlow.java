package org.sparkrnn.diag;

/**
 * The gradient-flow profile of one step: per layer and time step t of the window, the norm of the
 * gradient of the step's training loss (the summed loss divided by the item count, as the update
 * uses it) with respect to the layer's state h_t over the whole batch, i.e.
 * {@code sqrt(Σ_rows ‖∂E/∂h_t‖²) / divisor}. Gradient flows from t = T−1 back to t = 0.
 *
 * <ul>
 *   <li>{@code ratio[l]} = norm at t = 0 / norm at t = T−1 (first to last): far below 1 means
 *       the gradient vanished on its way back through the window, far above 1 that it grew.
 *   <li>{@code decay[l]}: the factor by which the norm is multiplied per step back in time,
 *       {@code exp(−b)} where b is the least-squares slope of ln norm_t against t over the steps
 *       with a non-zero norm. A fit uses every step, so one odd end step (e.g. the last step of a
 *       many-to-many window, which has no later steps feeding it) moves it less than the plain
 *       ratio. Below 1: vanishing; above 1: exploding.
 * </ul>
 * Undefined values (a zero last norm, fewer than two non-zero steps) are NaN.
 */
public record GradientFlow(double[][] norms, double[] decay, double[] ratio) {

  /** From the summed squares of {@link DiagnosticSums#flowSquares} and the loss divisor. */
  public static GradientFlow of(double[][] squares, double divisor) {
    int layers = squares.length;
    double[][] norms = new double[layers][];
    double[] decay = new double[layers];
    double[] ratio = new double[layers];
    for (int l = 0; l < layers; l++) {
      double[] sq = squares[l];
      double[] n = new double[sq.length];
      for (int t = 0; t < sq.length; t++) {
        n[t] = Math.sqrt(sq[t]) / divisor;
      }
      norms[l] = n;
      decay[l] = decayPerStep(n);
      ratio[l] = n.length == 0 || n[n.length - 1] == 0 ? Double.NaN : n[0] / n[n.length - 1];
    }
    return new GradientFlow(norms, decay, ratio);
  }

  /** exp(−slope) of the least-squares line through (t, ln norm_t) over the non-zero norms. */
  static double decayPerStep(double[] norms) {
    double st = 0;
    double sy = 0;
    int k = 0;
    for (int t = 0; t < norms.length; t++) {
      if (norms[t] > 0 && Double.isFinite(norms[t])) {
        st += t;
        sy += Math.log(norms[t]);
        k++;
      }
    }
    if (k < 2) {
      return Double.NaN;
    }
    double mt = st / k;
    double my = sy / k;
    double sxy = 0;
    double sxx = 0;
    for (int t = 0; t < norms.length; t++) {
      if (norms[t] > 0 && Double.isFinite(norms[t])) {
        double dt = t - mt;
        sxy += dt * (Math.log(norms[t]) - my);
        sxx += dt * dt;
      }
    }
    return Math.exp(-sxy / sxx);
  }
}
