package org.sparkrnn.train;

import java.util.Map;

/**
 * torch.optim.RMSprop with centered=false, weight_decay 0. Per entry:
 * <pre>
 *   v   = alpha * v + (1 - alpha) * g * g          (state square_avg)
 *   avg = sqrt(v) + eps
 *   momentum == 0:  p = p - lr * g / avg
 *   else:           b = momentum * b + g / avg     (state momentum_buffer, starts at 0)
 *                   p = p - lr * b
 * </pre>
 */
public final class RmsProp extends BaseOptimizer {
  public static final double DEFAULT_ALPHA = 0.99;
  public static final double DEFAULT_EPS = 1e-8;

  private final double alpha;
  private final double eps;
  private final double momentum;
  private final double[] squareAvg;
  private final double[] buf;

  public RmsProp(int size) {
    this(size, DEFAULT_ALPHA, DEFAULT_EPS, 0.0);
  }

  public RmsProp(int size, double alpha, double eps, double momentum) {
    super(size);
    this.alpha = check("rmsprop", "alpha", alpha, 0, false, 1, false);
    this.eps = check("rmsprop", "eps", eps, 0, false, Double.MAX_VALUE, false);
    this.momentum = check("rmsprop", "momentum", momentum, 0, false, 1, false);
    this.squareAvg = register("square_avg");
    this.buf = momentum > 0 ? register("momentum_buffer") : null;
  }

  @Override
  protected void update(double[] p, double[] g, double lr, long t, int from, int to) {
    final double a = alpha;
    final double oneMinusA = 1 - alpha;
    final double negLr = -lr;
    for (int i = from; i < to; i++) {
      double gi = g[i];
      double v = squareAvg[i] * a + oneMinusA * gi * gi;
      squareAvg[i] = v;
      double avg = Math.sqrt(v) + eps;
      if (buf == null) {
        p[i] += negLr * gi / avg;
      } else {
        double b = buf[i] * momentum + gi / avg;
        buf[i] = b;
        p[i] += negLr * b;
      }
    }
  }

  @Override
  public String name() {
    return "rmsprop";
  }

  @Override
  public Map<String, Double> hyper() {
    return ordered(new String[] {"alpha", "eps", "momentum"}, alpha, eps, momentum);
  }
}
