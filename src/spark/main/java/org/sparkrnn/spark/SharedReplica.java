package org.sparkrnn.spark;

import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.sparkrnn.model.Params;
import org.sparkrnn.train.GradientSum;
import org.sparkrnn.train.StepStats;
import org.sparkrnn.train.TrainingDivergedException;
import org.sparkrnn.train.Updater;

/**
 * The one copy of the parameters and the optimizer that the tasks of a barrier segment share when
 * they all run in the driver's JVM (local mode). Each step the tasks update the one copy
 * together, each its own range of the parameters ({@link Updater#prepareRange}, then, once all
 * ranges' gradient norms are in, {@link Updater#applyRange}), where each task would otherwise run
 * the whole update on a copy of its own: N updates of every parameter become one, shared by N
 * threads, and N copies of the parameters and the optimizer state one. Where the update cannot be
 * split ({@link Updater#rangesApply}) partition 0 applies it alone while the others wait. Either
 * way the numbers are those of one {@link Updater#apply} on the same total.
 *
 * <p>Safe without locks around the parameters: a task reads them for its gradient only before it
 * sends its part of the step, and partition 0 changes them only after the exchange has every part;
 * the barrier after the update keeps the next step's gradients from starting before it ends.
 */
final class SharedReplica {
  private static final Map<String, SharedReplica> LIVE = new ConcurrentHashMap<>();

  final Params params;
  final Updater updater;
  private final CyclicBarrier updated;
  private final AtomicInteger present;
  private final int tasks;
  /** Each norm block's sum of squares, filled by the task whose range holds the block. */
  private final double[] squares;
  private StepStats stats;
  private String diverged;

  private SharedReplica(Params params, Updater updater, int tasks) {
    this.params = params;
    this.updater = updater;
    this.updated = new CyclicBarrier(tasks);
    this.present = new AtomicInteger(tasks);
    this.tasks = tasks;
    this.squares = new double[updater.blocks()];
  }

  /**
   * The replica of one attempt of one segment's stage ({@code key}), made by the first of its
   * {@code tasks} tasks to arrive; replicas of earlier attempts of the same exchange are dropped.
   */
  static SharedReplica join(String exchange, String key, int tasks, Supplier<Params> params,
      Supplier<Updater> updater) {
    String id = exchange + "/" + key;
    LIVE.keySet().removeIf(k -> k.startsWith(exchange + "/") && !k.equals(id));
    return LIVE.computeIfAbsent(id, k -> new SharedReplica(params.get(), updater.get(), tasks));
  }

  /**
   * Step {@code step}'s update, applied once: by partition 0, while the other tasks wait. Returns
   * the step's statistics; throws {@link TrainingDivergedException} in every task when it diverged.
   */
  StepStats apply(int partition, GradientSum sum, long step, int epoch) {
    if (updater.rangesApply()) {
      return applyInRanges(partition, sum, step, epoch);
    }
    if (partition == 0) {
      try {
        stats = updater.apply(params, sum, step, epoch);
        diverged = null;
      } catch (TrainingDivergedException e) {
        stats = null;
        diverged = e.getMessage();
      }
    }
    await(step);
    if (diverged != null) {
      throw new TrainingDivergedException(diverged);
    }
    return stats;
  }

  /**
   * The update in ranges of whole norm blocks, task k taking the k-th of N: the averaged gradient
   * and its blocks' squares; once all are in, the same plan in every task and the clipped update of
   * its range; once all are applied, partition 0 counts the step while the others wait.
   */
  private StepStats applyInRanges(int partition, GradientSum sum, long step, int epoch) {
    int blocks = squares.length;
    int from = (int) ((long) blocks * partition / tasks);
    int to = (int) ((long) blocks * (partition + 1) / tasks);
    updater.prepareRange(sum, from, to, squares);
    await(step);
    Updater.Plan plan = updater.plan(sum, squares, step, epoch);
    updater.applyRange(params, plan, from, to);
    await(step);
    if (partition == 0) {
      try {
        updater.finish(plan);
      } catch (TrainingDivergedException e) {
        // every task throws it below
      }
    }
    await(step); // the counters are read next: the step's stats, the segment's end
    if (plan.diverged() != null) {
      throw new TrainingDivergedException(plan.diverged());
    }
    return plan.stats();
  }

  private void await(long step) {
    try {
      updated.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for step " + step
          + "'s update", e);
    } catch (BrokenBarrierException e) {
      throw new IllegalStateException("another task of the segment failed during step " + step,
          e);
    }
  }

  /** A task is done with the replica; the last one removes it. */
  void leave(String exchange, String key) {
    if (present.decrementAndGet() == 0) {
      LIVE.remove(exchange + "/" + key, this);
    }
  }
}
