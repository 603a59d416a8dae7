package org.sparkrnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sparkrnn.linalg.Backends;
import org.sparkrnn.train.GradientSum;
import org.sparkrnn.train.StepPlan;
import org.sparkrnn.train.TrainConfig;
import org.sparkrnn.train.Updater;
import org.sparkrnn.train.WindowGradient;

/** Behaviour of the remedies beyond their gradients: statistics, inference, masks, refusals. */
class RemediesTest {
  private static final int H = 5;
  private static final int I = 4;

  private static ModelConfig.Builder base(CellType cell) {
    return ModelConfig.builder().cell(cell).inputSize(I).hiddenSize(H).outputSize(3);
  }

  /** Dense examples with ids 0..n−1, lengths 2..T, class targets per step. */
  private static List<Example> examples(int n, int maxLen, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int len = 2 + r.nextInt(maxLen - 1);
      double[] x = new double[len * I];
      for (int k = 0; k < x.length; k++) {
        x[k] = r.nextGaussian();
      }
      int[] labels = new int[len];
      for (int t = 0; t < len; t++) {
        labels[t] = r.nextInt(3);
      }
      out.add(Example.ofFeatures(i, len, x, labels, null));
    }
    return out;
  }

  private static StepPlan.Step step(List<Example> members) {
    long[] ids = members.stream().mapToLong(Example::id).toArray();
    return new StepPlan.Step(0, 0, 0, 0, 0, Integer.MAX_VALUE, 0, ids.length, ids, true, 7);
  }

  /**
   * The running mean and variance after one step are 0.9·(0, 1) + 0.1·(the batch's mean,
   * unbiased variance) of W_ih·x per position (layer 0, computed here by hand), positions past
   * max_steps − 1 pooled in the last row — and they come out the same when the batch is summed
   * from two halves, as partitions do.
   */
  @ParameterizedTest
  @EnumSource(value = CellType.class, names = {"ELMAN", "LSTM", "GRU"})
  void runningStatisticsFollowTheBatchAndAddAcrossPartitions(CellType cell) {
    int maxSteps = 3;
    ModelConfig config = base(cell).layers(2).norm(Normalization.BATCH).batchNormMaxSteps(maxSteps).build();
    TrainConfig train = TrainConfig.builder().batchSize(6).learningRate(0.01).seed(7).build();
    List<Example> data = examples(6, 6, 1);
    Params start = Initializer.initialize(config, InitConfig.defaults(), 3);
    Network net = Network.create(config, Backends.create("blas"));

    Params whole = start.copy();
    GradientSum sum = WindowGradient.compute(net, whole, data, step(data), null, false);
    new Updater(config, train, whole.layout()).apply(whole, sum, 0, 0);

    Params split = start.copy();
    GradientSum a = WindowGradient.compute(net, split, data.subList(0, 2), step(data.subList(0, 2)), null, false);
    GradientSum b = WindowGradient.compute(net, split, data.subList(2, 6), step(data.subList(2, 6)), null, false);
    new Updater(config, train, split.layout()).apply(split, a.add(b), 0, 0);

    int gh = cell.gates * H;
    double[] w = start.get("rnn.weight_ih_l0");
    double[][] s1 = new double[maxSteps][gh];
    double[][] s2 = new double[maxSteps][gh];
    int[] n = new int[maxSteps];
    for (Example e : data) {
      for (int t = 0; t < e.length(); t++) {
        int s = Math.min(t, maxSteps - 1);
        n[s]++;
        for (int j = 0; j < gh; j++) {
          double u = 0;
          for (int k = 0; k < I; k++) {
            u += w[j * I + k] * e.features()[t * I + k];
          }
          s1[s][j] += u;
          s2[s][j] += u * u;
        }
      }
    }
    double[] mean = whole.get("rnn.bn_running_mean_l0");
    double[] var = whole.get("rnn.bn_running_var_l0");
    for (int s = 0; s < maxSteps; s++) {
      for (int j = 0; j < gh; j++) {
        double mu = s1[s][j] / n[s];
        double unbiased = (s2[s][j] - n[s] * mu * mu) / (n[s] - 1);
        assertEquals(0.1 * mu, mean[s * gh + j], 1e-12, "running mean at position " + s);
        assertEquals(0.9 + 0.1 * unbiased, var[s * gh + j], 1e-11, "running var at position " + s);
      }
    }
    assertArrayEquals(mean, split.get("rnn.bn_running_mean_l0"), 1e-12);
    assertArrayEquals(var, split.get("rnn.bn_running_var_l0"), 1e-11);
    assertFalse(Arrays.equals(start.get("rnn.bn_running_mean_l1"), whole.get("rnn.bn_running_mean_l1")),
        "layer 1 statistics move too");
    for (double g : start.get("rnn.bn_weight_l0")) {
      assertEquals(0.1, g, "batch-norm gain starts at 0.1");
    }
  }

  /**
   * Inference normalizes with the running statistics: set to a batch's own statistics (biased
   * variance, as training normalizes), inference reproduces the training-mode outputs; with the
   * initial (0, 1) it does not.
   */
  @ParameterizedTest
  @EnumSource(value = CellType.class, names = {"ELMAN", "LSTM", "GRU"})
  void inferenceUsesTheRunningStatistics(CellType cell) {
    ModelConfig config = base(cell).layers(2).norm(Normalization.BATCH).residual(true).build();
    Network net = Network.create(config, Backends.create("blas"));
    Params params = Initializer.initialize(config, InitConfig.defaults(), 5);
    SequenceBatch data = Fixtures.batch(config, 6, 5, 8, false);
    net.forward(data, params, null, true);
    double[] trainOut = net.outputs();
    double[] stats = net.normStatistics();
    net.forward(data, params, null, false);
    double[] before = net.outputs();
    int gh = cell.gates * H;
    int per = BatchNorm.statsWidth(gh, config.batchNormMaxSteps());
    for (int l = 0; l < 2; l++) {
      double[] mean = new double[config.batchNormMaxSteps() * gh];
      double[] var = new double[mean.length];
      Arrays.fill(var, 1);
      for (int s = 0; s < data.steps; s++) {
        int so = l * per + s * (1 + 2 * gh);
        double n = stats[so];
        assertEquals(6, n);
        for (int j = 0; j < gh; j++) {
          double mu = stats[so + 1 + j] / n;
          mean[s * gh + j] = mu;
          var[s * gh + j] = stats[so + 1 + gh + j] / n - mu * mu;
        }
      }
      params.set("rnn.bn_running_mean_l" + l, mean);
      params.set("rnn.bn_running_var_l" + l, var);
    }
    net.forward(data, params, null, false);
    double[] after = net.outputs();
    double diffBefore = 0;
    for (int i = 0; i < trainOut.length; i++) {
      assertEquals(trainOut[i], after[i], 1e-9);
      diffBefore = Math.max(diffBefore, Math.abs(trainOut[i] - before[i]));
    }
    assertTrue(diffBefore > 1e-3, "the initial running statistics give other outputs");
  }

  @Test
  void dropoutMasksArePureFunctionsOfSeedIdPositionAndUnit() {
    double p = 0.3;
    int steps = 40;
    int h = 50;
    SequenceBatch wide = SequenceBatch.dense(3, steps, new double[3 * steps], null, null, true, null)
        .withExamples(new long[] {5, 9, 12}, Dropout.stepSeed(1, 0, 4));
    double[] m = new double[3 * steps * h];
    Dropout.mask(p, wide, 1, h, m);
    int zeros = 0;
    for (double v : m) {
      assertTrue(v == 0 || v == 1 / (1 - p));
      zeros += v == 0 ? 1 : 0;
    }
    assertEquals(p, zeros / (double) m.length, 0.02, "drop fraction");
    // example 9 at another batch position, in a batch of other size: the same mask rows
    SequenceBatch other = SequenceBatch.dense(2, steps, new double[2 * steps], null, null, true, null)
        .withExamples(new long[] {9, 77}, Dropout.stepSeed(1, 0, 4));
    double[] m2 = new double[2 * steps * h];
    Dropout.mask(p, other, 1, h, m2);
    for (int t = 0; t < steps; t++) {
      assertArrayEquals(Arrays.copyOfRange(m, (t * 3 + 1) * h, (t * 3 + 2) * h),
          Arrays.copyOfRange(m2, (t * 2) * h, (t * 2 + 1) * h), "step " + t);
    }
    // a window starting at position 10 continues the sequence's masks
    double[] m3 = new double[2 * 10 * h];
    Dropout.mask(p, other.slice(10, 20), 1, h, m3);
    assertArrayEquals(Arrays.copyOfRange(m2, 10 * 2 * h, 20 * 2 * h), m3);
    // another step, another layer: other masks
    double[] m4 = new double[m2.length];
    Dropout.mask(p, other.withExamples(other.exampleIds, Dropout.stepSeed(1, 0, 5)), 1, h, m4);
    assertFalse(Arrays.equals(m2, m4));
    Dropout.mask(p, other, 2, h, m4);
    assertFalse(Arrays.equals(m2, m4));
  }

  /** At inference dropout is the identity: the outputs of a net without dropout. */
  @Test
  void dropoutIsOffAtInferenceAndOnWhileTraining() {
    ModelConfig with = base(CellType.LSTM).layers(2).dropout(0.5).build();
    ModelConfig without = base(CellType.LSTM).layers(2).build();
    Network a = Network.create(with, Backends.create("blas"));
    Network b = Network.create(without, Backends.create("blas"));
    Params params = Initializer.initialize(with, InitConfig.defaults(), 2);
    SequenceBatch data = Fixtures.batch(with, 3, 4, 3, true);
    a.forward(data, params, null);
    b.forward(data, params, null, true);
    assertArrayEquals(b.outputs(), a.outputs(), 0);
    a.forward(data, params, null, true);
    assertFalse(Arrays.equals(b.outputs(), a.outputs()));
  }

  @Test
  void jordanNetsRefuseTheRemediesInOneLine() {
    ModelConfig.Builder j = base(CellType.JORDAN);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> j.residual(true).build());
    assertEquals("model.residual is not supported by Jordan nets (model.cell=jordan)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> base(CellType.JORDAN).norm(Normalization.LAYER).build());
    assertTrue(e.getMessage().startsWith("model.norm=layer is not supported by Jordan nets"));
    e = assertThrows(IllegalArgumentException.class,
        () -> base(CellType.JORDAN).dropout(0.1).build());
    assertTrue(e.getMessage().startsWith("model.dropout"));
    e = assertThrows(IllegalArgumentException.class, () -> base(CellType.GRU).dropout(1).build());
    assertEquals("model.dropout must be in [0, 1), got 1.0", e.getMessage());
  }

  /** The projection exists only where the widths differ (or the input is tokens). */
  @Test
  void residualProjectionSlots() {
    ParamLayout same = Network.layoutOf(base(CellType.GRU).inputSize(H).layers(2).residual(true).build());
    assertFalse(same.has("res.weight_l0"));
    assertFalse(same.has("res.weight_l1"));
    ParamLayout wider = Network.layoutOf(base(CellType.GRU).layers(2).residual(true).build());
    assertArrayEquals(new int[] {H, I}, wider.slot("res.weight_l0").shape());
    assertFalse(wider.has("res.weight_l1"));
    ParamLayout tokens = Network.layoutOf(base(CellType.ELMAN).vocabSize(H).residual(true).build());
    assertArrayEquals(new int[] {H, H}, tokens.slot("res.weight_l0").shape());
    ParamLayout ln = Network.layoutOf(base(CellType.LSTM).norm(Normalization.LAYER).build());
    assertArrayEquals(new int[] {4 * H}, ln.slot("rnn.ln_weight_l0").shape());
    Params init = Initializer.initialize(base(CellType.LSTM).norm(Normalization.LAYER).build(),
        InitConfig.torch(), 1);
    for (double v : init.get("rnn.ln_weight_l0")) {
      assertEquals(1, v);
    }
    boolean[] decay = ln.weightMask();
    assertFalse(decay[ln.slot("rnn.ln_weight_l0").offset()], "no L1/L2 on normalization gains");
  }
}
