package org.sparkrnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The end-of-run overhead line: which steps count and what it says. */
class StepOverheadTest {
  static final long MS = 1_000_000L;

  @Test
  void skipsTheWarmUpStepsOfALongRun() {
    List<SparkTrainer.Timing> t = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      t.add(new SparkTrainer.Timing(900 * MS, 100 * MS, 10 * MS, "barrier"));
    }
    for (int i = 0; i < 30; i++) {
      // 8 ms of 100 not in compute, then 2 of 100: 10 of 200; tasks average 90 ms: 2 + 8 of 200
      t.add(new SparkTrainer.Timing(100 * MS, (i % 2 == 0 ? 92 : 98) * MS, 90 * MS, "barrier"));
    }
    assertEquals("Spark overhead: 5.0% of step time (step wall time not spent in the slowest "
        + "task's compute; 30 steps after 10 warm-up steps, barrier); waiting for the slowest "
        + "task: 5.0%", StepOverhead.describe(t));
  }

  @Test
  void aShortRunCountsEveryStepAndNamesMixedSyncs() {
    List<SparkTrainer.Timing> t = List.of(
        new SparkTrainer.Timing(100 * MS, 75 * MS, 75 * MS, "job"),
        new SparkTrainer.Timing(100 * MS, 95 * MS, 95 * MS, "barrier"),
        new SparkTrainer.Timing(200 * MS, 190 * MS, 150 * MS, "barrier"));
    assertEquals("Spark overhead: 10.0% of step time (step wall time not spent in the slowest "
        + "task's compute; 3 steps after 0 warm-up steps, 2 barrier, 1 job); waiting for the "
        + "slowest task: 10.0%",
        StepOverhead.describe(t));
  }
}
