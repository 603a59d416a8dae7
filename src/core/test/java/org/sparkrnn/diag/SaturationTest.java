package org.sparkrnn.diag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparkrnn.model.Activation;
import org.sparkrnn.model.Batches;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.Example;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.Params;
import org.sparkrnn.model.SequenceBatch;

/** Saturated and dead units of real forward passes with weights chosen so the answer is known. */
class SaturationTest {

  private static Example dense(long id, double... x) {
    return Example.ofFeatures(id, x.length, x, new int[x.length], null);
  }

  private static DiagnosticSums measure(ModelConfig c, Params p, List<Example> examples) {
    Network net = Network.create(c);
    SequenceBatch batch = Batches.assemble(examples, c);
    net.forward(batch, p, null);
    DiagnosticSums s = new DiagnosticSums();
    Saturation.measure(net, batch, s);
    return s;
  }

  private static ModelConfig.Builder small(CellType cell, int hidden) {
    return ModelConfig.builder().cell(cell).inputSize(1).hiddenSize(hidden).outputSize(2);
  }

  @Test
  void tanhElmanCountsOnlyUnpaddedSteps() {
    ModelConfig c = small(CellType.ELMAN, 2).build();
    Params p = new Params(Network.layoutOf(c));
    // a = W_ih·x + b with W_hh = 0: valid steps (x = 1) give a = [10, 0] (unit 0 saturated);
    // padded steps would give a = [0, 3] (unit 1 saturated) if they were counted
    p.set("rnn.weight_ih_l0", new double[] {10, -3});
    p.set("rnn.bias_ih_l0", new double[] {0, 3});
    DiagnosticSums s = measure(c, p, List.of(dense(0, 1, 1, 1), dense(1, 1)));
    assertArrayEquals(new long[] {8}, s.saturationValues);
    assertArrayEquals(new long[] {4}, s.saturated);
    assertEquals(0.5, Saturation.saturatedFraction(s, 1)[0], 0);
    assertNull(s.active);
    assertTrue(Double.isNaN(Saturation.deadFraction(s, 1)[0]));
  }

  @Test
  void sigmoidElmanUsesBothEnds() {
    ModelConfig c = small(CellType.ELMAN, 3).activation(Activation.SIGMOID).build();
    Params p = new Params(Network.layoutOf(c));
    p.set("rnn.weight_ih_l0", new double[] {6, -6, 1}); // σ(6) > 0.99, σ(−6) < 0.01, σ(1) neither
    DiagnosticSums s = measure(c, p, List.of(dense(0, 1, 1)));
    assertEquals(2 / 3.0, Saturation.saturatedFraction(s, 1)[0], 1e-15);
  }

  @Test
  void deadReluUnitsAreInactiveOnEveryValidStepOfEveryRow() {
    ModelConfig c = small(CellType.ELMAN, 2).activation(Activation.RELU).build();
    Params p = new Params(Network.layoutOf(c));
    p.set("rnn.weight_ih_l0", new double[] {1, -1});
    DiagnosticSums dead = measure(c, p, List.of(dense(0, 1, 1, 1), dense(1, 1)));
    assertEquals(0.5, Saturation.deadFraction(dead, 1)[0], 0);
    assertArrayEquals(new long[] {4, 0}, dead.active[0]);
    assertTrue(Double.isNaN(Saturation.saturatedFraction(dead, 1)[0]));
    // one negative input on one row wakes unit 1 up
    DiagnosticSums alive = measure(c, p, List.of(dense(0, 1, 1, 1), dense(1, -1)));
    assertEquals(0, Saturation.deadFraction(alive, 1)[0], 0);
  }

  @Test
  void lstmCountsAllFourGates() {
    ModelConfig c = small(CellType.LSTM, 1).build();
    Params p = new Params(Network.layoutOf(c));
    p.set("rnn.bias_ih_l0", new double[] {10, 0, 0, -10}); // i, o saturated; f = 0.5, g = 0
    DiagnosticSums s = measure(c, p, List.of(dense(0, 1, 1), dense(1, 1)));
    assertArrayEquals(new long[] {12}, s.saturationValues); // 3 valid steps × 4 gates
    assertEquals(0.5, Saturation.saturatedFraction(s, 1)[0], 0);
  }

  @Test
  void gruCountsResetUpdateAndCandidate() {
    ModelConfig c = small(CellType.GRU, 1).layers(2).build();
    Params p = new Params(Network.layoutOf(c));
    p.set("rnn.bias_ih_l0", new double[] {10, -10, 0}); // r, z saturated; n = tanh(0)
    DiagnosticSums s = measure(c, p, List.of(dense(0, 1, 1, 1)));
    assertEquals(2 / 3.0, Saturation.saturatedFraction(s, 2)[0], 1e-15);
    assertEquals(0, Saturation.saturatedFraction(s, 2)[1], 0); // layer 1: all gates 0.5 / 0
  }
}
