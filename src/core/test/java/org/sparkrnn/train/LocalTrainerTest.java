package org.sparkrnn.train;

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
import org.sparkrnn.model.Batches;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.Example;
import org.sparkrnn.model.InitConfig;
import org.sparkrnn.model.Initializer;
import org.sparkrnn.model.Loss;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.OutputMode;
import org.sparkrnn.model.Params;
import org.sparkrnn.model.StepResult;

/** The single-thread trainer: reproducible, strict about ids, and exactly one SGD step per batch. */
class LocalTrainerTest {
  private static final int VOCAB = 5;

  /** Token sequences whose target at t is the input at t−1 (0 at t = 0). */
  private static List<Example> delayedCopy(int[] lengths, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Example> out = new ArrayList<>();
    for (int id = 0; id < lengths.length; id++) {
      int[] in = new int[lengths[id]];
      int[] target = new int[lengths[id]];
      for (int t = 0; t < in.length; t++) {
        in[t] = r.nextInt(VOCAB);
        target[t] = t == 0 ? 0 : in[t - 1];
      }
      out.add(Example.ofTokens(id, in, target));
    }
    return out;
  }

  private static ModelConfig tokenModel(CellType cell, int hidden) {
    return ModelConfig.builder().cell(cell).vocabSize(VOCAB).hiddenSize(hidden).outputSize(VOCAB).build();
  }

  private static double[] trained(ModelConfig model, TrainConfig train, List<Example> data, long initSeed) {
    Params p = Initializer.initialize(model, InitConfig.defaults(), initSeed);
    new LocalTrainer(model, train).train(data, p, null);
    return p.data();
  }

  @ParameterizedTest
  @EnumSource(CellType.class)
  void sameSeedGivesBitIdenticalParameters(CellType cell) {
    ModelConfig model = tokenModel(cell, 6);
    List<Example> data = delayedCopy(new int[] {5, 2, 9, 4, 7, 3, 8, 6}, 1);
    for (int window : new int[] {0, 3}) {
      TrainConfig train = TrainConfig.builder().batchSize(3).epochs(2).window(window).seed(5)
          .learningRate(0.01).build();
      double[] a = trained(model, train, data, 9);
      double[] b = trained(model, train, data, 9);
      assertArrayEquals(a, b, cell + " window " + window + ": two runs differ");
      double[] init = Initializer.initialize(model, InitConfig.defaults(), 9).data();
      assertFalse(Arrays.equals(a, init), cell + ": training changed nothing");

      TrainConfig other = TrainConfig.builder().batchSize(3).epochs(2).window(window).seed(6)
          .learningRate(0.01).build();
      assertFalse(Arrays.equals(a, trained(model, other, data, 9)),
          cell + " window " + window + ": seeds 5 and 6 gave the same parameters");
    }
  }

