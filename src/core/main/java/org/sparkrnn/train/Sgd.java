package org.sparkrnn.train;

import java.util.Map;

/**
 * torch.optim.SGD with dampening 0 and weight_decay 0. Per entry, on step t:
 * <pre>
 *   momentum == 0:  p = p - lr * g
 *   else:           b = (t == 1) ? g : momentum * b + g          (state momentum_buffer)
 *                   d = nesterov ? g + momentum * b : b
 *                   p = p - lr * d
 * </pre>
 */
public final class Sgd extends BaseOptimizer {
  private final double momentum;
  private final boolean nesterov;
  private final double[] buf;

  /** Plain SGD. */
  public Sgd(int size) {
    this(size, 0.0, false);
  }

  public Sgd(int size, double momentum, boolean nesterov) {
    super(size);
    this.momentum = check("sgd", "momentum", momentum, 0, false, 1, false);
    this.nesterov = nesterov;
    if (nesterov && momentum <= 0) {
      throw new IllegalArgumentException("nesterov: momentum must be > 0, got " + momentum);
    }
    this.buf = momentum > 0 ? register("momentum_buffer") : null;
  }

  public double momentum() {
    return momentum;
  }

  public boolean nesterov() {
    return nesterov;
  }

  @Override
  protected void update(double[] p, double[] g, double lr, long t, int from, int to) {
    final double negLr = -lr;
    if (buf == null) {
      for (int i = from; i < to; i++) {
        p[i] += negLr * g[i];
      }
      return;
    }
    final double mu = momentum;
    final boolean first = t == 1;
    for (int i = from; i < to; i++) {
      double b = first ? g[i] : buf[i] * mu + g[i];
      buf[i] = b;
      double d = nesterov ? g[i] + mu * b : b;
      p[i] += negLr * d;
    }
  }

  @Override
  public String name() {
    return nesterov ? "nesterov" : momentum > 0 ? "momentum" : "sgd";
  }

  @Override
  public Map<String, Double> hyper() {
    return ordered(new String[] {"momentum"}, momentum);
  }
}
