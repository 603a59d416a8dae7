package org.sparkrnn.train;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.sparkrnn.diag.DiagnosticSums;
import org.sparkrnn.model.Slot;

/**
 * What one partition (or the whole batch) contributes to a step: the gradient summed over its
 * items, the summed loss, the item count (scored targets), the input steps processed, and, for
 * truncated BPTT with carried state, each example's final state by id. Sums add; nothing here
 * depends on how the batch was split.
 */
public final class GradientSum implements Serializable {
  private static final long serialVersionUID = 1L;

  public double[] grad;
  public double loss;
  public long items;
  /** The items' summed weight (= items when no example is weighted): the step's divisor. */
  public double weight;
  public long steps;
  /** Sequences (windows) that took part. */
  public long examples;
  /** Compute time of the slowest contributor, nanoseconds (for overhead metrics). */
  public long maxComputeNanos;
  /** Compute time summed over the contributing tasks, nanoseconds (their mean: stragglers). */
  public long totalComputeNanos;
  /** Tasks whose compute {@link #totalComputeNanos} holds. */
  public int computeTasks;
  public Map<Long, double[]> states;
  /** Batch-norm sums (count, Σu, Σu² per layer and position) for the running statistics, or null. */
  public double[] normStats;
  /** Gradient-flow and saturation sums of a diagnosed step (null on other steps). */
  public DiagnosticSums diagnostics;
  /**
   * Where {@link #grad} is row-sparse — an untied embedding table, whose rows only the step's
   * tokens touch: {@link #sparseRows} rows of {@link #sparseWidth} doubles from
   * {@link #sparseOffset}; 0 rows when there is none. The exchange sends only the rows that are
   * not all zero; the sum itself stays dense.
   */
  public int sparseOffset;
  public int sparseRows;
  public int sparseWidth;
  /** Bytes the contributing partitions' sums took on the wire, summed (0: they did not cross). */
  public long wireBytes;

  public GradientSum() {}

  public GradientSum(int size) {
    grad = new double[size];
  }

  /** Marks {@code slot} of the gradient as row-sparse (see {@link #sparseRows}). */
  public void markRowSparse(Slot slot) {
    sparseOffset = slot.offset();
    sparseRows = slot.rows();
    sparseWidth = slot.cols();
  }

  /** The contributing tasks' mean compute time (the slowest's when none is counted). */
  public long meanComputeNanos() {
    return computeTasks == 0 ? maxComputeNanos : totalComputeNanos / computeTasks;
  }

  /** this += other (either may be empty, i.e. have a null gradient); returns this. */
  public GradientSum add(GradientSum other) {
    if (other.grad != null) {
      if (grad == null) {
        grad = other.grad.clone();
      } else {
        for (int i = 0; i < grad.length; i++) {
          grad[i] += other.grad[i];
        }
      }
    }
    if (sparseRows == 0) {
      sparseOffset = other.sparseOffset;
      sparseRows = other.sparseRows;
      sparseWidth = other.sparseWidth;
    }
    wireBytes += other.wireBytes;
    loss += other.loss;
    items += other.items;
    weight += other.weight;
    steps += other.steps;
    examples += other.examples;
    maxComputeNanos = Math.max(maxComputeNanos, other.maxComputeNanos);
    totalComputeNanos += other.totalComputeNanos;
    computeTasks += other.computeTasks;
    if (other.states != null) {
      if (states == null) {
        states = new HashMap<>();
      }
      states.putAll(other.states);
    }
    if (other.normStats != null) {
      if (normStats == null) {
        normStats = other.normStats.clone();
      } else {
        for (int i = 0; i < normStats.length; i++) {
          normStats[i] += other.normStats[i];
        }
      }
    }
    if (other.diagnostics != null) {
      if (diagnostics == null) {
        diagnostics = new DiagnosticSums();
      }
      diagnostics.add(other.diagnostics);
    }
    return this;
  }
}
