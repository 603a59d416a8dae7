package org.sparkrnn.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.Params;

/** Which steps are measured, and the warnings' thresholds. */
class DiagnosticsTest {
  private final ModelConfig model = ModelConfig.builder().cell(CellType.ELMAN).inputSize(1)
      .hiddenSize(2).outputSize(2).build();

  @Test
  void cadence() {
    DiagnosticsConfig c = DiagnosticsConfig.every(5);
    assertTrue(c.due(0));
    assertFalse(c.due(4));
    assertTrue(c.due(10));
    assertFalse(DiagnosticsConfig.OFF.due(0));
    assertThrows(IllegalArgumentException.class, () -> new DiagnosticsConfig(-1, 0.1, 1));
    assertThrows(IllegalArgumentException.class, () -> new DiagnosticsConfig(1, 1.5, 1));
    assertThrows(IllegalArgumentException.class, () -> new DiagnosticsConfig(1, 0.1, 0));
  }

  @Test
  void explodingOnLargeOrNonFiniteGradients() {
    Diagnostics d = new Diagnostics(new DiagnosticsConfig(0, 1e-3, 100), model);
    assertTrue(d.step(3, null, null, 4, 99, null, 0).warnings().isEmpty());
    StepDiagnostics big = d.step(3, null, null, 4, 250, null, 0);
    assertEquals(1, big.warnings().size());
    assertTrue(big.warnings().get(0).startsWith("exploding: gradient norm 250"), big.warnings().toString());
    assertFalse(big.measured());
    StepDiagnostics nan = d.step(3, null, null, 4, Double.NaN, "gradient has NaN", 2);
    assertEquals("exploding: gradient has NaN; step skipped (2 in a row)", nan.warnings().get(0));
  }

  @Test
  void vanishingWhenTheFirstToLastRatioIsBelowTheThreshold() {
    Diagnostics d = new Diagnostics(new DiagnosticsConfig(1, 1e-2, 1e3), model);
    Params p = new Params(Network.layoutOf(model));
    DiagnosticSums s = new DiagnosticSums();
    s.flowSquares = new double[][] {{1e-6, 1e-2, 1}}; // norms 1e-3, 0.1, 1 (divisor 1)
    StepDiagnostics v = d.step(0, d.spectral(p), s, 1, 1, null, 0);
    assertTrue(v.measured());
    assertEquals(1e-3, v.flowRatio()[0], 1e-15);
    assertEquals(1, v.warnings().size());
    assertTrue(v.warnings().get(0).startsWith("vanishing: layer 0"), v.warnings().get(0));
    s.flowSquares = new double[][] {{1e-2, 1e-1, 1}};
    assertTrue(d.step(0, d.spectral(p), s, 1, 1, null, 0).warnings().isEmpty());
  }
}
