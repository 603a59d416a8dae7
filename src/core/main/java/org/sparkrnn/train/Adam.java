package org.sparkrnn.train;

import java.util.Map;

/**
 * torch.optim.Adam with amsgrad=false, weight_decay 0. Per entry, on step t:
 * <pre>
 *   m = beta1 * m + (1 - beta1) * g               (state exp_avg)
 *   v = beta2 * v + (1 - beta2) * g * g           (state exp_avg_sq)
 *   p = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * eps is added after the bias correction, as PyTorch does (not TensorFlow's epsilon-hat form).
 */
public final class Adam extends BaseOptimizer {
  public static final double DEFAULT_BETA1 = 0.9;
  public static final double DEFAULT_BETA2 = 0.999;
  public static final double DEFAULT_EPS = 1e-8;

  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double[] m;
  private final double[] v;

  public Adam(int size) {
    this(size, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS);
  }

  public Adam(int size, double beta1, double beta2, double eps) {
    super(size);
    this.beta1 = check("adam", "beta1", beta1, 0, false, 1, true);
    this.beta2 = check("adam", "beta2", beta2, 0, false, 1, true);
    this.eps = check("adam", "eps", eps, 0, false, Double.MAX_VALUE, false);
    this.m = register("exp_avg");
    this.v = register("exp_avg_sq");
  }

  @Override
  protected void update(double[] p, double[] g, double lr, long t, int from, int to) {
    final double b1 = beta1;
    final double b2 = beta2;
    final double oneMinusB1 = 1 - b1;
    final double oneMinusB2 = 1 - b2;
    final double biasCorrection1 = 1 - Math.pow(b1, t);
    final double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(b2, t));
    final double negStepSize = -(lr / biasCorrection1);
    for (int i = from; i < to; i++) {
      double gi = g[i];
      double mi = m[i] * b1 + oneMinusB1 * gi;
      double vi = v[i] * b2 + oneMinusB2 * gi * gi;
      m[i] = mi;
      v[i] = vi;
      double denom = Math.sqrt(vi) / biasCorrection2Sqrt + eps;
      p[i] += negStepSize * mi / denom;
    }
  }

  @Override
  public String name() {
    return "adam";
  }

  @Override
  public Map<String, Double> hyper() {
    return ordered(new String[] {"beta1", "beta2", "eps"}, beta1, beta2, eps);
  }
}
