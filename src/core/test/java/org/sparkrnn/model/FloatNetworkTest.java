package org.sparkrnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparkrnn.linalg.Backends;
import org.sparkrnn.train.GradientCheck;

/**
 * The float32 network of train.precision=f32 against its own finite differences, with a tolerance
 * fitted to float rounding, and against the double network: for every cell × activation × loss ×
 * output mode, stacked, one-hot, dense, embedded and tied input, padding, weights, truncation,
 * dropout and a given initial state.
 *
 * <p>The finite differences take ε = 1e-2 on the double parameters, which a pass rounds to float:
 * rounding moves the loss by ~2e-7, ~1e-5 in the quotient, and the O(ε²) truncation is ~1e-4 of a
 * tensor's scale. The tolerance, 2e-3, sits above both and far below what a wrong derivative gives
 * (a truncated gradient checked against the untruncated loss fails by ~0.1). ReLU, leaky ReLU and
 * ELU are left out of the float differences: at ε = 1e-2 a difference straddles their kink at 0
 * (an error of ~0.1 with a correct gradient), and float cannot resolve the ε = 1e-6 that the
 * double check uses; their float gradient is held to the double network's, which is.
 */
class FloatNetworkTest {
  static final double EPS = 1e-2;
  static final double TOLERANCE = 2e-3;
  /** Tensors whose whole gradient is below this are held to an absolute TOLERANCE·FLOOR. */
  static final double FLOOR = 1e-2;

