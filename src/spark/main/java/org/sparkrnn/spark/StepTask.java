package org.sparkrnn.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.sparkrnn.model.Example;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.Params;
import org.sparkrnn.train.GradientSum;
import org.sparkrnn.train.Precision;
import org.sparkrnn.train.StepPlan;
import org.sparkrnn.train.WindowGradient;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction2;

/**
 * One training step's task: the gradient sum of the step's members that a partition's shard
 * holds ({@link WindowGradient}, the code LocalTrainer runs), with the parameters and carried
 * states read from the step's broadcasts.
 *
 * <p>A named function class, not a lambda, on purpose: for every lambda Spark's ClosureCleaner
 * re-reads and parses the class file that defines it (JavaRDDLike, RDD) on every job, which took
 * about a third of an empty job's latency in local[2] here; for a named class it returns at once.
 */
final class StepTask extends AbstractFunction2<TaskContext, Iterator<ExampleShard>, GradientSum>
    implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ModelConfig model;
  private final Precision precision;
  private final StepPlan.Step step;
  private final Broadcast<double[]> weights;
  private final Broadcast<Map<Long, double[]>> carried;
  private final boolean diagnose;

  /** {@code carried} may be null (no state carried into this window). */
  StepTask(ModelConfig model, Precision precision, StepPlan.Step step, Broadcast<double[]> weights,
      Broadcast<Map<Long, double[]>> carried, boolean diagnose) {
    this.model = model;
    this.precision = precision;
    this.step = step;
    this.weights = weights;
    this.carried = carried;
    this.diagnose = diagnose;
  }

  @Override
  public GradientSum apply(TaskContext context, Iterator<ExampleShard> shards) {
    Network net = NetworkCache.get(model, precision);
    return gradient(net, new Params(net.layout(), weights.value()), shards, step,
        carried == null ? null : carried.value(), diagnose);
  }

  /**
   * The gradient sum of {@code step}'s members held by {@code shards} (usually one), with this
   * task's compute time (all its shards) as one task's.
   */
  static GradientSum gradient(Network net, Params params, Iterator<ExampleShard> shards,
      StepPlan.Step step, Map<Long, double[]> carried, boolean diagnose) {
    return gradient(net, params, shards, step, carried, diagnose, null);
  }

  /** The same, the first shard's sum going into {@code into} (see WindowGradient.compute). */
  static GradientSum gradient(Network net, Params params, Iterator<ExampleShard> shards,
      StepPlan.Step step, Map<Long, double[]> carried, boolean diagnose, double[] into) {
    GradientSum sum = null;
    long compute = 0;
    while (shards.hasNext()) {
      List<Example> members = shards.next().select(step.members());
      GradientSum g = WindowGradient.compute(net, params, members, step, carried,
          !step.lastWindow(), diagnose, sum == null ? into : null);
      compute += g.maxComputeNanos;
      sum = sum == null ? g : sum.add(g);
    }
    if (sum == null) {
      return new GradientSum();
    }
    sum.maxComputeNanos = compute;
    sum.totalComputeNanos = compute;
    sum.computeTasks = 1;
    return sum;
  }
}
