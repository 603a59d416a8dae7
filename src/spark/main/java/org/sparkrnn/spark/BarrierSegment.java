package org.sparkrnn.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.Params;
import org.sparkrnn.train.GradientSum;
import org.sparkrnn.train.StepPlan;
import org.sparkrnn.train.StepStats;
import org.sparkrnn.train.TrainConfig;
import org.sparkrnn.train.TrainingDivergedException;
import org.sparkrnn.train.Updater;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * The task of a barrier segment: many synchronous steps in one Spark job. All partitions run at
 * once (Spark's barrier execution mode); each step every task computes the gradient sum of its
 * shard's members, sends it to the driver's {@link AllReduce}, which adds the tasks' sums
 * as the one-job-per-step path does and answers each task with the total, and every task applies
 * the same {@link Updater} step to its own copy of the parameters. Same inputs, same code, same
 * order: the copies stay bit-identical to each other and to what the one-job-per-step path
 * computes. Tasks in the driver's JVM share one copy instead, updated once ({@link SharedReplica}).
 *
 * <p>Partition 0 ends the segment early once it has run for {@code segmentNanos} (its decision
 * travels in its message, so every task stops after the same step) and returns the state; the
 * driver then logs the steps and starts the next segment. A named class, like {@link StepTask}.
 */
final class BarrierSegment
    extends AbstractFunction1<Iterator<ExampleShard>, Iterator<SegmentResult>>
    implements Serializable {
  private static final long serialVersionUID = 1L;
  /** How long a segment runs at least before the driver hears from it (progress, metrics). */
  static final long SEGMENT_NANOS = 5_000_000_000L;
  /** ... and at most, however slow a segment's start. */
  static final long MAX_SEGMENT_NANOS = 60_000_000_000L;
  /** A segment runs this many times its start and end (broadcast, launch, result) take. */
  static final int LATENCY_MULTIPLE = 50;
  /**
   * A partition whose replica is nudged after its last step (one ulp on the first parameter):
   * tests set it to see the driver refuse a segment whose replicas differ. -1, always, outside
   * tests; it reaches only tasks in the test's own JVM (local mode).
   */
  static volatile int faultyReplica = -1;

  private final ModelConfig model;
  private final TrainConfig train;
  private final Broadcast<SegmentStart> start;
  private final String exchangeName;
  private final long segmentNanos;
  /** Whether the tasks run in the driver's JVM and hand their sums over as objects. */
  private final boolean sameJvm;

  /**
   * The length of the next segment after one whose start and end took {@code latencyNanos}: long
   * enough that they cost at most 2% of it (on a standalone cluster they took ~340 ms for 0.35 M
   * parameters, which a 5 s segment of half-second steps paid as 7% of every step).
   */
  static long lengthAfter(long latencyNanos) {
    return Math.max(SEGMENT_NANOS, Math.min(MAX_SEGMENT_NANOS, LATENCY_MULTIPLE * latencyNanos));
  }

  BarrierSegment(ModelConfig model, TrainConfig train, Broadcast<SegmentStart> start,
      String exchangeName, long segmentNanos, boolean sameJvm) {
    this.model = model;
    this.train = train;
    this.start = start;
    this.exchangeName = exchangeName;
    this.segmentNanos = segmentNanos;
    this.sameJvm = sameJvm;
  }

  @Override
  public Iterator<SegmentResult> apply(Iterator<ExampleShard> shardIterator) {
    BarrierTaskContext ctx = BarrierTaskContext.get();
    int tasks = ctx.getTaskInfos().length;
    AllReduce exchange = AllReduce.connect(exchangeName, ctx, tasks);
    List<ExampleShard> shards = new ArrayList<>();
    while (shardIterator.hasNext()) {
      shards.add(shardIterator.next());
    }
    SegmentStart from = start.value();
    Network net = NetworkCache.get(model, train.precision());
    // a test's faulty replica needs copies of its own to differ
    String attempt = ctx.stageId() + "." + ctx.stageAttemptNumber();
    SharedReplica shared = sameJvm && faultyReplica < 0
        ? SharedReplica.join(exchangeName, attempt, tasks,
            () -> new Params(net.layout(), from.params().clone()), () -> updater(from, net))
        : null;
    Params params = shared != null ? shared.params
        : new Params(net.layout(), from.params().clone());
    Updater updater = shared != null ? shared.updater : updater(from, net);
    Map<Long, double[]> carried = from.carried();
    SegmentResult out = new SegmentResult();
    long began = System.nanoTime();
    // last step's gradient array, summed into again: when it went out encoded, or when the
    // shared replica's barriers guarantee that no task still reads it (it may be the total)
    boolean reuse = shared != null || !sameJvm;
    double[] spare = null;
    for (StepPlan.Step step : from.steps()) {
      long t0 = System.nanoTime();
      GradientSum mine = StepTask.gradient(net, params,
          CollectionConverters.asScala(shards.iterator()), step, step.startFrom(carried), false,
          spare);
      boolean stop = ctx.partitionId() == 0 && t0 - began >= segmentNanos;
      AllReduce.Total total = exchange.allReduce(step.index(), stop ? AllReduce.STOP : 0,
          sameJvm ? mine : GradientWire.encode(mine));
      GradientSum sum = AllReduce.sum(total);
      StepStats stats;
      try {
        stats = shared != null ? shared.apply(ctx.partitionId(), sum, step.index(), step.epoch())
            : updater.apply(params, sum, step.index(), step.epoch());
      } catch (TrainingDivergedException e) {
        out.diverged = e.getMessage();
        break;
      }
      carried = step.carryAfter(sum.states);
      spare = reuse ? mine.grad : null;
      out.steps.add(new SegmentResult.Step(stats, System.nanoTime() - t0, sum.maxComputeNanos,
          sum.meanComputeNanos(), sum.examples, sum.wireBytes, updater.badSteps(),
          updater.badInARow()));
      if (total.stop()) {
        break;
      }
    }
    if (shared != null) {
      shared.leave(exchangeName, attempt);
    }
    if (ctx.partitionId() == faultyReplica) {
      params.data()[0] = Math.nextUp(params.data()[0]);
    }
    out.partition = ctx.partitionId();
    out.digest = StateDigest.of(params.data(), updater.optimizer().state(),
        updater.optimizer().steps(), updater.badSteps(), updater.badInARow());
    if (ctx.partitionId() != 0) {
      out.steps.clear();
      out.diverged = null;
      return CollectionConverters.asScala(List.of(out).iterator());
    }
    out.params = params.data();
    out.optimizerState = updater.optimizer().state();
    out.optimizerSteps = updater.optimizer().steps();
    out.badSteps = updater.badSteps();
    out.badInARow = updater.badInARow();
    out.carried = carried;
    return CollectionConverters.asScala(List.of(out).iterator());
  }

  /** The optimizer and counters where the segment starts. */
  private Updater updater(SegmentStart from, Network net) {
    Updater updater = new Updater(model, train, net.layout());
    updater.optimizer().restore(from.optimizerState(), from.optimizerSteps());
    updater.restoreCounters(from.badSteps(), from.badInARow());
    return updater;
  }
}
