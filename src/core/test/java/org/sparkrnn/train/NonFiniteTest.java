package org.sparkrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparkrnn.model.ParamLayout;

class NonFiniteTest {

  @Test
  void findsNaNAndInfinities() {
    assertFalse(NonFinite.any(new double[] {0, -1e308, Double.MIN_VALUE, Double.MAX_VALUE}));
    assertFalse(NonFinite.any(new double[0]));
    assertTrue(NonFinite.any(new double[] {0, Double.NaN}));
    assertTrue(NonFinite.any(new double[] {Double.NEGATIVE_INFINITY}));
    assertEquals(-1, NonFinite.firstIndex(new double[] {1, 2}));
    assertEquals(2, NonFinite.firstIndex(new double[] {1, 2, Double.POSITIVE_INFINITY, Double.NaN}));
    assertEquals(2, NonFinite.count(new double[] {1, 2, Double.POSITIVE_INFINITY, Double.NaN}));
  }

  @Test
  void describeNamesTheTensorAndPosition() {
    ParamLayout layout = ParamLayout.builder().matrix("w", 2, 3).vector("b", 2, true).build();
    double[] g = new double[8];
    assertNull(NonFinite.describe(g, layout));
    g[4] = Double.NaN;
    g[7] = Double.POSITIVE_INFINITY;
    String s = NonFinite.describe(g, layout);
    assertTrue(s.contains("w[1,1]") && s.contains("flat index 4") && s.startsWith("2 "), s);
    g[4] = 0;
    s = NonFinite.describe(g, layout);
    assertTrue(s.contains("b[1]") && s.contains("Infinity"), s);
  }
}
