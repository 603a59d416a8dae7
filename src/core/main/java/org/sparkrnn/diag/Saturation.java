package org.sparkrnn.diag;

import java.util.Map;
import org.sparkrnn.model.Activation;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.SequenceBatch;

/**
 * Saturated and dead units in the last forward pass, counted over the valid (row, step) pairs of
 * the batch (padded steps are skipped) and added into {@link DiagnosticSums}, so partitions add.
 *
 * <p>Saturated (derivative nearly zero): a tanh value with |tanh| > {@value #TANH_LIMIT} (the
 * derivative 1 − tanh² is then below 0.02), a sigmoid value below {@value #SIGMOID_LOW} or above
 * {@value #SIGMOID_HIGH} (derivative below 0.0099). Which values: an Elman or Jordan recurrence
 * with a tanh or sigmoid activation, its f(a); LSTM, all four gates i, f, g, o (sigmoid, sigmoid,
 * tanh, sigmoid); GRU, r, z (sigmoid) and n (tanh). Other activations have no saturated range and
 * are not counted.
 *
 * <p>Dead (ReLU recurrences only): a unit whose pre-activation is ≤ 0 on every valid step of every
 * row of the step's batch — it passes no gradient at all in that step.
 */
public final class Saturation {
  public static final double TANH_LIMIT = 0.99;
  public static final double SIGMOID_LOW = 0.01;
  public static final double SIGMOID_HIGH = 0.99;

  private Saturation() {}

  /** Counts the last forward pass of {@code net} over {@code batch} into {@code into}. */
  public static void measure(Network net, SequenceBatch batch, DiagnosticSums into) {
    ModelConfig config = net.config();
    int layers = config.cell() == CellType.JORDAN ? 1 : config.layers();
    int h = config.hiddenSize();
    long[] sat = new long[layers];
    long[] seen = new long[layers];
    long[][] active = null;
    long[] activeSteps = null;
    boolean relu = config.activation() == Activation.RELU
        && (config.cell() == CellType.ELMAN || config.cell() == CellType.JORDAN);
    if (relu) {
      active = new long[layers][h];
      activeSteps = new long[layers];
    }
    for (int l = 0; l < layers; l++) {
      Map<String, double[]> in = net.internals(l);
      switch (config.cell()) {
        case ELMAN, JORDAN -> {
          double[] a = in.get("a");
          if (config.activation() == Activation.TANH) {
            count(a, batch, h, Kind.TANH_OF_PRE, sat, seen, l);
          } else if (config.activation() == Activation.SIGMOID) {
            count(a, batch, h, Kind.SIGMOID_OF_PRE, sat, seen, l);
          } else if (relu) {
            countActive(a, batch, h, active[l]);
            activeSteps[l] = validSteps(batch);
          }
        }
        case LSTM -> {
          count(in.get("i"), batch, h, Kind.SIGMOID, sat, seen, l);
          count(in.get("f"), batch, h, Kind.SIGMOID, sat, seen, l);
          count(in.get("g"), batch, h, Kind.TANH, sat, seen, l);
          count(in.get("o"), batch, h, Kind.SIGMOID, sat, seen, l);
        }
        case GRU -> {
          count(in.get("r"), batch, h, Kind.SIGMOID, sat, seen, l);
          count(in.get("z"), batch, h, Kind.SIGMOID, sat, seen, l);
          count(in.get("n"), batch, h, Kind.TANH, sat, seen, l);
        }
      }
    }
    DiagnosticSums mine = new DiagnosticSums();
    mine.saturated = sat;
    mine.saturationValues = seen;
    mine.active = active;
    mine.activeSteps = activeSteps;
    into.add(mine);
  }

  private enum Kind { TANH, SIGMOID, TANH_OF_PRE, SIGMOID_OF_PRE }

  /** Whether one unit value is saturated. */
  static boolean saturated(Kind kind, double v) {
    return switch (kind) {
      case TANH -> Math.abs(v) > TANH_LIMIT;
      case SIGMOID -> v < SIGMOID_LOW || v > SIGMOID_HIGH;
      case TANH_OF_PRE -> Math.abs(Math.tanh(v)) > TANH_LIMIT;
      case SIGMOID_OF_PRE -> {
        double s = Activation.sigmoid(v);
        yield s < SIGMOID_LOW || s > SIGMOID_HIGH;
      }
    };
  }

  /** values: [T·B × H] time-major. */
  private static void count(double[] values, SequenceBatch batch, int h, Kind kind, long[] sat,
      long[] seen, int l) {
    int bsz = batch.batch;
    for (int t = 0; t < batch.steps; t++) {
      for (int b = 0; b < bsz; b++) {
        if (t >= batch.length(b)) {
          continue;
        }
        int off = (t * bsz + b) * h;
        for (int j = 0; j < h; j++) {
          if (saturated(kind, values[off + j])) {
            sat[l]++;
          }
        }
        seen[l] += h;
      }
    }
  }

  private static void countActive(double[] pre, SequenceBatch batch, int h, long[] active) {
    int bsz = batch.batch;
    for (int t = 0; t < batch.steps; t++) {
      for (int b = 0; b < bsz; b++) {
        if (t >= batch.length(b)) {
          continue;
        }
        int off = (t * bsz + b) * h;
        for (int j = 0; j < h; j++) {
          if (pre[off + j] > 0) {
            active[j]++;
          }
        }
      }
    }
  }

  private static long validSteps(SequenceBatch batch) {
    long n = 0;
    for (int b = 0; b < batch.batch; b++) {
      n += Math.min(batch.length(b), batch.steps);
    }
    return n;
  }

  /** Per layer: the saturated fraction, NaN where nothing was counted. */
  public static double[] saturatedFraction(DiagnosticSums s, int layers) {
    double[] f = new double[layers];
    for (int l = 0; l < layers; l++) {
      f[l] = s == null || s.saturationValues == null || s.saturationValues[l] == 0 ? Double.NaN
          : s.saturated[l] / (double) s.saturationValues[l];
    }
    return f;
  }

  /** Per layer: the fraction of units dead on the whole batch, NaN when not a ReLU recurrence. */
  public static double[] deadFraction(DiagnosticSums s, int layers) {
    double[] f = new double[layers];
    for (int l = 0; l < layers; l++) {
      if (s == null || s.active == null || s.activeSteps[l] == 0) {
        f[l] = Double.NaN;
        continue;
      }
      int dead = 0;
      for (long a : s.active[l]) {
        if (a == 0) {
          dead++;
        }
      }
      f[l] = dead / (double) s.active[l].length;
    }
    return f;
  }
}
