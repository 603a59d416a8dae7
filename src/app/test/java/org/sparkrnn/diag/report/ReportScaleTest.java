package org.sparkrnn.diag.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The loss chart switches to a log axis only when the losses span more than two decades. */
class ReportScaleTest {

  @Test
  void logAxisOnlyForWideRangesOfPositiveLosses() {
    List<double[]> spiky = List.of(new double[] {0, 6000}, new double[] {1, 0.2});
    List<double[]> narrow = List.of(new double[] {0, 4.1}, new double[] {1, 1.2});
    List<double[]> withZero = List.of(new double[] {0, 5}, new double[] {1, 0});
    assertTrue(Report.spansDecades(spiky, List.of()));
    assertTrue(Report.spansDecades(narrow, List.of(new double[] {0, 0.01})));
    assertFalse(Report.spansDecades(narrow, List.of()));
    assertFalse(Report.spansDecades(withZero, List.of()), "log of 0 is not drawable");
  }
}
