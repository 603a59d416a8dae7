package org.sparkrnn.train;

import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.Normalization;
import org.sparkrnn.model.ParamLayout;
import org.sparkrnn.model.Params;

/**
 * The driver's half of a step: summed gradient → mean over the items (weighted by their sequences'
 * weights) → + L1/L2 → reject NaN/Inf
 * → clip → optimizer update at the scheduled learning rate. The optimizer state lives here only.
 * A step with a non-finite loss or gradient leaves the parameters untouched and is counted;
 * {@code maxBadSteps} of them in a row end training with {@link TrainingDivergedException}.
 */
public final class Updater {
  private final ParamLayout layout;
  private final ModelConfig model;
  private final Optimizer optimizer;
  private final LrSchedule schedule;
  private final GradientClipping clipping;
  private final Regularization regularization;
  private final int unitsPerItem;
  private final int maxBadSteps;
  private final double[] work;
  private long badSteps;
  private int badInARow;

  public Updater(ModelConfig model, TrainConfig train, ParamLayout layout) {
    this.layout = layout;
    this.model = model;
    this.optimizer = train.newOptimizer(layout.size());
    this.schedule = train.newSchedule();
    this.clipping = train.newClipping();
    this.regularization = Regularization.forLayout(layout, train.l1(), train.l2());
    this.unitsPerItem = model.loss().unitsPerItem(model.outputSize());
    this.maxBadSteps = train.maxBadSteps();
    this.work = new double[layout.size()];
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  public long badSteps() {
    return badSteps;
  }

  /** Restores the skip counters (for resume). */
  public void restoreCounters(long badSteps, int badInARow) {
    this.badSteps = badSteps;
    this.badInARow = badInARow;
  }

  public int badInARow() {
    return badInARow;
  }

  // ---------------------------------------------------------------- the step in ranges

  /**
   * Whether {@link #apply} can run as ranges in several threads sharing this updater: without
   * L1/L2 (whose penalty reads every parameter), value clipping (whose count of clipped entries
   * would need one more exchange between the threads) and batch-norm statistics.
   */
  public boolean rangesApply() {
    return regularization.isZero() && clipping.mode() != GradientClipping.Mode.VALUE
        && model.norm() != Normalization.BATCH;
  }

  /** How many blocks the norm's sum has ({@link GradientClipping#BLOCK}). */
  public int blocks() {
    return GradientClipping.blocks(work.length);
  }

  /**
   * First phase of the step in ranges, for blocks [fromBlock, toBlock) of the parameters: the
   * averaged gradient into {@code work} and each block's sum of squares into {@code squares}.
   */
  public void prepareRange(GradientSum sum, int fromBlock, int toBlock, double[] squares) {
    if (sum.items == 0 || sum.grad == null || !(sum.weight > 0)) {
      return;
    }
    double divisor = sum.weight * unitsPerItem;
    int from = fromBlock * GradientClipping.BLOCK;
    int to = Math.min(work.length, toBlock * GradientClipping.BLOCK);
    for (int i = from; i < to; i++) {
      work[i] = sum.grad[i] / divisor;
    }
    GradientClipping.blockSquares(work, fromBlock, toBlock, squares);
  }

  /**
   * What the step does, from every block's squares once all ranges are prepared: every thread
   * computes the same plan. Changes nothing; see {@link #applyRange} and {@link #finish}.
   */
  public Plan plan(GradientSum sum, double[] squares, long step, int epoch) {
    double lr = schedule.lr(step);
    StepStats nothing = nothingToApply(sum, step, epoch, lr);
    if (nothing != null) {
      return new Plan(nothing, 1, false, null);
    }
    double loss = sum.loss / (sum.weight * unitsPerItem);
    double norm = Math.sqrt(GradientClipping.total(squares));
    String problem = null;
    if (!Double.isFinite(loss)) {
      problem = "loss is " + loss;
    } else if (!Double.isFinite(norm) && NonFinite.any(work)) {
      problem = "gradient has " + NonFinite.describe(work, layout);
    }
    if (problem != null) {
      String diverged = badInARow + 1 >= maxBadSteps ? diverged(badInARow + 1, step, problem)
          : null;
      return new Plan(new StepStats(step, epoch, loss, 0, Double.NaN, false, 1, lr, sum.items,
          sum.steps, true, problem), 1, true, diverged);
    }
    double coef = 1;
    if (clipping.mode() == GradientClipping.Mode.NORM && Double.isFinite(norm)) {
      coef = Math.min(1.0, clipping.threshold() / (norm + GradientClipping.NORM_EPS));
    }
    return new Plan(new StepStats(step, epoch, loss, 0, norm, coef < 1, coef, lr, sum.items,
        sum.steps, false, null), coef, false, null);
  }

  /** Second phase: the clipped update of blocks [fromBlock, toBlock), when the plan applies one. */
  public void applyRange(Params params, Plan plan, int fromBlock, int toBlock) {
    if (plan.stats.skipped()) {
      return;
    }
    int from = fromBlock * GradientClipping.BLOCK;
    int to = Math.min(work.length, toBlock * GradientClipping.BLOCK);
    if (plan.clipCoef < 1) {
      for (int i = from; i < to; i++) {
        work[i] *= plan.clipCoef;
      }
    }
    optimizer.stepRange(params.data(), work, plan.stats.lr(), from, to);
  }

  /**
   * Last, in one thread once every range is applied: counts the step (or the bad step); throws
   * {@link TrainingDivergedException} when the plan says training diverged.
   */
  public void finish(Plan plan) {
    if (plan.bad) {
      badSteps++;
      badInARow++;
      if (plan.diverged != null) {
        throw new TrainingDivergedException(plan.diverged);
      }
    } else if (!plan.stats.skipped()) {
      badInARow = 0;
      optimizer.countStep();
    }
  }

  /** A step's outcome as {@link #plan} decides it. */
  public record Plan(StepStats stats, double clipCoef, boolean bad, String diverged) {}

  /** The stats of a step with nothing to average (no scored items, or all of weight 0), or null. */
  private static StepStats nothingToApply(GradientSum sum, long step, int epoch, double lr) {
    if (sum.items == 0 || sum.grad == null) {
      return new StepStats(step, epoch, 0, 0, 0, false, 1, lr, 0, sum.steps, true,
          "no scored items");
    }
    if (!(sum.weight > 0)) {
      return new StepStats(step, epoch, 0, 0, 0, false, 1, lr, sum.items, sum.steps, true,
          "the scored items' weights add up to 0");
    }
    return null;
  }

  private static String diverged(int inARow, long step, String problem) {
    return "training diverged: " + inARow + " steps in a row had a non-finite loss or gradient "
        + "(last at step " + step + ": " + problem + "); lower train.lr or enable clipping "
        + "(train.clip)";
  }

  /** Applies step {@code step} (0-based, drives the schedule) of {@code epoch}. */
  public StepStats apply(Params params, GradientSum sum, long step, int epoch) {
    double divisor = sum.weight * unitsPerItem; // the items' summed weight: their count unweighted
    double lr = schedule.lr(step);
    StepStats nothing = nothingToApply(sum, step, epoch, lr);
    if (nothing != null) {
      return nothing;
    }
    double[] g = work;
    for (int i = 0; i < g.length; i++) {
      g[i] = sum.grad[i] / divisor;
    }
    double loss = sum.loss / divisor;
    double[] p = params.data();
    double penalty = regularization.isZero() ? 0 : regularization.penalty(p);
    regularization.addGradient(p, g);
    String problem = null;
    if (!Double.isFinite(loss)) {
      problem = "loss is " + loss;
    } else if (NonFinite.any(g)) {
      problem = "gradient has " + NonFinite.describe(g, layout);
    }
    if (problem != null) {
      badSteps++;
      badInARow++;
      if (badInARow >= maxBadSteps) {
        throw new TrainingDivergedException(diverged(badInARow, step, problem));
      }
      return new StepStats(step, epoch, loss, penalty, Double.NaN, false, 1, lr, sum.items,
          sum.steps, true, problem);
    }
    badInARow = 0;
    GradientClipping.Result clip = clipping.apply(g);
    optimizer.step(p, g, lr);
    // batch-norm running statistics: buffers, set here from the whole batch's sums, never trained
    Network.applyNormStatistics(model, params, sum.normStats);
    return new StepStats(step, epoch, loss, penalty, clip.totalNorm(), clip.clipped(),
        clip.clipCoef(), lr, sum.items, sum.steps, false, null);
  }
}
