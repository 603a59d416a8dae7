package org.sparkrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GradientClippingTest {

  @Test
  void normClippingIsANoOpBelowTheThreshold() {
    // ||[3, 4]|| = 5; max_norm 10 -> coef = min(1, 10 / (5 + 1e-6)) = 1, nothing changes
    double[] g = {3, 4};
    GradientClipping.Result r = GradientClipping.norm(10).apply(g);
    assertEquals(5.0, r.totalNorm(), 0.0);
    assertEquals(1.0, r.clipCoef(), 0.0);
    assertFalse(r.clipped());
    assertEquals(0, r.clippedEntries());
    assertArrayEquals(new double[] {3, 4}, g, 0.0);
  }

  @Test
  void normClippingAtExactlyTheNormStillNoOp() {
    // max_norm == total_norm: coef = 5 / (5 + 1e-6) < 1, so PyTorch scales by 0.9999998
    double[] g = {3, 4};
    GradientClipping.Result r = GradientClipping.clipNorm(g, 5);
    assertTrue(r.clipped());
    assertEquals(5 / (5 + 1e-6), r.clipCoef(), 0.0);
  }

  @Test
  void normClippingScalesTheWholeVector() {
    // total 5, max 1: coef = 1 / 5.000001 = 0.19999996000000800; g = [3, 4] * coef
    double[] g = {3, 0, -4};
    GradientClipping.Result r = GradientClipping.clipNorm(g, 1.0);
    double coef = 0.199999960000008;
    assertEquals(coef, r.clipCoef(), 1e-16);
    assertTrue(r.clipped());
    assertEquals(3, r.clippedEntries());
    assertArrayEquals(new double[] {3 * coef, 0, -4 * coef}, g, 1e-15);
    assertEquals(1.0, GradientClipping.l2Norm(g), 1e-6);
  }

  @Test
  void valueClipping() {
    double[] g = {0.2, -0.05, 0.049, -3, 0.05, Double.NaN};
    int n = GradientClipping.clipValue(g, 0.05);
    assertEquals(2, n);
    assertArrayEquals(new double[] {0.05, -0.05, 0.049, -0.05, 0.05, Double.NaN}, g, 0.0);

    double[] h = {0.2, -0.5};
    GradientClipping.Result r = GradientClipping.of("value", 0.1).apply(h);
    assertEquals(Math.sqrt(0.29), r.totalNorm(), 1e-15);
    assertEquals(2, r.clippedEntries());
    assertTrue(r.clipped());
    assertArrayEquals(new double[] {0.1, -0.1}, h, 0.0);

    double[] small = {0.01, -0.02};
    r = GradientClipping.value(0.1).apply(small);
    assertFalse(r.clipped());
    assertArrayEquals(new double[] {0.01, -0.02}, small, 0.0);
  }

  @Test
  void noneLeavesTheGradientAndReportsItsNorm() {
    double[] g = {300, 400};
    GradientClipping c = GradientClipping.of("none", 0);
    GradientClipping.Result r = c.apply(g);
    assertEquals(GradientClipping.Mode.NONE, c.mode());
    assertEquals(500, r.totalNorm(), 0.0);
    assertFalse(r.clipped());
    assertArrayEquals(new double[] {300, 400}, g, 0.0);
  }

  @Test
  void nonFiniteNormLeavesTheGradientAlone() {
    double[] g = {1, Double.POSITIVE_INFINITY};
    GradientClipping.Result r = GradientClipping.clipNorm(g, 1);
    assertEquals(Double.POSITIVE_INFINITY, r.totalNorm());
    assertFalse(r.clipped());
    assertEquals(1.0, r.clipCoef(), 0.0);
    assertEquals(1.0, g[0], 0.0);
    double[] h = {Double.NaN, 2};
    assertTrue(Double.isNaN(GradientClipping.clipNorm(h, 1).totalNorm()));
    assertEquals(2.0, h[1], 0.0);
  }

  @Test
  void badModeOrThreshold() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GradientClipping.of("global", 1));
    assertTrue(e.getMessage().contains("'global'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> GradientClipping.of("norm", 0));
    assertThrows(IllegalArgumentException.class, () -> GradientClipping.value(Double.NaN));
  }
}
