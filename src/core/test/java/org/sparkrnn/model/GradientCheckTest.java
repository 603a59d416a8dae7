package org.sparkrnn.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparkrnn.linalg.Backends;
import org.sparkrnn.train.GradientCheck;

/**
 * Central finite differences in double precision against the analytic gradient of every
 * parameter, the inputs and the initial state, for every cell × activation × output mode × loss ×
 * stacking × input kind × padding × truncation × Jordan option. Truncated BPTT is checked against
 * its definition: the sum over k2-step chunks of each chunk's loss gradient with the chunk's
 * incoming state held fixed.
 */
class GradientCheckTest {
  static final double TOLERANCE = 1e-6;

  /** {@code weights}: per-sequence loss weights (Spark ML's weightCol), or null. */
  record Case(String name, ModelConfig config, boolean ragged, double[] weights) {
    Case(String name, ModelConfig config, boolean ragged) {
      this(name, config, ragged, null);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static ModelConfig.Builder base(CellType cell) {
    return ModelConfig.builder().cell(cell).inputSize(4).hiddenSize(5).outputSize(3);
  }

  static Stream<Case> cases() {
    List<Case> list = new ArrayList<>();
    for (Activation act : Activation.values()) {
      for (OutputMode mode : OutputMode.values()) {
        add(list, "elman " + act.key() + " " + mode.key(), base(CellType.ELMAN).activation(act).mode(mode), false);
      }
    }
    CellType[] stackable = {CellType.ELMAN, CellType.LSTM, CellType.GRU};
    for (CellType cell : stackable) {
      for (Loss loss : Loss.values()) {
        for (OutputMode mode : OutputMode.values()) {
          add(list, cell.key() + " " + loss + " " + mode.key(), base(cell).loss(loss).mode(mode), false);
        }
      }
      for (int layers = 2; layers <= 3; layers++) {
        add(list, cell.key() + " " + layers + " layers", base(cell).layers(layers), false);
        add(list, cell.key() + " " + layers + " layers many-to-one mse",
            base(cell).layers(layers).mode(OutputMode.MANY_TO_ONE).loss(Loss.IDENTITY_MSE), false);
      }
      add(list, cell.key() + " tokens", base(cell).vocabSize(6), false);
      add(list, cell.key() + " tokens 2 layers many-to-one", base(cell).vocabSize(6).layers(2)
          .mode(OutputMode.MANY_TO_ONE), false);
      for (OutputMode mode : OutputMode.values()) {
        add(list, cell.key() + " padded " + mode.key(), base(cell).mode(mode), true);
        add(list, cell.key() + " truncated k2=2 " + mode.key(), base(cell).mode(mode).truncateSteps(2), false);
        add(list, cell.key() + " 2 layers truncated k2=3 " + mode.key(),
            base(cell).layers(2).mode(mode).truncateSteps(3), false);
      }
    }
    // bidirectional: both directions, stacked, ragged (the backward direction starts at each
    // sequence's own last step), token input, every loss
    for (CellType cell : stackable) {
      String c = cell.key() + " bidirectional";
      for (OutputMode mode : OutputMode.values()) {
        add(list, c + " " + mode.key(), base(cell).bidirectional(true).mode(mode), false);
        add(list, c + " 2 layers padded " + mode.key(), base(cell).bidirectional(true).layers(2)
            .mode(mode), true);
      }
      for (Loss loss : Loss.values()) {
        add(list, c + " padded many-to-one " + loss, base(cell).bidirectional(true).loss(loss)
            .mode(OutputMode.MANY_TO_ONE), true);
      }
      add(list, c + " tokens 2 layers padded many-to-one", base(cell).bidirectional(true)
          .vocabSize(6).layers(2).mode(OutputMode.MANY_TO_ONE), true);
      list.add(new Case(c + " weighted 3 layers padded many-to-one", base(cell).bidirectional(true)
          .layers(3).mode(OutputMode.MANY_TO_ONE).build(), true, new double[] {0.5, 2.0, 0}));
    }
    add(list, "elman relu bidirectional 2 layers padded", base(CellType.ELMAN)
        .activation(Activation.RELU).bidirectional(true).layers(2), true);
    add(list, "elman relu 2 layers truncated tokens", base(CellType.ELMAN).activation(Activation.RELU)
        .layers(2).vocabSize(6).truncateSteps(3), false);
    for (JordanFeedback fb : JordanFeedback.values()) {
      for (Loss loss : Loss.values()) {
        for (OutputMode mode : OutputMode.values()) {
          add(list, "jordan " + fb + " " + loss + " " + mode.key(),
              base(CellType.JORDAN).jordanFeedback(fb).loss(loss).mode(mode), false);
        }
        add(list, "jordan teacher-forced " + fb + " " + loss,
            base(CellType.JORDAN).jordanFeedback(fb).loss(loss).teacherForcing(true), false);
        add(list, "jordan " + fb + " truncated k2=2 " + loss,
            base(CellType.JORDAN).jordanFeedback(fb).loss(loss).truncateSteps(2), false);
      }
      add(list, "jordan " + fb + " padded", base(CellType.JORDAN).jordanFeedback(fb), true);
      add(list, "jordan " + fb + " padded many-to-one", base(CellType.JORDAN).jordanFeedback(fb)
          .mode(OutputMode.MANY_TO_ONE), true);
      add(list, "jordan " + fb + " padded teacher-forced", base(CellType.JORDAN).jordanFeedback(fb)
          .teacherForcing(true), true);
    }
    for (Activation act : Activation.values()) {
      add(list, "jordan " + act.key() + " tokens", base(CellType.JORDAN).activation(act).vocabSize(6), false);
    }
    // weighted sequences (one of weight 0): every loss and mode, padded, truncated, Jordan
    double[] weights = {0.5, 2.0, 0};
    for (CellType cell : CellType.values()) {
      for (Loss loss : Loss.values()) {
        for (OutputMode mode : OutputMode.values()) {
          list.add(new Case(cell.key() + " weighted " + loss + " " + mode.key(),
              base(cell).loss(loss).mode(mode).build(), true, weights));
        }
      }
    }
    list.add(new Case("lstm weighted truncated k2=2", base(CellType.LSTM).truncateSteps(2).build(),
        false, weights));
    return list.stream();
  }

  private static void add(List<Case> list, String name, ModelConfig.Builder b, boolean ragged) {
    list.add(new Case(name, b.build(), ragged));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void analyticGradientMatchesFiniteDifferences(Case c) {
    ModelConfig config = c.config();
    int batch = 3;
    int steps = config.truncateSteps() > 0 ? 7 : 5;
    Network net = Network.create(config, Backends.create("blas"));
    Params params = Fixtures.randomParams(net, 11, 0.6);
    SequenceBatch data = Fixtures.batch(config, batch, steps, 12, c.ragged())
        .withWeights(c.weights());
    RecurrentState init = Fixtures.randomState(config, batch, 13);

    Params grad = params.zerosLike();
    InputGradients ig = new InputGradients();
    net.forwardBackward(data, params, grad, init, ig);

    DoubleSupplier loss = lossFunction(net, params, data, init);
    StringBuilder report = new StringBuilder();
    double worst = 0;
    for (Slot s : net.layout().slots()) {
      double[] numeric = GradientCheck.numerical(params.data(), s.offset(), s.offset() + s.size(),
          loss, GradientCheck.DEFAULT_EPS);
      worst = Math.max(worst, record(report, s.name(), grad.get(s.name()), numeric));
    }
    if (data.x != null) {
      worst = Math.max(worst, record(report, "x", ig.dx, GradientCheck.numerical(data.x, loss)));
    }
    for (int l = 0; l < init.h.length; l++) {
      if (config.cell() != CellType.JORDAN) {
        worst = Math.max(worst, record(report, "h0[" + l + "]", ig.dInit.h[l],
            GradientCheck.numerical(init.h[l], loss)));
      }
      if (init.c != null) {
        worst = Math.max(worst, record(report, "c0[" + l + "]", ig.dInit.c[l],
            GradientCheck.numerical(init.c[l], loss)));
      }
    }
    if (init.y != null) {
      worst = Math.max(worst, record(report, "y0", ig.dInit.y, GradientCheck.numerical(init.y, loss)));
    }
    assertTrue(worst <= TOLERANCE, c.name() + ": max relative error " + worst + report);
  }

  /** Appends one tensor's line to the report; returns its error as the tolerance reads it. */
  static double record(StringBuilder report, String name, double[] analytic, double[] numeric) {
    double err = GradientCheck.relativeError(analytic, numeric);
    double scale = 0;
    double diff = 0;
    for (int i = 0; i < numeric.length; i++) {
      scale = Math.max(scale, Math.abs(numeric[i]));
      diff = Math.max(diff, Math.abs(analytic[i] - numeric[i]));
    }
    report.append(String.format("%n  %-26s %.2e  (scale %.1e, abs %.1e)", name, err, scale, diff));
    // Central differences cannot resolve a gradient much below ~1e-9 (rounding of the loss / ε):
    // a tensor whose whole gradient is that small is held to an absolute 1e-9 instead.
    return scale < FLOOR ? diff / FLOOR : err;
  }

  static final double FLOOR = 1e-3;

  /** The loss whose exact gradient the backward pass computes (see the class comment). */
  private static DoubleSupplier lossFunction(Network net, Params params, SequenceBatch data,
      RecurrentState init) {
    return lossFunction(net, params, data, init, false);
  }

  /**
   * The same in training mode ({@code training}: batch statistics, dropout masks) or inference
   * mode. With truncated BPTT, the chunks start from states fixed beforehand, so the gradient does
   * not flow between them, as in the backward pass.
   */
  static DoubleSupplier lossFunction(Network net, Params params, SequenceBatch data,
      RecurrentState init, boolean training) {
    int k = net.config().truncateSteps();
    if (k == 0 || k >= data.steps) {
      return () -> forward(net, data, params, init, training).lossSum();
    }
    int chunks = (data.steps + k - 1) / k;
    RecurrentState[] starts = new RecurrentState[chunks];
    starts[0] = init;
    for (int i = 1; i < chunks; i++) {
      starts[i] = forward(net, data.slice(0, i * k), params, init, training).finalState();
    }
    boolean lastOnly = net.config().mode() == OutputMode.MANY_TO_ONE;
    return () -> {
      double sum = 0;
      for (int i = lastOnly ? chunks - 1 : 0; i < chunks; i++) {
        sum += forward(net, data.slice(i * k, Math.min((i + 1) * k, data.steps)), params,
            starts[i], training).lossSum();
      }
      return sum;
    };
  }

  private static StepResult forward(Network net, SequenceBatch data, Params params,
      RecurrentState init, boolean training) {
    return training ? net.forward(data, params, init, true) : net.forward(data, params, init);
  }
}