  @Test
  void idsMustBeZeroToNMinusOne() {
    ModelConfig model = tokenModel(CellType.ELMAN, 4);
    TrainConfig train = TrainConfig.builder().batchSize(2).epochs(1).build();
    LocalTrainer trainer = new LocalTrainer(model, train);
    Params p = Initializer.initialize(model, InitConfig.defaults(), 1);
    int[] tok = {1, 2};
    int[] lab = {2, 3};
    List<List<Example>> bad = List.of(
        List.of(Example.ofTokens(0, tok, lab), Example.ofTokens(2, tok, lab)),
        List.of(Example.ofTokens(1, tok, lab), Example.ofTokens(1, tok, lab)),
        List.of(Example.ofTokens(-1, tok, lab), Example.ofTokens(0, tok, lab)),
        List.of(Example.ofTokens(1, tok, lab), Example.ofTokens(2, tok, lab)));
    for (List<Example> data : bad) {
      double[] before = p.data().clone();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> trainer.train(data, p, null), "ids " + data.stream().map(Example::id).toList());
      assertTrue(e.getMessage().contains("ids"), e.getMessage());
      assertArrayEquals(before, p.data(), 0.0, "rejected data must not train");
    }
    // ids in any order are fine
    trainer.train(List.of(Example.ofTokens(1, tok, lab), Example.ofTokens(0, tok, lab)), p, null);
  }

  @Test
  void truncatedBpttOverUnequalLengthsTrainsEveryExampleAndLearns() {
    int[] lengths = {2, 11, 3, 7, 1, 16, 4, 9, 5, 13, 6, 3, 10, 2, 8, 12};
    List<Example> data = delayedCopy(lengths, 4);
    int total = Arrays.stream(lengths).sum();
    int window = 4;
    int epochs = 40;
    ModelConfig model = tokenModel(CellType.ELMAN, 16);
    TrainConfig train = TrainConfig.builder().learningRate(0.02).batchSize(4).window(window)
        .epochs(epochs).seed(3).build();
    Params p = Initializer.initialize(model, InitConfig.defaults(), 3);
    List<StepStats> history = new LocalTrainer(model, train).train(data, p, null);

    double[] lossSum = new double[epochs];
    long[] items = new long[epochs];
    long[] inputSteps = new long[epochs];
    for (StepStats s : history) {
      assertFalse(s.skipped(), "step " + s.step() + " skipped: " + s.problem());
      assertTrue(Double.isFinite(s.loss()));
      lossSum[s.epoch()] += s.loss() * s.items();
      items[s.epoch()] += s.items();
      inputSteps[s.epoch()] += s.steps();
    }
    for (int e = 0; e < epochs; e++) {
      assertEquals(total, items[e], "epoch " + e + " must score every step of every example once");
      assertEquals(total, inputSteps[e], "epoch " + e + " input steps");
    }
    double first = lossSum[0] / items[0];
    double last = lossSum[epochs - 1] / items[epochs - 1];
    assertTrue(first > 1.2, "untrained loss should be near ln 5 = 1.61, was " + first);
    assertTrue(last < 0.5 * first, "loss went from " + first + " to " + last);

    // per-example: the trained net beats chance on the short ones too (all in one batch)
    Network net = Network.create(model);
    for (Example e : data) {
      StepResult r = net.forward(Batches.assemble(List.of(e), model), p, null);
      assertEquals(e.length(), r.items());
      assertTrue(Double.isFinite(r.lossSum()));
    }
  }

  /** One step on the whole data set, SGD lr 0.1, no clipping, against the formula. */
  @Test
  void oneFullBatchStepEqualsTheHandComputation() {
    // softmax over tokens, many-to-many, ragged
    ModelConfig tokens = tokenModel(CellType.ELMAN, 5);
    checkOneStep(tokens, delayedCopy(new int[] {4, 1, 6, 3, 5}, 8));
    // LSTM on dense features, many-to-one squared error: the mean is over items × O
    ModelConfig dense = ModelConfig.builder().cell(CellType.LSTM).inputSize(3).hiddenSize(4)
        .outputSize(2).mode(OutputMode.MANY_TO_ONE).loss(Loss.IDENTITY_MSE).layers(2).build();
    SplittableRandom r = new SplittableRandom(12);
    List<Example> data = new ArrayList<>();
    int[] lengths = {3, 6, 2, 5};
    for (int id = 0; id < lengths.length; id++) {
      double[] f = new double[lengths[id] * 3];
      for (int i = 0; i < f.length; i++) {
        f[i] = r.nextGaussian();
      }
      data.add(Example.ofFeatures(id, lengths[id], f, null, new double[] {r.nextGaussian(), r.nextGaussian()}));
    }
    checkOneStep(dense, data);
    // Jordan net, many-to-many softmax
    checkOneStep(tokenModel(CellType.JORDAN, 4), delayedCopy(new int[] {3, 5, 2}, 9));
  }

  private static void checkOneStep(ModelConfig model, List<Example> data) {
    double lr = 0.1;
    TrainConfig train = TrainConfig.builder().optimizer("sgd").learningRate(lr).clip("none", 0)
        .batchSize(data.size()).epochs(1).seed(21).build();
    Params start = Initializer.initialize(model, InitConfig.defaults(), 4);
    Params p = start.copy();
    List<StepStats> history = new LocalTrainer(model, train).train(data, p, null);
    assertEquals(1, history.size());

    Network net = Network.create(model);
    Params grad = start.zerosLike();
    StepResult res = net.forwardBackward(Batches.assemble(data, model), start, grad, null, null);
    double divisor = (double) res.items() * model.loss().unitsPerItem(model.outputSize());
    double[] expected = start.data().clone();
    for (int i = 0; i < expected.length; i++) {
      expected[i] -= lr * grad.data()[i] / divisor;
    }
    assertArrayEquals(expected, p.data(), 1e-12, model.cell() + " " + model.loss());
    assertFalse(Arrays.equals(start.data(), p.data()));
    StepStats st = history.get(0);
    assertEquals(res.items(), st.items());
    assertEquals(res.lossSum() / divisor, st.loss(), 1e-12);
  }
}
