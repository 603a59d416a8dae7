package org.sparkrnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The cells' tanh against Math.tanh (fdlibm): within 2 ulp everywhere, exact at the limits. */
class TanhTest {
  static double ulps(double x) {
    double want = Math.tanh(x);
    return Math.abs(Tanh.of(x) - want) / Math.ulp(want);
  }

  @Test
  void withinTwoUlpOfMathTanh() {
    SplittableRandom r = new SplittableRandom(3);
    double worst = 0;
    double at = 0;
    for (int i = 0; i < 2_000_000; i++) {
      // uniform over the working range, and log-uniform from 1e-12 to 30 for tiny and huge values
      double x = i % 2 == 0 ? r.nextDouble(-4, 4)
          : (r.nextBoolean() ? 1 : -1) * Math.pow(10, r.nextDouble(-12, Math.log10(30)));
      double u = ulps(x);
      if (u > worst) {
        worst = u;
        at = x;
      }
    }
    for (double x : new double[] {0.625, Math.nextDown(0.625), -0.625, 22, Math.nextUp(22.0), 1e-300}) {
      worst = Math.max(worst, ulps(x));
    }
    assertTrue(worst <= 2, "max " + worst + " ulp at " + at);
  }

  @Test
  void limitsAndSpecialValues() {
    assertEquals(1.0, Tanh.of(30));
    assertEquals(-1.0, Tanh.of(-1e300));
    assertEquals(1.0, Tanh.of(Double.POSITIVE_INFINITY));
    assertEquals(-1.0, Tanh.of(Double.NEGATIVE_INFINITY));
    assertTrue(Double.isNaN(Tanh.of(Double.NaN)));
    assertEquals(0.0, Tanh.of(0.0));
  }
}
