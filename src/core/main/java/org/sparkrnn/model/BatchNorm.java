package org.sparkrnn.model;

import java.util.Arrays;
import org.sparkrnn.linalg.Rows;

/**
 * Recurrent batch normalization (Cooijmans et al. 2016) of the input term u_t = W_ih·x_t, per step
 * position and unit: u ↦ γ ⊙ (u − μ)/√(σ² + ε) + β, γ "rnn.bn_weight_l{k}" (starts at 0.1, as
 * Cooijmans et al. advise for saturating gates), β "rnn.bn_bias_l{k}" (starts at 0), both [G·H].
 *
 * <p>Training: μ and σ² (biased) are the mean and variance over the unpadded rows of that step in
 * the batch this forward pass sees — under Spark, the members of the global batch that the task
 * holds (per-partition statistics, like PyTorch DDP without SyncBatchNorm). Inference: the
 * running averages "rnn.bn_running_mean_l{k}" / "rnn.bn_running_var_l{k}" [maxSteps, G·H], one
 * row per position in the sequence (stepOffset + t); positions at or past maxSteps − 1 share the
 * last row. The running averages are buffers: workers return the sums n, Σu, Σu² of every position
 * ({@link #sums}), which add across partitions, and the driver folds the batch's mean and unbiased
 * variance into them with the momentum ({@link #updateRunning}) after each applied step.
 */
final class BatchNorm {
  private final int width;
  private final int maxSteps;
  private final double eps;
  private final int gain;
  private final int bias;
  private final int mean;
  private final int var;
  private double[] xhat;
  private double[] inv;
  private int[] count;
  private final double[] sums;

  BatchNorm(ParamLayout layout, int index, int width, int maxSteps, double eps) {
    this.width = width;
    this.maxSteps = maxSteps;
    this.eps = eps;
    this.gain = layout.slot(name("bn_weight", index)).offset();
    this.bias = layout.slot(name("bn_bias", index)).offset();
    this.mean = layout.slot(name("bn_running_mean", index)).offset();
    this.var = layout.slot(name("bn_running_var", index)).offset();
    this.sums = new double[statsWidth(width, maxSteps)];
  }

  static String name(String kind, int index) {
    return RecurrentLayer.name(kind, index);
  }

  static void addParams(ParamLayout.Builder b, int index, int width, int maxSteps) {
    b.vector(name("bn_weight", index), width, true)
        .vector(name("bn_bias", index), width, true)
        .buffer(name("bn_running_mean", index), maxSteps, width)
        .buffer(name("bn_running_var", index), maxSteps, width);
  }

  /** Values of the sums of one layer: per position, n then Σu [width] then Σu² [width]. */
  static int statsWidth(int width, int maxSteps) {
    return maxSteps * (1 + 2 * width);
  }

  /** The per-position sums of the last training forward (see {@link #statsWidth}). */
  double[] sums() {
    return sums;
  }

  /** In place: u [T·B × width] (time-major) ↦ γ⊙û + β, with batch (training) or running statistics. */
  void forward(double[] p, double[] u, SequenceBatch sb, boolean training) {
    int steps = sb.steps;
    int batch = sb.batch;
    xhat = Rows.ensure(xhat, steps * batch * width);
    inv = Rows.ensure(inv, steps * width);
    if (count == null || count.length < steps) {
      count = new int[steps];
    }
    if (training) {
      Arrays.fill(sums, 0);
    }
    double[] mu = new double[width];
    double[] sq = new double[width];
    for (int t = 0; t < steps; t++) {
      int s = Math.min(sb.stepOffset + t, maxSteps - 1);
      int io = t * width;
      if (training) {
        Arrays.fill(mu, 0);
        Arrays.fill(sq, 0);
        int n = 0;
        for (int b = 0; b < batch; b++) {
          if (!sb.valid(t, b)) {
            continue;
          }
          n++;
          int o = (t * batch + b) * width;
          for (int j = 0; j < width; j++) {
            double v = u[o + j];
            mu[j] += v;
            sq[j] += v * v;
          }
        }
        count[t] = n;
        int so = s * (1 + 2 * width);
        sums[so] += n;
        for (int j = 0; j < width; j++) {
          sums[so + 1 + j] += mu[j];
          sums[so + 1 + width + j] += sq[j];
        }
        for (int j = 0; j < width; j++) {
          double m = n == 0 ? 0 : mu[j] / n;
          double v = 0;
          if (n > 0) {
            // two-pass variance over the step's rows: no cancellation
            for (int b = 0; b < batch; b++) {
              if (sb.valid(t, b)) {
                double d = u[(t * batch + b) * width + j] - m;
                v += d * d;
              }
            }
            v /= n;
          }
          mu[j] = m;
          inv[io + j] = 1 / Math.sqrt(v + eps);
        }
      } else {
        for (int j = 0; j < width; j++) {
          mu[j] = p[mean + s * width + j];
          inv[io + j] = 1 / Math.sqrt(Math.max(p[var + s * width + j], 0) + eps);
        }
      }
      for (int b = 0; b < batch; b++) {
        int o = (t * batch + b) * width;
        for (int j = 0; j < width; j++) {
          double xh = (u[o + j] - mu[j]) * inv[io + j];
          xhat[o + j] = xh;
          u[o + j] = p[gain + j] * xh + p[bias + j];
        }
      }
    }
  }

