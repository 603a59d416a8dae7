package org.sparkrnn.train;

import java.util.Locale;

/**
 * Gradient clipping on the flat gradient, as torch.nn.utils does it:
 * <pre>
 *   norm:  total_norm = sqrt(sum of g_i^2 over the whole vector)
 *          clip_coef  = min(1, max_norm / (total_norm + 1e-6));  g *= clip_coef if clip_coef &lt; 1
 *   value: g_i = min(max(g_i, -clip_value), clip_value)
 *   none:  g unchanged
 * </pre>
 * Every mode reports the L2 norm of the gradient before clipping (for metrics). A gradient holding
 * NaN/Inf should be rejected with {@link NonFinite} first; here its norm is reported as non-finite
 * and norm clipping leaves it unchanged (PyTorch would scale it by 0 or NaN).
 */
public final class GradientClipping {
  /** PyTorch's constant in clip_grad_norm_. */
  public static final double NORM_EPS = 1e-6;

  public enum Mode { NONE, NORM, VALUE }

  /**
   * What one call did.
   *
   * @param totalNorm L2 norm of the gradient before clipping
   * @param clipCoef the factor applied by norm clipping ({@code min(1, ...)}); 1 for other modes
   * @param clipped whether any entry changed
   * @param clippedEntries how many entries changed (all of them when norm clipping scales)
   */
  public record Result(double totalNorm, double clipCoef, boolean clipped, int clippedEntries) {}

  private final Mode mode;
  private final double threshold;

  private GradientClipping(Mode mode, double threshold) {
    this.mode = mode;
    this.threshold = threshold;
  }

  public static GradientClipping none() {
    return new GradientClipping(Mode.NONE, Double.POSITIVE_INFINITY);
  }

  public static GradientClipping norm(double maxNorm) {
    return new GradientClipping(Mode.NORM, positive("max_norm", maxNorm));
  }

  public static GradientClipping value(double clipValue) {
    return new GradientClipping(Mode.VALUE, positive("clip_value", clipValue));
  }

  /**
   * From a configuration: mode "none", "norm" or "value" with its threshold (ignored for none).
   *
   * @throws IllegalArgumentException naming the bad mode or threshold
   */
  public static GradientClipping of(String mode, double threshold) {
    String m = mode == null ? "null" : mode.trim().toLowerCase(Locale.ROOT);
    switch (m) {
      case "none":
        return none();
      case "norm":
        return norm(threshold);
      case "value":
        return value(threshold);
      default:
        throw new IllegalArgumentException(
            "unknown gradient clipping '" + mode + "'; expected one of none, norm, value");
    }
  }

  public Mode mode() {
    return mode;
  }

  /** max_norm for NORM, clip_value for VALUE, +Infinity for NONE. */
  public double threshold() {
    return threshold;
  }

  /** Clips {@code grad} in place according to the mode. */
  public Result apply(double[] grad) {
    switch (mode) {
      case NORM:
        return clipNorm(grad, threshold);
      case VALUE: {
        double norm = l2Norm(grad);
        int n = clipValue(grad, threshold);
        return new Result(norm, 1.0, n > 0, n);
      }
      default:
        return new Result(l2Norm(grad), 1.0, false, 0);
    }
  }

  /** torch.nn.utils.clip_grad_norm_(max_norm, norm_type=2) over the whole vector, in place. */
  public static Result clipNorm(double[] grad, double maxNorm) {
    positive("max_norm", maxNorm);
    double total = l2Norm(grad);
    if (!Double.isFinite(total)) {
      return new Result(total, 1.0, false, 0); // left for NonFinite to reject, not scaled to NaN
    }
    double coef = Math.min(1.0, maxNorm / (total + NORM_EPS));
    if (coef < 1.0) {
      for (int i = 0; i < grad.length; i++) {
        grad[i] *= coef;
      }
      return new Result(total, coef, true, grad.length);
    }
    return new Result(total, coef, false, 0);
  }

  /**
   * torch.nn.utils.clip_grad_value_(clip_value), in place.
   *
   * @return how many entries were outside [-clipValue, clipValue]
   */
  public static int clipValue(double[] grad, double clipValue) {
    positive("clip_value", clipValue);
    int n = 0;
    for (int i = 0; i < grad.length; i++) {
      double g = grad[i];
      if (g > clipValue) {
        grad[i] = clipValue;
        n++;
      } else if (g < -clipValue) {
        grad[i] = -clipValue;
        n++;
      }
    }
    return n;
  }

  /**
   * Entries per block of the norm's sum: the squares are summed in index order within each block,
   * then the blocks' sums in block order, so that threads summing blocks of their own give the
   * same norm, bit for bit, as one thread.
   */
  public static final int BLOCK = 1 << 15;

  /** sqrt(sum g_i^2), summed by {@link #BLOCK}s (see there). */
  public static double l2Norm(double[] g) {
    double[] blocks = new double[blocks(g.length)];
    blockSquares(g, 0, blocks.length, blocks);
    return Math.sqrt(total(blocks));
  }

  /** How many blocks a vector of n entries has. */
  public static int blocks(int n) {
    return (n + BLOCK - 1) / BLOCK;
  }

  /** Each block b in [fromBlock, toBlock): the sum of its entries' squares, into squares[b]. */
  public static void blockSquares(double[] g, int fromBlock, int toBlock, double[] squares) {
    for (int b = fromBlock; b < toBlock; b++) {
      int end = Math.min(g.length, (b + 1) * BLOCK);
      double s = 0;
      for (int i = b * BLOCK; i < end; i++) {
        s += g[i] * g[i];
      }
      squares[b] = s;
    }
  }

  /** The blocks' sums added in block order. */
  public static double total(double[] squares) {
    double s = 0;
    for (double v : squares) {
      s += v;
    }
    return s;
  }

  private static double positive(String key, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(key + " must be finite and > 0, got " + v);
    }
    return v;
  }

  @Override
  public String toString() {
    return mode == Mode.NONE ? "none" : mode.name().toLowerCase(Locale.ROOT) + "(" + threshold + ")";
  }
}
