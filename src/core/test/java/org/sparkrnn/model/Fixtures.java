package org.sparkrnn.model;

import java.util.SplittableRandom;

/** Small random models, batches and states for gradient checks and trainer tests. */
final class Fixtures {
  private Fixtures() {}

  static Params randomParams(Network net, long seed, double scale) {
    Params p = new Params(net.layout());
    SplittableRandom r = new SplittableRandom(seed);
    double[] d = p.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = (2 * r.nextDouble() - 1) * scale;
    }
    return p;
  }

  /** A batch with targets for {@code config}; {@code ragged} gives some sequences fewer steps. */
  static SequenceBatch batch(ModelConfig config, int batch, int steps, long seed, boolean ragged) {
    SplittableRandom r = new SplittableRandom(seed);
    int rows = batch * steps;
    int[] lengths = null;
    if (ragged) {
      lengths = new int[batch];
      for (int b = 0; b < batch; b++) {
        lengths[b] = b == 0 ? steps : 1 + r.nextInt(steps);
      }
    }
    boolean perStep = config.mode() == OutputMode.MANY_TO_MANY;
    int targetRows = perStep ? rows : batch;
    int o = config.outputSize();
    int[] cls = null;
    double[] real = null;
    if (config.loss().classTargets) {
      cls = new int[targetRows];
      for (int i = 0; i < cls.length; i++) {
        cls[i] = r.nextInt(o);
      }
    } else {
      real = new double[targetRows * o];
      for (int i = 0; i < real.length; i++) {
        real[i] = config.loss() == Loss.IDENTITY_MSE ? r.nextGaussian() : r.nextInt(2) * 0.8 + 0.1;
      }
    }
    if (config.tokenInput()) {
      int[] tokens = new int[rows];
      for (int i = 0; i < rows; i++) {
        tokens[i] = r.nextInt(config.vocabSize());
      }
      return SequenceBatch.tokens(batch, steps, tokens, cls, real, perStep, lengths);
    }
    double[] x = new double[rows * config.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextGaussian();
    }
    return SequenceBatch.dense(batch, steps, x, cls, real, perStep, lengths);
  }

  static RecurrentState randomState(ModelConfig config, int batch, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    RecurrentState s = RecurrentState.zeros(config, batch);
    fill(s.h, r);
    fill(s.c, r);
    if (s.y != null) {
      fill(new double[][] {s.y}, r);
    }
    return s;
  }

  private static void fill(double[][] a, SplittableRandom r) {
    if (a == null) {
      return;
    }
    for (double[] row : a) {
      for (int i = 0; i < row.length; i++) {
        row[i] = r.nextDouble() - 0.5;
      }
    }
  }
}