  /**
   * In place: dy ↦ du, the backward of a training {@link #forward} (batch statistics, which depend
   * on every unpadded row of the step): du = γ/σ · (dy − mean(dy) − û·mean(dy⊙û)) over the step's
   * unpadded rows, 0 on padded ones; dγ += Σ dy⊙û, dβ += Σ dy into g.
   */
  void backward(double[] p, double[] g, double[] dy, SequenceBatch sb) {
    int steps = sb.steps;
    int batch = sb.batch;
    double[] sum = new double[width];
    double[] dot = new double[width];
    for (int t = 0; t < steps; t++) {
      Arrays.fill(sum, 0);
      Arrays.fill(dot, 0);
      int n = count[t];
      for (int b = 0; b < batch; b++) {
        if (!sb.valid(t, b)) {
          continue;
        }
        int o = (t * batch + b) * width;
        for (int j = 0; j < width; j++) {
          sum[j] += dy[o + j];
          dot[j] += dy[o + j] * xhat[o + j];
        }
      }
      for (int j = 0; j < width; j++) {
        g[gain + j] += dot[j];
        g[bias + j] += sum[j];
      }
      int io = t * width;
      for (int b = 0; b < batch; b++) {
        int o = (t * batch + b) * width;
        if (!sb.valid(t, b)) {
          Arrays.fill(dy, o, o + width, 0);
          continue;
        }
        for (int j = 0; j < width; j++) {
          dy[o + j] = p[gain + j] * inv[io + j]
              * (dy[o + j] - sum[j] / n - xhat[o + j] * dot[j] / n);
        }
      }
    }
  }

  /**
   * The driver's update of the running statistics from the summed per-position sums of a step
   * ([layers × {@link #statsWidth}]): for every position with n > 0, running ← (1 − m)·running +
   * m·batch value, with the batch's mean and unbiased variance (as PyTorch's BatchNorm).
   */
  static void updateRunning(ModelConfig config, ParamLayout layout, double[] p, double[] stats) {
    int width = config.cell().gates * config.hiddenSize();
    int maxSteps = config.batchNormMaxSteps();
    double m = config.batchNormMomentum();
    int per = statsWidth(width, maxSteps);
    for (int l = 0; l < config.layers(); l++) {
      int meanOff = layout.slot(name("bn_running_mean", l)).offset();
      int varOff = layout.slot(name("bn_running_var", l)).offset();
      for (int s = 0; s < maxSteps; s++) {
        int so = l * per + s * (1 + 2 * width);
        double n = stats[so];
        if (n <= 0) {
          continue;
        }
        for (int j = 0; j < width; j++) {
          double mu = stats[so + 1 + j] / n;
          double v = Math.max(stats[so + 1 + width + j] / n - mu * mu, 0);
          if (n > 1) {
            v *= n / (n - 1);
          }
          int i = s * width + j;
          p[meanOff + i] = (1 - m) * p[meanOff + i] + m * mu;
          p[varOff + i] = (1 - m) * p[varOff + i] + m * v;
        }
      }
    }
  }
}