  record Case(String name, ModelConfig config, boolean ragged, double[] weights) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    List<Case> list = new ArrayList<>();
    for (Activation act : Activation.values()) {
      for (OutputMode mode : OutputMode.values()) {
        add(list, "elman " + act.key() + " " + mode.key(), base(CellType.ELMAN).activation(act).mode(mode), false);
      }
    }
    double[] weights = {0.5, 2.0, 0, 1.5};
    for (CellType cell : new CellType[] {CellType.ELMAN, CellType.LSTM, CellType.GRU}) {
      String c = cell.key();
      for (Loss loss : Loss.values()) {
        for (OutputMode mode : OutputMode.values()) {
          add(list, c + " " + loss + " " + mode.key(), base(cell).loss(loss).mode(mode), false);
        }
      }
      add(list, c + " 2 layers", base(cell).layers(2), false);
      add(list, c + " 3 layers padded many-to-one", base(cell).layers(3).mode(OutputMode.MANY_TO_ONE), true);
      add(list, c + " tokens", base(cell).vocabSize(6), false);
      add(list, c + " embedding 2 layers", base(cell).vocabSize(6).embedding(4).layers(2), false);
      add(list, c + " embedding tied", base(cell).vocabSize(3).embedding(5), false, true);
      add(list, c + " padded", base(cell), true);
      add(list, c + " truncated k2=2", base(cell).layers(2).truncateSteps(2), false);
      add(list, c + " dropout 2 layers padded", base(cell).layers(2).dropout(0.3), true);
      list.add(new Case(c + " weighted padded many-to-one", base(cell).mode(OutputMode.MANY_TO_ONE)
          .build(), true, weights));
      list.add(new Case(c + " weighted many-to-many", base(cell).build(), true, weights));
    }
    return list.stream();
  }

  static ModelConfig.Builder base(CellType cell) {
    return ModelConfig.builder().cell(cell).inputSize(4).hiddenSize(5).outputSize(3);
  }

  private static void add(List<Case> list, String name, ModelConfig.Builder b, boolean ragged) {
    list.add(new Case(name, b.build(), ragged, null));
  }

  private static void add(List<Case> list, String name, ModelConfig.Builder b, boolean ragged,
      boolean tied) {
    list.add(new Case(name, b.tieWeights(tied).build(), ragged, null));
  }

  /** A case's batch: 4 sequences, dropout ids and seed, its weights. */
  private static SequenceBatch data(Case c) {
    int steps = c.config().truncateSteps() > 0 ? 7 : 5;
    return Fixtures.batch(c.config(), 4, steps, 12, c.ragged())
        .withExamples(new long[] {17, 3, 40, 8}, Dropout.stepSeed(5, 1, 9))
        .withWeights(c.weights());
  }

  /** The cases without a kinked activation (see the class comment). */
  static Stream<Case> smoothCases() {
    return cases().filter(c -> c.config().cell() != CellType.ELMAN
        || c.config().activation() == Activation.TANH || c.config().activation() == Activation.SIGMOID
        || c.config().activation() == Activation.IDENTITY);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("smoothCases")
  void floatGradientMatchesFloatFiniteDifferences(Case c) {
    Network net = Network.singlePrecision(c.config());
    assertInstanceOf(FloatNetwork.class, net);
    Params params = Fixtures.randomParams(net, 11, 0.6);
    SequenceBatch data = data(c);
    RecurrentState init = Fixtures.randomState(c.config(), 4, 13);
    Params grad = params.zerosLike();
    net.forwardBackward(data, params, grad, init, null);
    DoubleSupplier loss = GradientCheckTest.lossFunction(net, params, data, init, true);
    StringBuilder report = new StringBuilder();
    double worst = worstError(net, params, grad, loss, report);
    assertTrue(worst <= TOLERANCE, c.name() + ": max relative error " + worst + report);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void floatPassAgreesWithTheDoubleNetwork(Case c) {
    Network single = Network.singlePrecision(c.config());
    Network dbl = Network.create(c.config(), Backends.create("blas"));
    Params params = Fixtures.randomParams(dbl, 11, 0.6);
    SequenceBatch data = data(c);
    RecurrentState init = Fixtures.randomState(c.config(), 4, 13);
    Params g32 = params.zerosLike();
    Params g64 = params.zerosLike();
    single.recordGradientFlow(true);
    dbl.recordGradientFlow(true);
    StepResult r32 = single.forwardBackward(data, params, g32, init, null);
    StepResult r64 = dbl.forwardBackward(data, params, g64, init, null);
    assertEquals(r64.lossSum(), r32.lossSum(), 1e-5 * Math.abs(r64.lossSum()) + 1e-6, "loss");
    assertEquals(r64.items(), r32.items());
    assertEquals(r64.weight(), r32.weight());
    assertClose(dbl.gradientFlowSquares(), single.gradientFlowSquares(), "gradient flow");
    assertClose(new double[][] {dbl.itemLosses()}, new double[][] {single.itemLosses()}, "item losses");
    assertClose(new double[][] {dbl.outputs()}, new double[][] {single.outputs()}, "outputs");
    for (Slot s : dbl.layout().slots()) {
      double err = GradientCheck.relativeError(g32.get(s.name()), g64.get(s.name()));
      assertTrue(err < 1e-4, c.name() + ": " + s.name() + " differs from f64 by " + err);
    }
    assertClose(r64.finalState().h, r32.finalState().h, "h_n");
    if (r64.finalState().c != null) {
      assertClose(r64.finalState().c, r32.finalState().c, "c_n");
    }
    assertClose(new double[][] {dbl.logits()}, new double[][] {single.logits()}, "logits");
    assertClose(new double[][] {dbl.hiddenStates(0)}, new double[][] {single.hiddenStates(0)}, "h");
    for (String name : dbl.internals(0).keySet()) {
      assertClose(new double[][] {dbl.internals(0).get(name)},
          new double[][] {single.internals(0).get(name)}, name);
    }
  }

  /**
   * One network through passes of different T and B (as a cached network in a task sees shards of
   * different sizes) gives, every time, exactly what a fresh network gives: nothing a pass leaves
   * in the buffers, the bias sums or the caches reaches the next one.
   */
  @Test
  void aReusedNetworkGivesAFreshNetworksGradient() {
    List<ModelConfig> configs = List.of(base(CellType.ELMAN).vocabSize(6).build(),
        base(CellType.LSTM).vocabSize(6).embedding(4).layers(2).dropout(0.3).build(),
        base(CellType.GRU).layers(2).mode(OutputMode.MANY_TO_ONE).build(),
        base(CellType.GRU).vocabSize(6).truncateSteps(2).build());
    int[][] sizes = {{5, 4}, {3, 2}, {7, 5}, {5, 4}};
    for (ModelConfig config : configs) {
      Network reused = Network.singlePrecision(config);
      Params params = Fixtures.randomParams(reused, 11, 0.6);
      for (int[] size : sizes) {
        SequenceBatch data = Fixtures.batch(config, size[1], size[0], 12 + size[0], true)
            .withExamples(java.util.stream.LongStream.range(0, size[1]).toArray(), 7);
        RecurrentState init = Fixtures.randomState(config, size[1], 13);
        Params again = params.zerosLike();
        Params fresh = params.zerosLike();
        StepResult a = reused.forwardBackward(data, params, again, init, null);
        StepResult b = Network.singlePrecision(config).forwardBackward(data, params, fresh, init, null);
        assertEquals(b.lossSum(), a.lossSum(), config + " T=" + size[0] + " B=" + size[1]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(fresh.data(), again.data(),
            config + " T=" + size[0] + " B=" + size[1]);
      }
    }
  }

  /** A derivative that is wrong (BPTT cut every 2 steps, against the whole loss) fails the check. */
  @Test
  void aWrongDerivativeFailsTheFloatCheck() {
    ModelConfig whole = base(CellType.LSTM).build();
    ModelConfig cut = base(CellType.LSTM).truncateSteps(2).build();
    Network net = Network.singlePrecision(whole);
    Params params = Fixtures.randomParams(net, 11, 0.6);
    SequenceBatch data = Fixtures.batch(whole, 4, 7, 12, false);
    Params grad = params.zerosLike();
    Network.singlePrecision(cut).forwardBackward(data, params, grad, null, null);
    DoubleSupplier loss = () -> net.forward(data, params, null).lossSum();
    StringBuilder report = new StringBuilder();
    double worst = worstError(net, params, grad, loss, report);
    assertTrue(worst > 10 * TOLERANCE, "the check let a truncated gradient pass: " + worst + report);
  }

  @Test
  void modelsOutsideTheFloatNetworkKeepSinglePrecisionProducts() {
    for (ModelConfig c : List.of(base(CellType.LSTM).norm(Normalization.LAYER).build(),
        base(CellType.GRU).residual(true).build(), base(CellType.ELMAN).bidirectional(true).build(),
        base(CellType.JORDAN).build())) {
      assertFalse(Network.runsAllInFloat(c), c.toString());
      assertFalse(Network.singlePrecision(c) instanceof FloatNetwork);
    }
    assertThrows(IllegalArgumentException.class,
        () -> new FloatNetwork(base(CellType.LSTM).norm(Normalization.BATCH).build()));
  }

  private static double worstError(Network net, Params params, Params grad, DoubleSupplier loss,
      StringBuilder report) {
    double worst = 0;
    for (Slot s : net.layout().slots()) {
      double[] numeric = GradientCheck.numerical(params.data(), s.offset(), s.offset() + s.size(),
          loss, EPS);
      double[] analytic = grad.get(s.name());
      double scale = 0;
      double diff = 0;
      for (int i = 0; i < numeric.length; i++) {
        scale = Math.max(scale, Math.abs(numeric[i]));
        diff = Math.max(diff, Math.abs(analytic[i] - numeric[i]));
      }
      double err = diff / Math.max(scale, FLOOR);
      report.append(String.format("%n  %-26s %.2e  (scale %.1e, abs %.1e)", s.name(), err, scale, diff));
      worst = Math.max(worst, err);
    }
    return worst;
  }

  private static void assertClose(double[][] expected, double[][] actual, String what) {
    for (int l = 0; l < expected.length; l++) {
      double err = GradientCheck.relativeError(actual[l], expected[l]);
      assertTrue(err < 1e-5, what + "[" + l + "] differs from f64 by " + err);
    }
  }
}
