package org.sparkrnn.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsSummaryTest {

  @Test
  void summarisesLossesValidationBadStepsClippingAndFlow(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("metrics.jsonl");
    StringBuilder sb = new StringBuilder("{\"step\":-1,\"val_loss\":0.9}\n");
    for (int s = 0; s < 20; s++) {
      double loss = s == 3 ? 5000 : 1.0 / (s + 1);
      sb.append("{\"step\":").append(s).append(",\"loss\":").append(s == 7 ? "\"NaN\"" : loss)
          .append(",\"grad_norm\":").append(s + 1).append(",\"clipped\":").append(s % 4 == 0)
          .append(",\"skipped\":").append(s == 7).append(",\"tokens_per_s\":").append(100 + s)
          .append(",\"step_ms\":10,\"max_task_compute_ms\":").append(s % 2 == 0 ? 4 : 6);
      if (s % 10 == 0) {
        sb.append(",\"flow\":[[").append(s + 1).append(",2,4],[9,9,9]],\"flow_decay\":[0.5,0.7]");
      }
      if (s % 5 == 4) {
        sb.append(",\"val_loss\":").append(s == 9 ? 0.1 : 0.2);
      }
      sb.append("}\n");
    }
    Files.writeString(f, sb.toString());
    MetricsSummary m = MetricsSummary.read(f);
    assertEquals(20, m.steps());
    assertEquals(0.9, m.initialValLoss());
    assertEquals(0.2, m.finalValLoss());
    assertEquals(0.1, m.bestValLoss());
    assertEquals(9, m.bestValStep());
    assertEquals(7, m.firstBadStep());
    assertEquals(1, m.badSteps());
    assertEquals(3, m.firstBlowUpStep(), "5000 > 1000 × the first loss 1");
    assertEquals(5000, m.maxLoss());
    assertEquals(20, m.maxGradNorm());
    assertEquals(5 / 20.0, m.clippedFraction());
    assertEquals(1, m.tail(), "a tenth of 19 finite losses");
    assertEquals(1.0 / 20, m.finalTrainLoss(), 1e-15);
    assertEquals(109.5, m.medianTokensPerS());
    assertEquals(5, m.medianComputeMs());
    assertEquals(0, m.firstFlowStep());
    assertEquals(10, m.lastFlowStep());
    assertArrayEquals(new double[] {1, 2, 4}, m.firstFlow());
    assertArrayEquals(new double[] {11, 2, 4}, m.lastFlow());
    assertEquals(0.25, MetricsSummary.firstToLast(m.firstFlow()));
    assertEquals(2, m.flowHistory().size());
    assertArrayEquals(new double[] {10, 11 / 4.0, 0.5}, m.flowHistory().get(1));
  }

  @Test
  void aRunWithoutValidationOrFlowHasNaNsAndNulls(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("metrics.jsonl");
    Files.writeString(f, "{\"step\":0,\"loss\":Infinity,\"grad_norm\":NaN,\"skipped\":true}\n\n");
    MetricsSummary m = MetricsSummary.read(f);
    assertEquals(1, m.steps());
    assertTrue(Double.isNaN(m.finalTrainLoss()));
    assertTrue(Double.isNaN(m.bestValLoss()));
    assertEquals(0, m.firstBadStep());
    assertEquals(Double.POSITIVE_INFINITY, m.maxLoss());
    assertNull(m.firstFlow());
    assertTrue(Double.isNaN(MetricsSummary.firstToLast(null)));
  }

  @Test
  void aBrokenLineIsNamed(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("metrics.jsonl");
    Files.writeString(f, "{\"step\":0,\"loss\":1}\n{\"step\":1,\"lo\n");
    IOException e = assertThrows(IOException.class, () -> MetricsSummary.read(f));
    assertTrue(e.getMessage().contains("metrics.jsonl line 2"), e.getMessage());
    IOException missing = assertThrows(IOException.class,
        () -> MetricsSummary.read(dir.resolve("none.jsonl")));
    assertTrue(missing.getMessage().contains("none.jsonl"), missing.getMessage());
  }
}
