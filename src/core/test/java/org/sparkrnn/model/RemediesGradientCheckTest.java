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
 * Central finite differences in double precision against the analytic gradient for every remedy
 * (residual links with and without a projection, layer norm, batch norm in training mode, dropout
 * with the batch's fixed mask) × cell (Elman, LSTM, GRU), with padding, many-to-one, truncation,
 * token input (one-hot and through an embedding, with and without a tied head) and 2–3 layers,
 * alone and combined. The loss is the training-mode forward — the
 * function forwardBackward differentiates (batch statistics, the same dropout masks).
 */
class RemediesGradientCheckTest {
  record Case(String name, ModelConfig config, boolean ragged) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static ModelConfig.Builder base(CellType cell) {
    return ModelConfig.builder().cell(cell).inputSize(4).hiddenSize(5).outputSize(3);
  }

  static Stream<Case> cases() {
    List<Case> list = new ArrayList<>();
    for (CellType cell : new CellType[] {CellType.ELMAN, CellType.LSTM, CellType.GRU}) {
      String c = cell.key();
      // residual: identity everywhere (input as wide as the layer), projections at layer 0
      add(list, c + " residual identity 2 layers", base(cell).inputSize(5).layers(2).residual(true), false);
      add(list, c + " residual projection 3 layers padded many-to-one mse", base(cell).layers(3)
          .residual(true).mode(OutputMode.MANY_TO_ONE).loss(Loss.IDENTITY_MSE), true);
      add(list, c + " residual projection 1 layer truncated", base(cell).residual(true).truncateSteps(2), false);
      add(list, c + " residual tokens 2 layers", base(cell).vocabSize(6).layers(2).residual(true), false);
      for (Normalization norm : new Normalization[] {Normalization.LAYER, Normalization.BATCH}) {
        String n = norm.key() + " norm";
        add(list, c + " " + n, base(cell).norm(norm), false);
        add(list, c + " " + n + " 2 layers padded", base(cell).norm(norm).layers(2), true);
        add(list, c + " " + n + " padded many-to-one", base(cell).norm(norm).mode(OutputMode.MANY_TO_ONE), true);
        add(list, c + " " + n + " 2 layers truncated k2=3", base(cell).norm(norm).layers(2).truncateSteps(3), false);
        add(list, c + " " + n + " tokens bce", base(cell).norm(norm).vocabSize(6).loss(Loss.SIGMOID_BCE), false);
      }
      add(list, c + " batch norm 3 positions of statistics", base(cell).norm(Normalization.BATCH)
          .batchNormMaxSteps(3), true);
      add(list, c + " dropout 2 layers", base(cell).layers(2).dropout(0.3), false);
      add(list, c + " dropout 3 layers padded many-to-one", base(cell).layers(3).dropout(0.4)
          .mode(OutputMode.MANY_TO_ONE), true);
      add(list, c + " dropout truncated k2=2", base(cell).layers(2).dropout(0.3).truncateSteps(2), false);
      add(list, c + " dropout tokens", base(cell).vocabSize(6).dropout(0.5), false);
      add(list, c + " embedding", base(cell).vocabSize(6).embedding(3), false);
      add(list, c + " embedding 2 layers padded many-to-one", base(cell).vocabSize(6).embedding(4)
          .layers(2).mode(OutputMode.MANY_TO_ONE), true);
      add(list, c + " embedding tied 2 layers truncated", base(cell).vocabSize(6).embedding(5)
          .outputSize(6).tieWeights(true).layers(2).truncateSteps(2), false);
      add(list, c + " embedding tied + residual + layer norm + dropout", base(cell).vocabSize(6)
          .embedding(5).outputSize(6).tieWeights(true).residual(true).norm(Normalization.LAYER)
          .dropout(0.3), true);
      add(list, c + " embedding + residual projection + batch norm", base(cell).vocabSize(6)
          .embedding(3).residual(true).norm(Normalization.BATCH), false);
      add(list, c + " bidirectional residual 2 layers padded many-to-one", base(cell)
          .bidirectional(true).layers(2).residual(true).mode(OutputMode.MANY_TO_ONE), true);
      add(list, c + " bidirectional layer norm 2 layers padded", base(cell).bidirectional(true)
          .layers(2).norm(Normalization.LAYER), true);
      add(list, c + " bidirectional dropout 2 layers padded many-to-one", base(cell)
          .bidirectional(true).layers(2).dropout(0.3).mode(OutputMode.MANY_TO_ONE), true);
      add(list, c + " bidirectional embedding + residual + layer norm + dropout padded",
          base(cell).bidirectional(true).vocabSize(6).embedding(4).layers(2).residual(true)
              .norm(Normalization.LAYER).dropout(0.3).mode(OutputMode.MANY_TO_ONE), true);
      add(list, c + " residual + layer norm + dropout 3 layers padded", base(cell).layers(3)
          .residual(true).norm(Normalization.LAYER).dropout(0.3), true);
      add(list, c + " residual + batch norm + dropout 2 layers truncated many-to-one", base(cell)
          .layers(2).residual(true).norm(Normalization.BATCH).dropout(0.2).truncateSteps(3)
          .mode(OutputMode.MANY_TO_ONE), false);
    }
    add(list, "elman relu layer norm", base(CellType.ELMAN).activation(Activation.LEAKY_RELU)
        .norm(Normalization.LAYER).layers(2), false);
    add(list, "elman elu batch norm residual", base(CellType.ELMAN).activation(Activation.ELU)
        .norm(Normalization.BATCH).residual(true).layers(2), false);
    return list.stream();
  }

  private static void add(List<Case> list, String name, ModelConfig.Builder b, boolean ragged) {
    list.add(new Case(name, b.build(), ragged));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void analyticGradientMatchesFiniteDifferences(Case c) {
    ModelConfig config = c.config();
    int batch = 4;
    int steps = config.truncateSteps() > 0 ? 7 : 5;
    Network net = Network.create(config, Backends.create("blas"));
    Params params = Fixtures.randomParams(net, 11, 0.6);
    SequenceBatch data = Fixtures.batch(config, batch, steps, 12, c.ragged())
        .withExamples(new long[] {17, 3, 40, 8}, Dropout.stepSeed(5, 1, 9));
    RecurrentState init = Fixtures.randomState(config, batch, 13);

    Params grad = params.zerosLike();
    InputGradients ig = new InputGradients();
    net.forwardBackward(data, params, grad, init, ig);

    DoubleSupplier loss = GradientCheckTest.lossFunction(net, params, data, init, true);
    StringBuilder report = new StringBuilder();
    double worst = 0;
    for (Slot s : net.layout().slots()) {
      if (net.layout().isBuffer(s.name())) {
        continue;
      }
      double[] numeric = GradientCheck.numerical(params.data(), s.offset(), s.offset() + s.size(),
          loss, GradientCheck.DEFAULT_EPS);
      worst = Math.max(worst, GradientCheckTest.record(report, s.name(), grad.get(s.name()),
          numeric));
    }
    if (data.x != null) {
      worst = Math.max(worst, GradientCheckTest.record(report, "x", ig.dx,
          GradientCheck.numerical(data.x, loss)));
    }
    for (int l = 0; l < init.h.length; l++) {
      worst = Math.max(worst, GradientCheckTest.record(report, "h0[" + l + "]", ig.dInit.h[l],
          GradientCheck.numerical(init.h[l], loss)));
      if (init.c != null) {
        worst = Math.max(worst, GradientCheckTest.record(report, "c0[" + l + "]", ig.dInit.c[l],
            GradientCheck.numerical(init.c[l], loss)));
      }
    }
    assertTrue(worst <= GradientCheckTest.TOLERANCE, c.name() + ": max relative error " + worst + report);
    for (Slot s : net.layout().slots()) {
      if (net.layout().isBuffer(s.name())) {
        for (double v : grad.get(s.name())) {
          assertTrue(v == 0, "a buffer has no gradient: " + s.name());
        }
      }
    }
  }
}
