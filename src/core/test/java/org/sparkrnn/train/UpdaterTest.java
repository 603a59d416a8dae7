package org.sparkrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.InitConfig;
import org.sparkrnn.model.Initializer;
import org.sparkrnn.model.Loss;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Params;

/** The driver's update: the mean over items, NaN/Inf rejection and the divergence stop. */
class UpdaterTest {
  private static final int O = 3;

  private static ModelConfig model(Loss loss) {
    return ModelConfig.builder().cell(CellType.LSTM).inputSize(2).hiddenSize(3).outputSize(O)
        .loss(loss).build();
  }

  private static TrainConfig sgd(double lr, int maxBad) {
    return TrainConfig.builder().optimizer("sgd").learningRate(lr).clip("none", 0)
        .maxBadSteps(maxBad).build();
  }

  private static GradientSum sum(int size, long seed, double loss, long items) {
    GradientSum s = new GradientSum(size);
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < size; i++) {
      s.grad[i] = r.nextGaussian();
    }
    s.loss = loss;
    s.items = items;
    s.weight = items;
    s.steps = items;
    return s;
  }

  private static GradientSum nanIn(Params p, String tensor, int at) {
    GradientSum s = sum(p.data().length, 5, 1.0, 4);
    s.grad[p.slot(tensor).offset() + at] = Double.NaN;
    return s;
  }

  /**
   * The step in ranges (as the local barrier tasks sharing one replica run it, here one range
   * after the other) gives bit for bit what one apply gives: parameters, optimizer state, stats,
   * bad-step counters, and the divergence stop at the same step.
   */
  @Test
  void rangesGiveExactlyWhatOneApplyGives() {
    ModelConfig m = ModelConfig.builder().cell(CellType.LSTM).inputSize(200).hiddenSize(64)
        .outputSize(O).build(); // 68,291 parameters: 3 norm blocks
    for (TrainConfig train : new TrainConfig[] {
        TrainConfig.builder().optimizer("adam").learningRate(0.01).clip("norm", 0.5).build(),
        TrainConfig.builder().optimizer("adam").learningRate(0.01).clip("none", 0).build(),
        TrainConfig.builder().optimizer("momentum").learningRate(0.1).clip("norm", 1e6).build(),
        TrainConfig.builder().optimizer("rmsprop").learningRate(0.01).clip("norm", 2).maxBadSteps(2)
            .build()}) {
      for (int tasks : new int[] {1, 2, 3}) {
        Params whole = Initializer.initialize(m, InitConfig.defaults(), 1);
        Params ranged = whole.copy();
        Updater one = new Updater(m, train, whole.layout());
        Updater split = new Updater(m, train, whole.layout());
        assertTrue(split.rangesApply());
        assertEquals(3, split.blocks());
        double[] squares = new double[split.blocks()];
        for (int step = 0; step < 6; step++) {
          GradientSum sum = step == 3 || step == 4 ? nanIn(whole, "rnn.weight_hh_l0", step)
              : sum(whole.data().length, step, 2.0 + step, 4);
          String where = train.optimizer() + " " + train.clip() + ", " + tasks + " ranges, step "
              + step;
          StepStats expected;
          try {
            expected = one.apply(whole, sum, step, 0);
          } catch (TrainingDivergedException e) {
            final int at = step;
            TrainingDivergedException same = assertThrows(TrainingDivergedException.class,
                () -> inRanges(split, ranged, sum, at, tasks, squares), where);
            assertEquals(e.getMessage(), same.getMessage(), where);
            break;
          }
          StepStats got = inRanges(split, ranged, sum, step, tasks, squares);
          assertEquals(expected, got, where);
          assertArrayEquals(whole.data(), ranged.data(), where);
          for (String k : one.optimizer().state().keySet()) {
            assertArrayEquals(one.optimizer().state().get(k), split.optimizer().state().get(k),
                where + " " + k);
          }
          assertEquals(one.optimizer().steps(), split.optimizer().steps(), where);
          assertEquals(one.badSteps(), split.badSteps(), where);
          assertEquals(one.badInARow(), split.badInARow(), where);
        }
      }
    }
  }

  private static StepStats inRanges(Updater u, Params p, GradientSum sum, long step, int tasks,
      double[] squares) {
    int blocks = u.blocks();
    for (int k = 0; k < tasks; k++) {
      u.prepareRange(sum, blocks * k / tasks, blocks * (k + 1) / tasks, squares);
    }
    Updater.Plan plan = u.plan(sum, squares, step, 0);
    for (int k = 0; k < tasks; k++) {
      u.applyRange(p, plan, blocks * k / tasks, blocks * (k + 1) / tasks);
    }
    u.finish(plan);
    return plan.stats();
  }

  /** Every scored item of weight 0 (Spark ML's weightCol): nothing to average, no step. */
  @Test
  void aStepWhoseItemsWeighNothingIsSkipped() {
    ModelConfig m = model(Loss.SOFTMAX_CROSS_ENTROPY);
    Params p = Initializer.initialize(m, InitConfig.defaults(), 1);
    double[] before = p.data().clone();
    Updater u = new Updater(m, sgd(0.1, 5), p.layout());
    GradientSum weightless = sum(p.data().length, 7, 0.0, 4);
    weightless.weight = 0;
    StepStats st = u.apply(p, weightless, 0, 0);
    assertTrue(st.skipped());
    assertEquals("the scored items' weights add up to 0", st.problem());
    assertArrayEquals(before, p.data(), 0.0);
  }

  @Test
  void nanGradientIsSkippedAndNamed() {
    ModelConfig m = model(Loss.SOFTMAX_CROSS_ENTROPY);
    Params p = Initializer.initialize(m, InitConfig.defaults(), 1);
    double[] before = p.data().clone();
    Updater u = new Updater(m, sgd(0.1, 5), p.layout());
    StepStats st = u.apply(p, nanIn(p, "rnn.weight_hh_l0", 4), 0, 0);
    assertTrue(st.skipped());
    assertNotNull(st.problem());
    assertTrue(st.problem().contains("rnn.weight_hh_l0"), st.problem());
    assertArrayEquals(before, p.data(), 0.0, "a skipped step leaves the parameters untouched");
    assertEquals(1, u.badSteps());
    assertEquals(1, u.badInARow());

    // a non-finite loss is skipped as well, and says so
    GradientSum infLoss = sum(p.data().length, 6, Double.POSITIVE_INFINITY, 4);
    StepStats st2 = u.apply(p, infLoss, 1, 0);
    assertTrue(st2.skipped());
    assertTrue(st2.problem().contains("loss"), st2.problem());
    assertArrayEquals(before, p.data(), 0.0);
    assertEquals(2, u.badInARow());
  }

  @Test
  void consecutiveBadStepsEndTrainingWithAnActionableMessage() {
    ModelConfig m = model(Loss.SOFTMAX_CROSS_ENTROPY);
    Params p = Initializer.initialize(m, InitConfig.defaults(), 1);
    int maxBad = 3;
    Updater u = new Updater(m, sgd(0.1, maxBad), p.layout());
    u.apply(p, nanIn(p, "linear.weight", 0), 0, 0);
    u.apply(p, nanIn(p, "linear.weight", 0), 1, 0);
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> u.apply(p, nanIn(p, "linear.weight", 0), 2, 0));
    String msg = e.getMessage();
    assertTrue(msg.contains("train.lr"), msg);
    assertTrue(msg.contains("train.clip"), msg);
    assertTrue(msg.contains("linear.weight"), msg);
    assertTrue(msg.contains(String.valueOf(maxBad)), msg);
  }

  @Test
  void aGoodStepResetsTheRun() {
    ModelConfig m = model(Loss.SOFTMAX_CROSS_ENTROPY);
    Params p = Initializer.initialize(m, InitConfig.defaults(), 1);
    int n = p.data().length;
    Updater u = new Updater(m, sgd(0.01, 3), p.layout());
    long step = 0;
    for (int round = 0; round < 3; round++) {
      assertTrue(u.apply(p, nanIn(p, "rnn.bias_ih_l0", 1), step++, 0).skipped());
      assertTrue(u.apply(p, nanIn(p, "rnn.bias_ih_l0", 1), step++, 0).skipped());
      assertEquals(2, u.badInARow());
      double[] before = p.data().clone();
      StepStats good = u.apply(p, sum(n, round, 2.0, 4), step++, 0);
      assertFalse(good.skipped());
      assertFalse(java.util.Arrays.equals(before, p.data()), "a good step updates");
      assertEquals(0, u.badInARow());
    }
    assertEquals(6, u.badSteps());
    assertThrows(TrainingDivergedException.class, () -> {
      for (int i = 0; i < 3; i++) {
        u.apply(p, nanIn(p, "rnn.bias_ih_l0", 1), 100 + i, 1);
      }
    });
  }

  @Test
  void lossAndGradientAreMeansOverItems() {
    for (Loss loss : new Loss[] {Loss.SOFTMAX_CROSS_ENTROPY, Loss.IDENTITY_MSE, Loss.SIGMOID_BCE}) {
      ModelConfig m = model(loss);
      Params p = Initializer.initialize(m, InitConfig.defaults(), 2);
      int n = p.data().length;
      double[] before = p.data().clone();
      double lr = 0.25;
      long items = 7;
      GradientSum s = sum(n, 11, 21.0, items);
      double units = loss == Loss.SOFTMAX_CROSS_ENTROPY ? 1 : O;
      assertEquals((int) units, loss.unitsPerItem(O));
      Updater u = new Updater(m, sgd(lr, 5), p.layout());
      StepStats st = u.apply(p, s, 0, 0);
      assertFalse(st.skipped());
      assertEquals(21.0 / (items * units), st.loss(), 1e-15, loss + " loss per item");
      assertEquals(items, st.items());
      assertEquals(lr, st.lr(), 0.0);
      double norm = 0;
      for (int i = 0; i < n; i++) {
        double g = s.grad[i] / (items * units);
        norm += g * g;
        assertEquals(before[i] - lr * g, p.data()[i], 1e-15, loss + " entry " + i);
      }
      assertEquals(Math.sqrt(norm), st.gradNorm(), 1e-12);
    }
  }

  @Test
  void noScoredItemsIsASkippedStep() {
    ModelConfig m = model(Loss.SOFTMAX_CROSS_ENTROPY);
    Params p = Initializer.initialize(m, InitConfig.defaults(), 1);
    double[] before = p.data().clone();
    Updater u = new Updater(m, sgd(0.1, 1), p.layout());
    StepStats st = u.apply(p, new GradientSum(p.data().length), 0, 0);
    assertTrue(st.skipped());
    assertArrayEquals(before, p.data(), 0.0);
    // an empty step is not a divergence, even with max_bad_steps = 1
    assertEquals(0, u.badInARow());
  }
}
