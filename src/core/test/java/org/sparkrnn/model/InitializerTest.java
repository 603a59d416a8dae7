package org.sparkrnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every initialisation scheme gives the shapes and bounds it promises, reproducibly. */
class InitializerTest {
  private static final int H = 7;
  private static final int IN = 5;
  private static final int OUT = 12;

  private static ModelConfig model(CellType cell, int layers) {
    return ModelConfig.builder().cell(cell).inputSize(IN).hiddenSize(H).outputSize(OUT)
        .layers(layers).build();
  }

  /** Rows [r0, r0+rows) of a [*, cols] tensor as a plain row-major block. */
  private static double[] block(Params p, String name, int r0, int rows) {
    Slot s = p.slot(name);
    return Arrays.copyOfRange(p.data(), s.offset() + r0 * s.cols(), s.offset() + (r0 + rows) * s.cols());
  }

  private static void assertScaledOrthogonal(double[] w, int n, double scale, String what) {
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double dot = 0;
        for (int k = 0; k < n; k++) {
          dot += w[i * n + k] * w[j * n + k];
        }
        double expected = i == j ? scale * scale : 0;
        assertEquals(expected, dot, 1e-12, what + ": (W·Wᵀ)[" + i + "," + j + "]");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = CellType.class, names = {"ELMAN", "LSTM", "GRU"})
  void orthogonalRecurrentBlocksAreScaledOrthogonal(CellType cell) {
    double scale = 0.8;
    InitConfig init = new InitConfig("xavier_uniform", "orthogonal", scale, 1.0, 0.01);
    Params p = Initializer.initialize(model(cell, 2), init, 17);
    for (int l = 0; l < 2; l++) {
      String name = "rnn.weight_hh_l" + l;
      assertEquals(cell.gates * H, p.slot(name).rows());
      double[][] blocks = new double[cell.gates][];
      for (int g = 0; g < cell.gates; g++) {
        blocks[g] = block(p, name, g * H, H);
        assertScaledOrthogonal(blocks[g], H, scale, cell + " " + name + " gate block " + g);
      }
      for (int g = 1; g < cell.gates; g++) {
        assertFalse(Arrays.equals(blocks[0], blocks[g]), "gate blocks 0 and " + g + " are equal");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = CellType.class, names = {"ELMAN", "LSTM"})
  void identityGivesScaledIdentity(CellType cell) {
    double scale = 0.35;
    Params p = Initializer.initialize(model(cell, 1), InitConfig.irnn(scale), 3);
    for (int g = 0; g < cell.gates; g++) {
      double[] w = block(p, "rnn.weight_hh_l0", g * H, H);
      for (int i = 0; i < H; i++) {
        for (int j = 0; j < H; j++) {
          assertEquals(i == j ? scale : 0, w[i * H + j], 0.0, "block " + g + " [" + i + "," + j + "]");
        }
      }
    }
    // the inputs are small normal, not identity
    double[] wih = p.get("rnn.weight_ih_l0");
    double max = Arrays.stream(wih).map(Math::abs).max().orElseThrow();
    assertTrue(max > 0 && max < 0.01, "IRNN input weights should be N(0, 0.001), max |w| " + max);
  }

  @Test
  void lstmForgetBiasAndZeroBiases() {
    double forget = 1.75;
    InitConfig init = new InitConfig("xavier_uniform", "orthogonal", 1.0, forget, 0.01);
    Params p = Initializer.initialize(model(CellType.LSTM, 2), init, 5);
    for (int l = 0; l < 2; l++) {
      double[] bih = p.get("rnn.bias_ih_l" + l);
      for (int i = 0; i < 4 * H; i++) {
        boolean forgetGate = i >= H && i < 2 * H;
        assertEquals(forgetGate ? forget : 0, bih[i], 0.0, "bias_ih_l" + l + "[" + i + "]");
      }
      assertArrayEquals(new double[4 * H], p.get("rnn.bias_hh_l" + l), 0.0, "bias_hh_l" + l);
    }
    assertArrayEquals(new double[OUT], p.get("linear.bias"), 0.0);
    // GRU and Elman have no forget gate: all biases zero
    for (CellType cell : new CellType[] {CellType.GRU, CellType.ELMAN}) {
      Params q = Initializer.initialize(model(cell, 1), init, 5);
      assertArrayEquals(new double[cell.gates * H], q.get("rnn.bias_ih_l0"), 0.0, cell + " bias_ih");
      assertArrayEquals(new double[cell.gates * H], q.get("rnn.bias_hh_l0"), 0.0, cell + " bias_hh");
    }
  }

  /** PyTorch's nn.RNN/LSTM/GRU and nn.Linear(H, O) all draw every tensor from U(±1/√H). */
  @ParameterizedTest
  @EnumSource(CellType.class)
  void torchInitStaysWithinOneOverRootH(CellType cell) {
    Params p = Initializer.initialize(model(cell, 1), InitConfig.torch(), 23);
    double bound = 1 / Math.sqrt(H);
    for (Slot s : p.layout().slots()) {
      double[] v = p.get(s.name());
      double max = Arrays.stream(v).map(Math::abs).max().orElseThrow();
      assertTrue(max <= bound, cell + " " + s + ": max |w| " + max + " exceeds 1/√H = " + bound);
      if (s.size() >= 12) {
        assertTrue(max > bound / 2, cell + " " + s + ": max |w| " + max + " far below 1/√H");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(CellType.class)
  void sameSeedSameValuesOtherSeedOtherValues(CellType cell) {
    ModelConfig m = model(cell, 1);
    for (InitConfig init : new InitConfig[] {InitConfig.defaults(), InitConfig.torch(),
        InitConfig.irnn(1.0), new InitConfig("xavier_normal", "xavier_normal", 1, 1, 0.01)}) {
      double[] a = Initializer.initialize(m, init, 99).data();
      double[] b = Initializer.initialize(m, init, 99).data();
      double[] c = Initializer.initialize(m, init, 100).data();
      assertArrayEquals(a, b, cell + " " + init);
      assertFalse(Arrays.equals(a, c), cell + " " + init + ": seeds 99 and 100 agree");
      for (Slot s : Initializer.initialize(m, init, 99).layout().slots()) {
        boolean fixed = init.recurrent().equals("identity") && s.name().startsWith("rnn.weight_hh");
        if (!s.bias() && !fixed) {
          double[] ta = Arrays.copyOfRange(a, s.offset(), s.offset() + s.size());
          double[] tc = Arrays.copyOfRange(c, s.offset(), s.offset() + s.size());
          assertFalse(Arrays.equals(ta, tc), cell + " " + init + " " + s + " ignores the seed");
        }
      }
    }
  }

  /** Xavier-uniform per gate block: U(±√(6 / (H + fan_in))) for [H × fan_in] blocks. */
  @ParameterizedTest
  @EnumSource(CellType.class)
  void xavierUniformBoundRespected(CellType cell) {
    InitConfig init = new InitConfig("xavier_uniform", "xavier_uniform", 1, 0, 0.01);
    Params p = Initializer.initialize(model(cell, 1), init, 31);
    for (Slot s : p.layout().slots()) {
      if (s.bias()) {
        continue;
      }
      boolean gated = s.name().startsWith("rnn.") && s.rows() > H;
      int blockRows = gated ? H : s.rows();
      double bound = Math.sqrt(6.0 / (blockRows + s.cols()));
      for (int r0 = 0; r0 < s.rows(); r0 += blockRows) {
        double[] v = block(p, s.name(), r0, blockRows);
        double max = Arrays.stream(v).map(Math::abs).max().orElseThrow();
        assertTrue(max <= bound, cell + " " + s + " rows " + r0 + "..: max " + max + " > " + bound);
        if (v.length >= 20) {
          assertTrue(max > bound / 2, cell + " " + s + " rows " + r0 + "..: max " + max
              + " far below the bound " + bound);
        }
      }
    }
  }

  @Test
  void unknownSchemesAreRejected() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new InitConfig("orthogonal", "orthogonal", 1, 1, 0.01));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new InitConfig("xavier_uniform", "he", 1, 1, 0.01));
  }
}
