package org.sparkrnn.model;

import java.util.List;

/**
 * Assembles examples into a padded, time-major {@link SequenceBatch}, whole or one window
 * [from, to) of their steps (truncated BPTT). Every example must have a step at {@code from}.
 */
public final class Batches {
  private Batches() {}

  public static SequenceBatch assemble(List<Example> examples, ModelConfig config) {
    return window(examples, config, 0, Integer.MAX_VALUE);
  }

  public static SequenceBatch window(List<Example> examples, ModelConfig config, int from, int to) {
    int batch = examples.size();
    if (batch == 0) {
      throw new IllegalArgumentException("no examples to assemble");
    }
    int[] lengths = new int[batch];
    int steps = 0;
    for (int b = 0; b < batch; b++) {
      Example e = examples.get(b);
      if (e.length() <= from) {
        throw new IllegalArgumentException("example " + e.id() + " has no step " + from);
      }
      lengths[b] = Math.min(e.length(), to) - from;
      steps = Math.max(steps, lengths[b]);
    }
    boolean perStep = config.mode() == OutputMode.MANY_TO_MANY;
    boolean classes = config.loss().classTargets;
    int o = config.outputSize();
    int rows = steps * batch;
    int targetRows = perStep ? rows : batch;
    int[] labels = classes ? new int[targetRows] : null;
    double[] targets = classes ? null : new double[targetRows * o];
    boolean[] scored = perStep ? null : new boolean[batch];
    int[] tokens = config.tokenInput() ? new int[rows] : null;
    int in = config.inputSize();
    double[] x = config.tokenInput() ? null : new double[rows * in];
    for (int b = 0; b < batch; b++) {
      Example e = examples.get(b);
      for (int t = 0; t < lengths[b]; t++) {
        int src = from + t;
        int r = t * batch + b;
        if (tokens != null) {
          tokens[r] = e.tokens()[src];
        } else {
          if (e.featureWidth() != in) {
            throw new IllegalArgumentException("example " + e.id() + " has " + e.featureWidth()
                + " features per step, the model reads " + in);
          }
          System.arraycopy(e.features(), src * in, x, r * in, in);
        }
        if (perStep) {
          copyTarget(e, src, labels, targets, r, o);
        }
      }
      if (!perStep) {
        scored[b] = e.length() <= to;
        copyTarget(e, 0, labels, targets, b, o);
      }
    }
    boolean ragged = false;
    for (int len : lengths) {
      ragged |= len != steps;
    }
    int[] lens = ragged ? lengths : null;
    SequenceBatch sb = tokens != null
        ? SequenceBatch.tokens(batch, steps, tokens, labels, targets, perStep, lens)
        : SequenceBatch.dense(batch, steps, x, labels, targets, perStep, lens);
    long[] ids = new long[batch];
    double[] weights = null;
    for (int b = 0; b < batch; b++) {
      Example e = examples.get(b);
      ids[b] = e.id();
      if (e.weight() != 1 && weights == null) {
        weights = new double[batch];
        java.util.Arrays.fill(weights, 1);
      }
      if (weights != null) {
        weights[b] = e.weight();
      }
    }
    sb = sb.withExamples(ids, 0).withStepOffset(from).withWeights(weights);
    return scored == null ? sb : sb.withScored(scored);
  }

  private static void copyTarget(Example e, int src, int[] labels, double[] targets, int row, int o) {
    if (labels != null) {
      if (e.labels() == null) {
        throw new IllegalArgumentException("example " + e.id() + " has no class labels");
      }
      labels[row] = e.labels()[src];
    } else {
      if (e.targets() == null) {
        throw new IllegalArgumentException("example " + e.id() + " has no real-valued targets");
      }
      System.arraycopy(e.targets(), src * o, targets, row * o, o);
    }
  }
}
