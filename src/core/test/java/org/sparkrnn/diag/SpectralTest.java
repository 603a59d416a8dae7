package org.sparkrnn.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.Loss;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.Params;

/** σ_max and spectral radius against values worked out by hand. */
class SpectralTest {

  @Test
  void diagonalMatrix() {
    double[] m = {0.5, 0, 0, 0, -2, 0, 0, 0, 1.5};
    assertEquals(2, Spectral.sigmaMax(m, 3, 3), 1e-12);
    assertEquals(2, Spectral.spectralRadius(m, 3), 1e-12);
  }

  @Test
  void scaledRotationHasComplexEigenvaluesOfModulusTwo() {
    double a = 0.7;
    double[] m = {2 * Math.cos(a), -2 * Math.sin(a), 2 * Math.sin(a), 2 * Math.cos(a)};
    assertEquals(2, Spectral.sigmaMax(m, 2, 2), 1e-12);
    assertEquals(2, Spectral.spectralRadius(m, 2), 1e-12);
  }

  @Test
  void nilpotentMatrixStretchesButHasRadiusZero() {
    double[] m = {0, 3, 0, 0};
    assertEquals(3, Spectral.sigmaMax(m, 2, 2), 1e-12);
    assertEquals(0, Spectral.spectralRadius(m, 2), 1e-12);
  }

  @Test
  void upperTriangular() {
    // eigenvalues 2 and 3; AᵀA = [[4, 2], [2, 10]] has eigenvalues 7 ± √13
    double[] m = {2, 1, 0, 3};
    assertEquals(Math.sqrt(7 + Math.sqrt(13)), Spectral.sigmaMax(m, 2, 2), 1e-12);
    assertEquals(3, Spectral.spectralRadius(m, 2), 1e-12);
  }

  @Test
  void rectangularSigmaMax() {
    // [[3, 0], [0, 4], [0, 0]]: singular values 4 and 3
    assertEquals(4, Spectral.sigmaMax(new double[] {3, 0, 0, 4, 0, 0}, 3, 2), 1e-12);
  }

  @Test
  void gatedLayersReportTheLargestBlock() {
    ModelConfig c = ModelConfig.builder().cell(CellType.LSTM).inputSize(1).hiddenSize(2)
        .outputSize(2).layers(2).build();
    Params p = new Params(Network.layoutOf(c));
    // layer 0: blocks i, f, g, o = diag(1, 1)·s for s = 0.5, 0.9, nilpotent 3, 0.2
    double[] w = new double[4 * 2 * 2];
    double[] scales = {0.5, 0.9, 0, 0.2};
    for (int g = 0; g < 4; g++) {
      w[g * 4] = scales[g];
      w[g * 4 + 3] = scales[g];
    }
    w[2 * 4 + 1] = 3; // g block = [[0, 3], [0, 0]]
    p.set("rnn.weight_hh_l0", w);
    double[] w1 = new double[16];
    w1[4 + 1] = 1.25; // f block of layer 1 = [[0, 1.25], [0, 0]] ...
    w1[4 + 2] = 0.8; // ... + [[0, 0], [0.8, 0]]: eigenvalues ±1
    p.set("rnn.weight_hh_l1", w1);
    Spectral s = Spectral.of(c, p);
    assertEquals(3, s.sigmaMax()[0], 1e-12);
    assertEquals(0.9, s.spectralRadius()[0], 1e-12);
    assertEquals(1.25, s.sigmaMax()[1], 1e-12);
    assertEquals(1, s.spectralRadius()[1], 1e-12);
  }

  @Test
  void jordanUsesTheFeedbackProduct() {
    ModelConfig c = ModelConfig.builder().cell(CellType.JORDAN).inputSize(1).hiddenSize(2)
        .outputSize(1).loss(Loss.IDENTITY_MSE).build();
    Params p = new Params(Network.layoutOf(c));
    p.set("rnn.weight_oh_l0", new double[] {2, 1}); // [H × O] = [[2], [1]]
    p.set("linear.weight", new double[] {1, 3}); // [O × H] = [[1, 3]]
    // W_oh · W = [[2, 6], [1, 3]]: rank one, eigenvalues 0 and 5, σ = √50
    Spectral s = Spectral.of(c, p);
    assertEquals(Math.sqrt(50), s.sigmaMax()[0], 1e-12);
    assertEquals(5, s.spectralRadius()[0], 1e-12);
  }
}
