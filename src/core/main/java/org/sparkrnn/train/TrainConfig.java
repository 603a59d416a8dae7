package org.sparkrnn.train;

import java.util.Map;
import org.sparkrnn.diag.DiagnosticsConfig;

/**
 * How to train: optimizer and its hyper-parameters, learning-rate schedule, clipping, L1/L2,
 * global batch size, how long (epochs and/or a step cap), the truncated-BPTT window k1 (0: whole
 * sequences; the backward depth k2 is ModelConfig.truncateSteps), the seed, how many
 * consecutive non-finite steps end training, the diagnostics cadence and thresholds, and the
 * precision of the dense products (f64 or f32).
 */
public record TrainConfig(
    String optimizer,
    Map<String, Double> optimizerParams,
    double learningRate,
    String schedule,
    Map<String, Double> scheduleParams,
    String clip,
    double clipThreshold,
    double l1,
    double l2,
    int batchSize,
    int epochs,
    long maxSteps,
    int window,
    long seed,
    int maxBadSteps,
    DiagnosticsConfig diagnostics,
    Precision precision) implements java.io.Serializable {

  public TrainConfig {
    optimizerParams = Map.copyOf(optimizerParams);
    scheduleParams = Map.copyOf(scheduleParams);
    diagnostics = diagnostics == null ? DiagnosticsConfig.OFF : diagnostics;
    precision = precision == null ? Precision.F64 : precision;
    check(learningRate > 0 && Double.isFinite(learningRate), "train.lr must be > 0, got " + learningRate);
    check(l1 >= 0 && Double.isFinite(l1), "train.l1 must be ≥ 0, got " + l1);
    check(l2 >= 0 && Double.isFinite(l2), "train.l2 must be ≥ 0, got " + l2);
    check(batchSize >= 1, "train.batch must be ≥ 1, got " + batchSize);
    check(epochs >= 0, "train.epochs must be ≥ 0, got " + epochs);
    check(maxSteps >= 0, "train.steps must be ≥ 0, got " + maxSteps);
    check(epochs > 0 || maxSteps > 0, "set train.epochs or train.steps");
    check(window >= 0, "train.bptt.window must be ≥ 0, got " + window);
    check(maxBadSteps >= 1, "train.max_bad_steps must be ≥ 1, got " + maxBadSteps);
    // fail now, not at the first step, on a bad name or parameter
    Optimizers.create(optimizer, optimizerParams, 1);
    LrSchedule.create(schedule, learningRate, scheduleParams);
    GradientClipping.of(clip, clipThreshold);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  public Optimizer newOptimizer(int size) {
    return Optimizers.create(optimizer, optimizerParams, size);
  }

  public LrSchedule newSchedule() {
    return LrSchedule.create(schedule, learningRate, scheduleParams);
  }

  public GradientClipping newClipping() {
    return GradientClipping.of(clip, clipThreshold);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Defaults: Adam lr 2e-3, constant schedule, global-norm clipping at 5, batch 32, 1 epoch. */
  public static final class Builder {
    private String optimizer = "adam";
    private Map<String, Double> optimizerParams = Map.of();
    private double learningRate = 2e-3;
    private String schedule = "constant";
    private Map<String, Double> scheduleParams = Map.of();
    private String clip = "norm";
    private double clipThreshold = 5;
    private double l1;
    private double l2;
    private int batchSize = 32;
    private int epochs = 1;
    private long maxSteps;
    private int window;
    private long seed = 42;
    private int maxBadSteps = 5;
    private DiagnosticsConfig diagnostics = DiagnosticsConfig.OFF;
    private Precision precision = Precision.F64;

    public Builder optimizer(String name, Map<String, Double> params) {
      optimizer = name;
      optimizerParams = params;
      return this;
    }
    public Builder optimizer(String name) { return optimizer(name, Map.of()); }
    public Builder learningRate(double v) { learningRate = v; return this; }
    public Builder schedule(String name, Map<String, Double> params) {
      schedule = name;
      scheduleParams = params;
      return this;
    }
    public Builder clip(String mode, double threshold) {
      clip = mode;
      clipThreshold = threshold;
      return this;
    }
    public Builder l1(double v) { l1 = v; return this; }
    public Builder l2(double v) { l2 = v; return this; }
    public Builder batchSize(int v) { batchSize = v; return this; }
    public Builder epochs(int v) { epochs = v; return this; }
    public Builder maxSteps(long v) { maxSteps = v; return this; }
    public Builder window(int v) { window = v; return this; }
    public Builder seed(long v) { seed = v; return this; }
    public Builder maxBadSteps(int v) { maxBadSteps = v; return this; }
    public Builder diagnostics(DiagnosticsConfig v) { diagnostics = v; return this; }
    public Builder precision(Precision v) { precision = v; return this; }

    /** f64 or f32. */
    public Builder precision(String v) { precision = v == null ? Precision.F64 : Precision.parse(v); return this; }

    public TrainConfig build() {
      return new TrainConfig(optimizer, optimizerParams, learningRate, schedule, scheduleParams,
          clip, clipThreshold, l1, l2, batchSize, epochs, maxSteps, window, seed, maxBadSteps,
          diagnostics, precision);
    }
  }
}
