package org.sparkrnn.train;

import java.util.Map;

/**
 * torch.optim.Adagrad with lr_decay 0, initial_accumulator_value 0, weight_decay 0. Per entry:
 * <pre>
 *   s = s + g * g                       (state sum)
 *   p = p - lr * g / (sqrt(s) + eps)
 * </pre>
 */
public final class Adagrad extends BaseOptimizer {
  public static final double DEFAULT_EPS = 1e-10;

  private final double eps;
  private final double[] sum;

  public Adagrad(int size) {
    this(size, DEFAULT_EPS);
  }

  public Adagrad(int size, double eps) {
    super(size);
    this.eps = check("adagrad", "eps", eps, 0, false, Double.MAX_VALUE, false);
    this.sum = register("sum");
  }

  @Override
  protected void update(double[] p, double[] g, double lr, long t, int from, int to) {
    final double negLr = -lr; // clr = lr / (1 + (t - 1) * lr_decay) = lr
    for (int i = from; i < to; i++) {
      double gi = g[i];
      double s = sum[i] + gi * gi;
      sum[i] = s;
      p[i] += negLr * gi / (Math.sqrt(s) + eps);
    }
  }

  @Override
  public String name() {
    return "adagrad";
  }

  @Override
  public Map<String, Double> hyper() {
    return ordered(new String[] {"eps"}, eps);
  }
}
