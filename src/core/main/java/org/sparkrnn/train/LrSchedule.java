package org.sparkrnn.train;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The learning rate of each optimizer step, counted from 0. Closed forms, so a resumed run asks for
 * step k and gets what the original run would have used.
 */
public interface LrSchedule {

  /** @param step optimizer steps taken before this one ({@code >= 0}) */
  double lr(long step);

  List<String> NAMES = List.of("constant", "step", "exponential", "cosine");

  /** lr(k) = lr. */
  static LrSchedule constant(double lr) {
    return new Constant(lr);
  }

  /** lr(k) = lr * gamma^floor(k / stepSize)  (torch StepLR). */
  static LrSchedule stepDecay(double lr, long stepSize, double gamma) {
    return new StepDecay(lr, stepSize, gamma);
  }

  /** lr(k) = lr * gamma^k  (torch ExponentialLR). */
  static LrSchedule exponential(double lr, double gamma) {
    return new Exponential(lr, gamma);
  }

  /**
   * lr(k) = minLr + (lr - minLr) * (1 + cos(pi * k / totalSteps)) / 2 for k &lt; totalSteps, minLr
   * after (torch CosineAnnealingLR with T_max = totalSteps, held at the minimum).
   */
  static LrSchedule cosine(double lr, double minLr, long totalSteps) {
    return new Cosine(lr, minLr, totalSteps);
  }

  /**
   * Linear warm-up over the first {@code warmupSteps} steps, then {@code after} shifted to start at
   * 0: lr(k) = after.lr(0) * (k + 1) / W for k &lt; W, else after.lr(k - W). So step 0 uses 1/W of
   * the base rate, step W-1 the full rate, and a cosine's total counts steps after the warm-up.
   */
  static LrSchedule warmup(long warmupSteps, LrSchedule after) {
    return new Warmup(warmupSteps, after);
  }

  /**
   * A schedule from a configuration. Keys by name: constant (none), step (step_size, gamma),
   * exponential (gamma), cosine (total_steps, min_lr = 0); any of them also takes warmup_steps
   * (default 0 = no warm-up).
   *
   * @throws IllegalArgumentException naming the unknown schedule, the unknown or missing key, or
   *     the bad value
   */
  static LrSchedule create(String name, double lr, Map<String, Double> params) {
    if (params == null) {
      params = Map.of();
    }
    String n = name == null ? "null" : name.trim().toLowerCase(Locale.ROOT);
    LrSchedule base;
    switch (n) {
      case "constant":
        allow(n, params);
        base = constant(lr);
        break;
      case "step":
        allow(n, params, "step_size", "gamma");
        base = stepDecay(lr, count(n, params, "step_size"), required(n, params, "gamma"));
        break;
      case "exponential":
        allow(n, params, "gamma");
        base = exponential(lr, required(n, params, "gamma"));
        break;
      case "cosine":
        allow(n, params, "total_steps", "min_lr");
        base = cosine(lr, params.getOrDefault("min_lr", 0.0), count(n, params, "total_steps"));
        break;
      default:
        throw new IllegalArgumentException("unknown learning-rate schedule '" + name
            + "'; expected one of " + String.join(", ", NAMES));
    }
    Double w = params.get("warmup_steps");
    if (w == null || w == 0) {
      return base;
    }
    return warmup(count(n, params, "warmup_steps"), base);
  }

  private static void allow(String name, Map<String, Double> params, String... keys) {
    Set<String> ok = Set.of(keys);
    for (String k : params.keySet()) {
      if (!ok.contains(k) && !k.equals("warmup_steps")) {
        throw new IllegalArgumentException("schedule '" + name + "' has no parameter '" + k
            + "'; it takes " + String.join(", ", keys) + (keys.length > 0 ? ", " : "")
            + "warmup_steps");
      }
    }
  }

  private static double required(String name, Map<String, Double> params, String key) {
    Double v = params.get(key);
    if (v == null) {
      throw new IllegalArgumentException("schedule '" + name + "' needs parameter '" + key + "'");
    }
    return v;
  }

  private static long count(String name, Map<String, Double> params, String key) {
    double v = required(name, params, key);
    if (v != Math.rint(v) || v < 1 || v > Long.MAX_VALUE) {
      throw new IllegalArgumentException(
          "schedule '" + name + "': " + key + " must be a whole number >= 1, got " + v);
    }
    return (long) v;
  }

  private static void checkStep(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, got " + step);
    }
  }

  private static double checkLr(String what, double lr) {
    if (!(lr >= 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException(what + " must be finite and >= 0, got " + lr);
    }
    return lr;
  }

  private static double checkGamma(double gamma) {
    if (!(gamma > 0) || Double.isInfinite(gamma)) {
      throw new IllegalArgumentException("gamma must be finite and > 0, got " + gamma);
    }
    return gamma;
  }

  private static long checkCount(String what, long n) {
    if (n < 1) {
      throw new IllegalArgumentException(what + " must be >= 1, got " + n);
    }
    return n;
  }

  /** See {@link #constant(double)}. */
  record Constant(double lr) implements LrSchedule {
    public Constant {
      checkLr("lr", lr);
    }

    @Override
    public double lr(long step) {
      checkStep(step);
      return lr;
    }
  }

  /** See {@link #stepDecay(double, long, double)}. */
  record StepDecay(double lr, long stepSize, double gamma) implements LrSchedule {
    public StepDecay {
      checkLr("lr", lr);
      checkCount("step_size", stepSize);
      checkGamma(gamma);
    }

    @Override
    public double lr(long step) {
      checkStep(step);
      return lr * Math.pow(gamma, (double) (step / stepSize));
    }
  }

  /** See {@link #exponential(double, double)}. */
  record Exponential(double lr, double gamma) implements LrSchedule {
    public Exponential {
      checkLr("lr", lr);
      checkGamma(gamma);
    }

    @Override
    public double lr(long step) {
      checkStep(step);
      return lr * Math.pow(gamma, (double) step);
    }
  }

  /** See {@link #cosine(double, double, long)}. */
  record Cosine(double lr, double minLr, long totalSteps) implements LrSchedule {
    public Cosine {
      checkLr("lr", lr);
      checkLr("min_lr", minLr);
      checkCount("total_steps", totalSteps);
    }

    @Override
    public double lr(long step) {
      checkStep(step);
      if (step >= totalSteps) {
        return minLr;
      }
      return minLr + (lr - minLr) * (1 + Math.cos(Math.PI * step / totalSteps)) / 2;
    }
  }

  /** See {@link #warmup(long, LrSchedule)}. */
  record Warmup(long warmupSteps, LrSchedule after) implements LrSchedule {
    public Warmup {
      checkCount("warmup_steps", warmupSteps);
      if (after == null) {
        throw new IllegalArgumentException("warm-up needs a schedule to follow it");
      }
    }

    @Override
    public double lr(long step) {
      checkStep(step);
      if (step < warmupSteps) {
        return after.lr(0) * (step + 1) / warmupSteps;
      }
      return after.lr(step - warmupSteps);
    }
  }
}
