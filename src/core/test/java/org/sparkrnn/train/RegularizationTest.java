package org.sparkrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.sparkrnn.model.ParamLayout;

class RegularizationTest {
  // weight [2 x 2] at 0..3, bias [2] at 4..5
  private static final ParamLayout LAYOUT =
      ParamLayout.builder().matrix("w", 2, 2).vector("b", 2, true).build();
  private static final double[] PARAMS = {0.5, -2.0, 0.0, 3.0, 7.0, -7.0};

  @Test
  void l2AddsLambdaTimesWeightAndSkipsBiases() {
    double[] g = {1, 1, 1, 1, 1, 1};
    Regularization r = Regularization.forLayout(LAYOUT, 0, 0.1);
    r.addGradient(PARAMS, g);
    assertArrayEquals(new double[] {1.05, 0.8, 1.0, 1.3, 1, 1}, g, 1e-15);
    // 0.1 / 2 * (0.25 + 4 + 0 + 9) = 0.6625; biases (49 + 49) not counted
    assertEquals(0.6625, r.penalty(PARAMS), 1e-15);
  }

  @Test
  void l1AddsLambdaTimesSignWithSignOfZeroZero() {
    double[] g = new double[6];
    Regularization r = Regularization.forLayout(LAYOUT, 0.01, 0);
    r.addGradient(PARAMS, g);
    assertArrayEquals(new double[] {0.01, -0.01, 0, 0.01, 0, 0}, g, 0.0);
    // 0.01 * (0.5 + 2 + 0 + 3) = 0.055
    assertEquals(0.055, r.penalty(PARAMS), 1e-15);
  }

  @Test
  void bothTogetherAndACustomMask() {
    double[] g = new double[6];
    Regularization r = Regularization.forLayout(LAYOUT, 0.01, 0.1);
    r.addGradient(PARAMS, g);
    assertArrayEquals(new double[] {0.06, -0.21, 0, 0.31, 0, 0}, g, 1e-15);
    assertEquals(0.6625 + 0.055, r.penalty(PARAMS), 1e-15);

    boolean[] all = {true, true, true, true, true, true};
    double[] h = new double[6];
    new Regularization(0, 1, all).addGradient(PARAMS, h);
    assertArrayEquals(PARAMS, h, 0.0);
  }

  @Test
  void zeroLambdasChangeNothing() {
    double[] g = {1, 2, 3, 4, 5, 6};
    Regularization r = Regularization.forLayout(LAYOUT, 0, 0);
    r.addGradient(PARAMS, g);
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, g, 0.0);
    assertEquals(0.0, r.penalty(PARAMS), 0.0);
  }

  @Test
  void validation() {
    Regularization r = Regularization.forLayout(LAYOUT, 0.1, 0.1);
    assertThrows(IllegalArgumentException.class, () -> r.addGradient(new double[5], new double[6]));
    assertThrows(IllegalArgumentException.class, () -> r.penalty(new double[7]));
    assertThrows(IllegalArgumentException.class, () -> Regularization.forLayout(LAYOUT, -1, 0));
    assertThrows(IllegalArgumentException.class,
        () -> Regularization.forLayout(LAYOUT, 0, Double.NaN));
  }
}
