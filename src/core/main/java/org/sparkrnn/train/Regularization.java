package org.sparkrnn.train;

import org.sparkrnn.model.ParamLayout;

/**
 * L1 and L2 penalties on the entries a mask selects (by default {@link ParamLayout#weightMask()}:
 * every weight, no bias):
 * <pre>
 *   penalty  = lambda1 * sum |w_i| + lambda2 / 2 * sum w_i^2      over masked i
 *   gradient += lambda1 * sign(w_i) + lambda2 * w_i               over masked i  (sign(0) = 0)
 * </pre>
 * lambda2 here equals PyTorch's weight_decay.
 */
public final class Regularization {
  private final double lambda1;
  private final double lambda2;
  private final boolean[] mask;

  /** @param mask which entries are penalized; its length is the parameter count */
  public Regularization(double lambda1, double lambda2, boolean[] mask) {
    this.lambda1 = check("l1", lambda1);
    this.lambda2 = check("l2", lambda2);
    if (mask == null) {
      throw new IllegalArgumentException("regularization needs a mask");
    }
    this.mask = mask.clone();
  }

  /** Penalizes the weights of {@code layout}, not its biases. */
  public static Regularization forLayout(ParamLayout layout, double lambda1, double lambda2) {
    return new Regularization(lambda1, lambda2, layout.weightMask());
  }

  public double lambda1() {
    return lambda1;
  }

  public double lambda2() {
    return lambda2;
  }

  public boolean isZero() {
    return lambda1 == 0 && lambda2 == 0;
  }

  /** Adds the penalty's gradient to {@code grad} in place. Shapes: both of the mask's length. */
  public void addGradient(double[] params, double[] grad) {
    checkLength(params, grad);
    if (isZero()) {
      return;
    }
    final double l1 = lambda1;
    final double l2 = lambda2;
    for (int i = 0; i < mask.length; i++) {
      if (mask[i]) {
        double w = params[i];
        grad[i] += l2 * w + l1 * Math.signum(w);
      }
    }
  }

  /** lambda1 * sum |w| + lambda2 / 2 * sum w^2 over the masked entries. */
  public double penalty(double[] params) {
    checkLength(params, params);
    if (isZero()) {
      return 0.0;
    }
    double abs = 0;
    double sq = 0;
    for (int i = 0; i < mask.length; i++) {
      if (mask[i]) {
        double w = params[i];
        abs += Math.abs(w);
        sq += w * w;
      }
    }
    return lambda1 * abs + lambda2 / 2 * sq;
  }

  private void checkLength(double[] params, double[] grad) {
    if (params.length != mask.length || grad.length != mask.length) {
      throw new IllegalArgumentException("regularization mask has " + mask.length
          + " entries, got params[" + params.length + "] and grad[" + grad.length + "]");
    }
  }

  private static double check(String key, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(key + " must be finite and >= 0, got " + v);
    }
    return v;
  }
}
