package org.sparkrnn.spark;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The share of a run's step time that is not task compute (scheduling, broadcast, serialization,
 * the gradient sum, the update): Σ(step wall − slowest task's compute) / Σ step wall, over the
 * steps after the first {@link #WARM_UP} (the JIT is still compiling in those) when there are
 * more than twice as many. Also the share the tasks spent waiting for the slowest one,
 * Σ(slowest − mean task compute) / Σ step wall: a synchronous step pays for its straggler, which
 * is compute, not Spark, but is lost all the same.
 */
public final class StepOverhead {
  static final int WARM_UP = 10;

  private StepOverhead() {}

  /**
   * One line for the end of a run, e.g. "Spark overhead: 7.1% of step time (… 491 steps after 10
   * warm-up steps, barrier); waiting for the slowest task: 2.3%".
   */
  public static String describe(List<SparkTrainer.Timing> timings) {
    if (timings.isEmpty()) {
      return "Spark overhead: no steps ran";
    }
    int from = timings.size() > 2 * WARM_UP ? WARM_UP : 0;
    long wall = 0;
    long compute = 0;
    long straggling = 0;
    Map<String, Integer> syncs = new TreeMap<>();
    for (SparkTrainer.Timing t : timings.subList(from, timings.size())) {
      wall += t.wallNanos();
      compute += t.maxTaskComputeNanos();
      straggling += t.maxTaskComputeNanos() - t.meanTaskComputeNanos();
      syncs.merge(t.sync(), 1, Integer::sum);
    }
    StringBuilder how = new StringBuilder();
    syncs.forEach((sync, n) -> how.append(how.length() == 0 ? "" : ", ")
        .append(syncs.size() == 1 ? sync : n + " " + sync));
    return String.format("Spark overhead: %.1f%% of step time (step wall time not spent in the "
        + "slowest task's compute; %d steps after %d warm-up steps, %s); waiting for the "
        + "slowest task: %.1f%%", 100.0 * (wall - compute) / wall, timings.size() - from, from,
        how, 100.0 * straggling / wall);
  }
}
