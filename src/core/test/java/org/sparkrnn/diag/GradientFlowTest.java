package org.sparkrnn.diag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Norms, decay and ratio of a profile; sums of partitions with different window lengths. */
class GradientFlowTest {

  @Test
  void geometricProfileGivesItsFactor() {
    int steps = 6;
    double divisor = 4;
    double r = 0.5;
    double[] sq = new double[steps];
    for (int t = 0; t < steps; t++) {
      double norm = 3 * Math.pow(r, steps - 1 - t); // of the mean loss
      sq[t] = norm * norm * divisor * divisor; // squares of the summed loss
    }
    GradientFlow f = GradientFlow.of(new double[][] {sq}, divisor);
    assertEquals(3, f.norms()[0][steps - 1], 1e-12);
    assertEquals(3 * Math.pow(0.5, 5), f.norms()[0][0], 1e-12);
    assertEquals(0.5, f.decay()[0], 1e-12);
    assertEquals(Math.pow(0.5, 5), f.ratio()[0], 1e-12);
  }

  @Test
  void decayIsTheLeastSquaresFit() {
    // ln n = {0, 1, 3}: slope of the fit = 1.5, so the factor per step back is e^−1.5
    double[] n = {1, Math.E, Math.exp(3)};
    assertEquals(Math.exp(-1.5), GradientFlow.decayPerStep(n), 1e-12);
    // zeros (padded tail) are left out of the fit
    assertEquals(Math.exp(-1.5), GradientFlow.decayPerStep(new double[] {1, Math.E, Math.exp(3), 0}),
        1e-12);
    assertTrue(Double.isNaN(GradientFlow.decayPerStep(new double[] {0, 2})));
  }

  @Test
  void zeroLastNormGivesNaNRatio() {
    GradientFlow f = GradientFlow.of(new double[][] {{4, 0}}, 1);
    assertTrue(Double.isNaN(f.ratio()[0]));
    assertArrayEquals(new double[] {2, 0}, f.norms()[0], 0);
  }

  @Test
  void sumsAddAcrossPartitionsOfDifferentLengths() {
    DiagnosticSums a = new DiagnosticSums();
    a.flowSquares = new double[][] {{1, 2}, {3, 4}};
    a.saturated = new long[] {1, 2};
    a.saturationValues = new long[] {10, 10};
    DiagnosticSums b = new DiagnosticSums();
    b.flowSquares = new double[][] {{10, 20, 30}, {40, 50, 60}};
    b.saturated = new long[] {5, 0};
    b.saturationValues = new long[] {20, 20};
    b.active = new long[][] {{0, 3}, {1, 0}};
    b.activeSteps = new long[] {4, 4};
    DiagnosticSums sum = new DiagnosticSums().add(a).add(b).add(null);
    assertArrayEquals(new double[] {11, 22, 30}, sum.flowSquares[0], 0);
    assertArrayEquals(new double[] {43, 54, 60}, sum.flowSquares[1], 0);
    assertArrayEquals(new long[] {6, 2}, sum.saturated);
    assertArrayEquals(new long[] {30, 30}, sum.saturationValues);
    assertArrayEquals(new double[] {0.2, 2 / 30.0}, Saturation.saturatedFraction(sum, 2), 1e-15);
    assertArrayEquals(new double[] {0.5, 0.5}, Saturation.deadFraction(sum, 2), 0);
    // the inputs were not changed by the sum
    assertArrayEquals(new double[] {1, 2}, a.flowSquares[0], 0);
    assertArrayEquals(new long[] {0, 3}, b.active[0]);
  }
}
