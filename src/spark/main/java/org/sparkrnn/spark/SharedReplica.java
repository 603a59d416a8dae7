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
 * they all run in the driver's JVM (local mode). Each step partition 0 alone applies the update
 * and the others wait for it, where each task would otherwise run the same update on its own
 * copy: N updates of every parameter become one, and N copies of the parameters and the optimizer
 * state one. The result is the same numbers: one {@link Updater} step on the same total.
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
  private StepStats stats;
  private String diverged;

  private SharedReplica(Params params, Updater updater, int tasks) {
    this.params = params;
    this.updater = updater;
    this.updated = new CyclicBarrier(tasks);
    this.present = new AtomicInteger(tasks);
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
    if (partition == 0) {
      try {
        stats = updater.apply(params, sum, step, epoch);
        diverged = null;
      } catch (TrainingDivergedException e) {
        stats = null;
        diverged = e.getMessage();
      }
    }
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
    if (diverged != null) {
      throw new TrainingDivergedException(diverged);
    }
    return stats;
  }

  /** A task is done with the replica; the last one removes it. */
  void leave(String exchange, String key) {
    if (present.decrementAndGet() == 0) {
      LIVE.remove(exchange + "/" + key, this);
    }
  }
}
