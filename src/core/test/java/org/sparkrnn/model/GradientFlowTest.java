package org.sparkrnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sparkrnn.linalg.Backends;

/**
 * The gradient-flow profile against an explicit computation: ∂E/∂h_t is the head's share at step
 * t (Vᵀ·dz_t, with dz_t = softmax(z_t) − onehot) plus the gradient of the loss of steps t+1.. with
 * respect to their initial state — which is the dInit of a backward pass over the window cut at
 * t, started from the state at t.
 */
class GradientFlowTest {
  private static final int B = 3;
  private static final int T = 6;

  private static ModelConfig.Builder base(CellType cell) {
    return ModelConfig.builder().cell(cell).inputSize(4).hiddenSize(5).outputSize(3);
  }

  @ParameterizedTest
  @EnumSource(value = CellType.class, names = {"ELMAN", "LSTM", "GRU"})
  void oneLayerProfileIsHeadShareplusLaterSteps(CellType cell) {
    checkTopLayer(base(cell).build());
  }

  @ParameterizedTest
  @EnumSource(value = CellType.class, names = {"ELMAN", "LSTM", "GRU"})
  void topLayerOfAStackMatchesTheExplicitGradient(CellType cell) {
    checkTopLayer(base(cell).layers(2).build());
  }

  /** Residual links and layer norm change the equations but not what ∂E/∂h_t is made of. */
  @ParameterizedTest
  @EnumSource(value = CellType.class, names = {"ELMAN", "LSTM", "GRU"})
  void topLayerWithResidualAndLayerNorm(CellType cell) {
    checkTopLayer(base(cell).layers(2).residual(true).norm(Normalization.LAYER).build());
  }

  @Test
  void jordanRawFeedbackProfile() {
    checkTopLayer(base(CellType.JORDAN).jordanFeedback(JordanFeedback.RAW).build());
  }

  private static void checkTopLayer(ModelConfig config) {
    Network net = Network.create(config, Backends.create("blas"));
    Params params = Fixtures.randomParams(net, 21, 0.6);
    SequenceBatch data = Fixtures.batch(config, B, T, 22, false);
    RecurrentState init = Fixtures.randomState(config, B, 23);
    net.recordGradientFlow(true);
    net.forwardBackward(data, params, params.zerosLike(), init, null);
    double[][] flow = net.gradientFlowSquares();
    assertNotNull(flow);
    int top = config.cell() == CellType.JORDAN ? 0 : config.layers() - 1;
    assertEquals(config.cell() == CellType.JORDAN ? 1 : config.layers(), flow.length);
    assertEquals(T, flow[top].length);

    int h = config.hiddenSize();
    int o = config.outputSize();
    double[] v = params.get("linear.weight");
    Network probe = Network.create(config, Backends.create("blas"));
    probe.forward(data, params, init);
    double[] out = probe.outputs();
    for (int t = 0; t < T; t++) {
      double[] dzTotal = new double[B * o];
      for (int b = 0; b < B; b++) {
        int r = t * B + b;
        for (int k = 0; k < o; k++) {
          dzTotal[b * o + k] = out[r * o + k] - (k == data.classTargets[r] ? 1 : 0);
        }
      }
      double[] later = new double[B * h];
      if (t + 1 < T) {
        RecurrentState at = probe.forward(data.slice(0, t + 1), params, init).finalState();
        InputGradients ig = new InputGradients();
        probe.forwardBackward(data.slice(t + 1, T), params, params.zerosLike(), at, ig);
        if (config.cell() == CellType.JORDAN) {
          for (int i = 0; i < B * o; i++) {
            dzTotal[i] += ig.dInit.y[i]; // raw feedback: z_t itself is fed to step t+1
          }
        } else {
          later = ig.dInit.h[top];
        }
      }
      double expected = 0;
      for (int b = 0; b < B; b++) {
        for (int j = 0; j < h; j++) {
          double d = later[b * h + j];
          for (int k = 0; k < o; k++) {
            d += dzTotal[b * o + k] * v[k * h + j];
          }
          expected += d * d;
        }
      }
      assertTrue(expected > 1e-6, "a profile worth checking");
      assertEquals(expected, flow[top][t], 1e-10 * expected, config.cell() + " step " + t);
    }
  }

  /** Padded rows contribute zero: a ragged batch's profile is the sum of its sequences' own. */
  @ParameterizedTest
  @EnumSource(value = CellType.class, names = {"ELMAN", "LSTM", "GRU", "JORDAN"})
  void paddedRowsAddNothingAndPartsAdd(CellType cell) {
    for (OutputMode mode : OutputMode.values()) {
      ModelConfig config = base(cell).layers(cell == CellType.JORDAN ? 1 : 2).mode(mode).build();
      Network net = Network.create(config, Backends.create("blas"));
      Params params = Fixtures.randomParams(net, 31, 0.6);
      SequenceBatch data = Fixtures.batch(config, B, T, 32, true);
      net.recordGradientFlow(true);
      net.forwardBackward(data, params, params.zerosLike(), null, null);
      double[][] whole = net.gradientFlowSquares();
      double[][] parts = new double[whole.length][T];
      for (int b = 0; b < B; b++) {
        SequenceBatch one = single(data, b, config);
        net.forwardBackward(one, params, params.zerosLike(), null, null);
        double[][] f = net.gradientFlowSquares();
        for (int l = 0; l < f.length; l++) {
          for (int t = 0; t < f[l].length; t++) {
            parts[l][t] += f[l][t];
          }
        }
      }
      for (int l = 0; l < whole.length; l++) {
        for (int t = 0; t < T; t++) {
          assertEquals(parts[l][t], whole[l][t], 1e-10 * Math.max(1e-3, parts[l][t]),
              cell + " " + mode + " layer " + l + " step " + t);
        }
      }
    }
  }

  private static SequenceBatch single(SequenceBatch d, int b, ModelConfig config) {
    int len = d.length(b);
    int in = config.inputSize();
    double[] x = new double[len * in];
    int[] cls = new int[d.perStepTargets ? len : 1];
    for (int t = 0; t < len; t++) {
      System.arraycopy(d.x, (t * d.batch + b) * in, x, t * in, in);
      if (d.perStepTargets) {
        cls[t] = d.classTargets[t * d.batch + b];
      }
    }
    if (!d.perStepTargets) {
      cls[0] = d.classTargets[b];
    }
    return SequenceBatch.dense(1, len, x, cls, null, d.perStepTargets, null);
  }

  @Test
  void offByDefaultAndWhenTurnedOff() {
    ModelConfig config = base(CellType.LSTM).build();
    Network net = Network.create(config, Backends.create("blas"));
    Params params = Fixtures.randomParams(net, 41, 0.6);
    SequenceBatch data = Fixtures.batch(config, B, T, 42, false);
    net.forwardBackward(data, params, params.zerosLike(), null, null);
    assertNull(net.gradientFlowSquares());
    net.recordGradientFlow(true);
    Params g1 = params.zerosLike();
    net.forwardBackward(data, params, g1, null, null);
    assertNotNull(net.gradientFlowSquares());
    net.recordGradientFlow(false);
    Params g2 = params.zerosLike();
    net.forwardBackward(data, params, g2, null, null);
    assertNull(net.gradientFlowSquares());
    assertTrue(java.util.Arrays.equals(g1.data(), g2.data()), "recording does not change the gradient");
  }
}
