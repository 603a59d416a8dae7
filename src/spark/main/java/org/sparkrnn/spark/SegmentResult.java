package org.sparkrnn.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sparkrnn.train.StepStats;

/**
 * What a barrier task gives back. Every task: its partition and the {@link StateDigest} of its
 * replica's state after the segment. Partition 0 also: each step it ran, the parameters,
 * optimizer state and skip counters after the last, the states to carry into the next window,
 * and the divergence message if training diverged (the steps before it are in {@link #steps}).
 */
final class SegmentResult implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One step: statistics, wall time in the task, slowest and mean task compute, windows. */
  record Step(StepStats stats, long wallNanos, long maxComputeNanos, long meanComputeNanos,
      long examples, long wireBytes, long badSteps, int badInARow) implements Serializable {}

  int partition;
  long digest;
  final List<Step> steps = new ArrayList<>();
  double[] params;
  Map<String, double[]> optimizerState;
  long optimizerSteps;
  long badSteps;
  int badInARow;
  Map<Long, double[]> carried;
  String diverged;
}
