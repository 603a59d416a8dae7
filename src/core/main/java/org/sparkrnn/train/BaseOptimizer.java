package org.sparkrnn.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shared bookkeeping: size checks, the step counter and named state arrays. */
abstract class BaseOptimizer implements Optimizer {
  protected final int size;
  private final Map<String, double[]> state = new LinkedHashMap<>();
  private final Map<String, double[]> stateView = Collections.unmodifiableMap(state);
  private long steps;

  BaseOptimizer(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("optimizer size must be >= 0, got " + size);
    }
    this.size = size;
  }

  /** Allocates a zero-filled state array once, at construction. */
  protected final double[] register(String key) {
    double[] a = new double[size];
    state.put(key, a);
    return a;
  }

  @Override
  public final void step(double[] params, double[] grad, double lr) {
    if (params.length != size || grad.length != size) {
      throw new IllegalArgumentException(name() + ": optimizer made for " + size
          + " parameters, got params[" + params.length + "] and grad[" + grad.length + "]");
    }
    if (!(lr >= 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException(name() + ": learning rate must be finite and >= 0, got " + lr);
    }
    steps++;
    update(params, grad, lr, steps, 0, size);
  }

  @Override
  public final void stepRange(double[] params, double[] grad, double lr, int from, int to) {
    if (from < 0 || to > size || from > to) {
      throw new IllegalArgumentException(name() + ": range [" + from + ", " + to + ") of " + size);
    }
    update(params, grad, lr, steps + 1, from, to);
  }

  @Override
  public final void countStep() {
    steps++;
  }

  /**
   * One update of entries [from, to); {@code t} is the step count including this one (1 on the
   * first step). Each entry's update reads and writes that entry's state only.
   */
  protected abstract void update(double[] params, double[] grad, double lr, long t, int from,
      int to);

  @Override
  public final long steps() {
    return steps;
  }

  @Override
  public final Map<String, double[]> state() {
    return stateView;
  }

  @Override
  public final void restore(Map<String, double[]> saved, long steps) {
    if (steps < 0) {
      throw new IllegalArgumentException(name() + ": step count must be >= 0, got " + steps);
    }
    for (String key : saved.keySet()) {
      if (!state.containsKey(key)) {
        throw new IllegalArgumentException(
            name() + ": unexpected optimizer state '" + key + "'; expected " + state.keySet());
      }
    }
    for (Map.Entry<String, double[]> e : state.entrySet()) {
      double[] src = saved.get(e.getKey());
      if (src == null) {
        throw new IllegalArgumentException(name() + ": optimizer state '" + e.getKey()
            + "' is missing; expected " + state.keySet());
      }
      if (src.length != size) {
        throw new IllegalArgumentException(name() + ": optimizer state '" + e.getKey() + "' has "
            + src.length + " values, expected " + size);
      }
    }
    for (Map.Entry<String, double[]> e : state.entrySet()) {
      System.arraycopy(saved.get(e.getKey()), 0, e.getValue(), 0, size);
    }
    this.steps = steps;
  }

  @Override
  public final int size() {
    return size;
  }

  /** An ordered, unmodifiable map of hyper-parameters: keys[i] -> values[i]. */
  static Map<String, Double> ordered(String[] keys, double... values) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < keys.length; i++) {
      m.put(keys[i], values[i]);
    }
    return Collections.unmodifiableMap(m);
  }

  static double check(String opt, String key, double v, double lo, boolean loOpen, double hi,
      boolean hiOpen) {
    boolean ok = !Double.isNaN(v) && (loOpen ? v > lo : v >= lo) && (hiOpen ? v < hi : v <= hi);
    if (!ok) {
      throw new IllegalArgumentException(opt + ": " + key + " must be in " + (loOpen ? "(" : "[")
          + lo + ", " + hi + (hiOpen ? ")" : "]") + ", got " + v);
    }
    return v;
  }
}
