package org.sparkrnn.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sparkrnn.train.StepStats;

/**
 * What a barrier segment gives back (from partition 0; every task ends with the same state):
 * each step it ran, the parameters, optimizer state and skip counters after the last, the states
 * to carry into the next window, and the divergence message if training diverged (the steps
 * before it are in {@link #steps}).
 */
final class SegmentResult implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One step: statistics, wall time in the task, slowest and mean task compute, windows. */
  record Step(StepStats stats, long wallNanos, long maxComputeNanos, long meanComputeNanos,
      long examples, long badSteps, int badInARow) implements Serializable {}

  final List<Step> steps = new ArrayList<>();
  double[] params;
  Map<String, double[]> optimizerState;
  long optimizerSteps;
  long badSteps;
  int badInARow;
  Map<Long, double[]> carried;
  String diverged;
}
