package org.sparkrnn.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkrnn.config.ConfigException;
import org.sparkrnn.diag.Diagnostics;
import org.sparkrnn.diag.Spectral;
import org.sparkrnn.diag.StepDiagnostics;
import org.sparkrnn.model.Example;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.ParamLayout;
import org.sparkrnn.model.Params;
import org.sparkrnn.train.Cadence;
import org.sparkrnn.train.Evaluator;
import org.sparkrnn.train.GradientSum;
import org.sparkrnn.train.Optimizer;
import org.sparkrnn.train.StepPlan;
import org.sparkrnn.train.StepStats;
import org.sparkrnn.train.TrainConfig;
import org.sparkrnn.train.TrainingDivergedException;
import org.sparkrnn.train.Updater;
import org.sparkrnn.train.WindowGradient;

/**
 * Synchronous data-parallel training on Spark. The examples are split into N cached shards; each
 * step the driver broadcasts the parameters, every shard computes the gradient sum of the members
 * of the step's global batch that it holds ({@link StepTask}: {@link WindowGradient}, the code
 * LocalTrainer runs), the sums are added in partition order ({@link OrderedSum}), and the driver's
 * {@link Updater} averages, regularizes, clips and applies them. The step order comes from
 * {@link StepPlan} alone, so the model after k steps does not depend on N and equals
 * LocalTrainer's up to floating-point summation order.
 *
 * <p>Truncated BPTT with carried state: the members' final states of window j travel back to the
 * driver with the gradient and are broadcast with window j+1, so they are part of the step's
 * input, never executor memory.
 */
public final class SparkTrainer {
  private final JavaSparkContext sc;
  private final ModelConfig model;
  private final TrainConfig train;
  private final SparkRunOptions options;
  private final Checkpoints checkpoints;
  /** Whether barrier tasks in local mode still send bytes (see {@link #bytesInLocalMode}). */
  private boolean bytesInLocalMode;
  /** A fixed barrier segment length, or -1: {@link BarrierSegment#lengthAfter} the last one. */
  private long segmentNanos = -1;
  /** Barrier segments that may fail in a row before the rest of the run uses one job per step. */
  private static final int MAX_FAILED_SEGMENTS = 3;
  private static final Logger LOG = LoggerFactory.getLogger(SparkTrainer.class);
  /**
   * Whether the running Spark can host the barrier exchange ({@link AllReduce#unavailable});
   * tests replace it to play a Spark that lacks what the exchange calls.
   */
  static volatile java.util.function.Supplier<String> exchangeProbe = AllReduce::unavailable;

  public SparkTrainer(JavaSparkContext sc, ModelConfig model, TrainConfig train,
      SparkRunOptions options) {
    this.sc = sc;
    this.model = model;
    this.train = train;
    this.options = options;
    this.checkpoints = options.outputDir() == null ? null
        : new Checkpoints(options.outputDir(), sc.hadoopConfiguration(), options.keepCheckpoints());
  }

  /** What a run gives: the trained parameters and every step's statistics and timing. */
  public record Result(Params params, List<StepStats> history, long stepsRun, List<Timing> timings) {}

  /**
   * A step's wall time on the driver, the compute time of its slowest task and its tasks' mean,
   * nanoseconds, and how it ran ("job" or "barrier").
   */
  public record Timing(long wallNanos, long maxTaskComputeNanos, long meanTaskComputeNanos,
      String sync) {}

  /**
   * Trains from {@code initial} (or from the latest checkpoint with resume). Example ids must be
   * 0..n−1. {@code validation} may be null.
   */
  public Result train(JavaRDD<Example> data, JavaRDD<Example> validation, Params initial) {
    return train(data, validation, initial, Map.of());
  }

  /**
   * As {@link #train(JavaRDD, JavaRDD, Params)}; {@code provenance} (e.g. the data spec) is
   * stored with every checkpoint.
   */
  public Result train(JavaRDD<Example> data, JavaRDD<Example> validation, Params initial,
      Map<String, String> provenance) {
    JavaRDD<ExampleShard> shards = shard(data);
    JavaRDD<ExampleShard> valShards = validation == null ? null : shard(validation);
    try {
      return run(shards, valShards, initial, provenance);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      shards.unpersist(false);
      if (valShards != null) {
        valShards.unpersist(false);
      }
    }
  }

  /**
   * The examples as one cached shard per partition, example id mod N in partition N: with the
   * plan's batches of one id per residue mod the batch size ({@link StepPlan#stratifiedOrder}),
   * every partition gets the same share of every step when N divides the batch size, so no task
   * waits on one that drew more sequences.
   */
  private JavaRDD<ExampleShard> shard(JavaRDD<Example> data) {
    int n = options.partitions();
    JavaRDD<Example> parts = data.keyBy(e -> (int) (e.id() % n))
        .partitionBy(new HashPartitioner(n)).values();
    JavaRDD<ExampleShard> shards = parts
        .mapPartitions(it -> List.of(new ExampleShard(it)).iterator(), true)
        .setName("spark-rnn examples");
    shards.persist(options.storage());
    return shards;
  }

  /**
   * A fixed length for every barrier segment instead of one adapted to the segments' start cost
   * (tests make it short to cut many).
   */
  SparkTrainer segmentNanos(long nanos) {
    this.segmentNanos = nanos;
    return this;
  }

  /**
   * Barrier tasks send their sums as bytes even in local mode, as on a cluster (tests of the
   * encoding and its byte counts).
   */
  SparkTrainer bytesInLocalMode() {
    this.bytesInLocalMode = true;
    return this;
  }

  /**
   * Refuses an explicit spark.sync=barrier that this Spark cannot run, as {@link #train} would,
   * so a caller can check before it writes anything.
   */
  public void checkSync() {
    if (options.sync() == SyncMode.BARRIER) {
      useBarrier(options.partitions());
    }
  }

  /** The provenance stored with the newest checkpoint under {@code outputDir}, or null. */
  public static Map<String, String> checkpointProvenance(JavaSparkContext sc, String outputDir)
      throws IOException {
    return new Checkpoints(outputDir, sc.hadoopConfiguration(), 1).latestProvenance();
  }

  private Result run(JavaRDD<ExampleShard> shards, JavaRDD<ExampleShard> valShards, Params initial,
      Map<String, String> provenance) throws IOException {
    int[] lengths = lengthsById(shards);
    boolean barrier = useBarrier(shards.getNumPartitions());
    ParamLayout layout = Network.layoutOf(model);
    Params params = initial.copy();
    Updater updater = new Updater(model, train, layout);
    StepPlan plan = new StepPlan(lengths, train);
    long totalSteps = countSteps(lengths);
    Map<Long, double[]> carried = null;
    long start = 0;
    if (options.resume()) {
      Checkpoints.State state = checkpoints.latest(model, train);
      if (state != null) {
        System.arraycopy(state.params().data(), 0, params.data(), 0, layout.size());
        updater.optimizer().restore(state.optimizerState(), state.optimizerSteps());
        updater.restoreCounters(state.badSteps(), state.badInARow());
        carried = state.carried();
        start = state.nextStep();
        plan.skip(start);
      }
    }
    Cadence cadence = new Cadence(totalSteps, valShards != null, options.validateEvery(),
        checkpoints != null, options.checkpointEvery(), train.diagnostics());
    Progress progress = new Progress(options.progress(), totalSteps, start);
    AllReduce.Endpoint exchange = barrier ? AllReduce.start(options.fanIn()) : null;
    Run run;
    try (MetricsLog metrics = MetricsLog.open(options.outputDir(), sc.hadoopConfiguration(), start)) {
      run = new Run(shards, valShards, params, updater, plan, cadence, provenance, carried,
          progress, metrics, exchange);
      if (valShards != null && start == 0) {
        ObjectNode before = metrics.newRecord();
        before.put("step", -1);
        validate(valShards, params, before);
        metrics.write(before);
        progress.initial(before);
      }
      run.all();
    } finally {
      if (exchange != null) {
        exchange.close();
      }
    }
    sc.setJobDescription(null);
    progress.finish();
    return new Result(params, run.history, run.history.size(), run.timings);
  }

  /**
   * Barrier segments (see {@link BarrierSegment}) or one job per step: spark.sync=jobs or barrier
   * as set; auto takes barrier when every partition gets a task slot at once (barrier mode needs
   * that), executors are not allocated dynamically (barrier stages refuse that) and, on a
   * cluster, there are no more partitions than the fan-in: the driver then receives every
   * partition's sum in either mode, and barrier saves a job per step; beyond, the driver's
   * exchange (N sums in, N out every step over the network) grows where the jobs path's tree does
   * not. In local mode nothing crosses a network and jobs would add a shuffle level.
   */
  private boolean useBarrier(int partitions) {
    int slots = sc.defaultParallelism();
    switch (options.sync()) {
      case JOBS:
        return false;
      case BARRIER:
        if (dynamicAllocation()) {
          throw new ConfigException("spark.sync", "spark.sync=barrier: Spark does not run barrier "
              + "stages with dynamic allocation (spark.dynamicAllocation.enabled=true); use "
              + "spark.sync=auto or jobs, or turn dynamic allocation off");
        }
        if (partitions > slots) {
          throw new ConfigException("spark.sync", "spark.sync=barrier runs all " + partitions
              + " partitions at once, but Spark has " + slots + " task slots; lower "
              + "spark.partitions to at most " + slots + " or use spark.sync=jobs");
        }
        String missing = exchangeProbe.get();
        if (missing != null) {
          throw new ConfigException("spark.sync", "spark.sync=barrier: " + missing
              + "; use spark.sync=jobs");
        }
        return true;
      default:
        if (partitions > (sc.isLocal() ? slots : Math.min(slots, options.fanIn()))
            || dynamicAllocation()) {
          return false;
        }
        String lacking = exchangeProbe.get();
        if (lacking != null) {
          LOG.warn("spark.sync=auto runs one job per step: {}", lacking);
          return false;
        }
        return true;
    }
  }

  /** Whether Spark allocates executors dynamically (as Spark decides it: never in local mode). */
  private boolean dynamicAllocation() {
    return sc.getConf().getBoolean("spark.dynamicAllocation.enabled", false)
        && (!sc.isLocal() || sc.getConf().getBoolean("spark.dynamicAllocation.testing", false));
  }

  /** One training run's state on the driver and the steps it takes. */
  private final class Run {
    final JavaRDD<ExampleShard> shards;
    final JavaRDD<ExampleShard> valShards;
    final Params params;
    final Updater updater;
    final StepPlan plan;
    final Cadence cadence;
    final long totalSteps;
    final Map<String, String> provenance;
    final Progress progress;
    final MetricsLog metrics;
    /** The driver's gradient exchange of barrier segments (null: one job per step). */
    final AllReduce.Endpoint exchange;
    final Diagnostics diagnostics = new Diagnostics(train.diagnostics(), model);
    /** Steps taken from the plan and not run yet (a barrier segment may stop before its end). */
    final Deque<StepPlan.Step> pending = new ArrayDeque<>();
    final List<StepStats> history = new ArrayList<>();
    final List<Timing> timings = new ArrayList<>();
    /** The states the next step starts from (see {@link StepPlan.Step#carryAfter}). */
    Map<Long, double[]> carried;
    /** Whether steps run in barrier segments (false: one job per step). */
    boolean barrier;
    /** Barrier segments that failed in a row (their steps then ran as jobs). */
    int failedSegments;
    /** How long the next barrier segment runs. */
    long segmentLength = segmentNanos >= 0 ? segmentNanos : BarrierSegment.SEGMENT_NANOS;

    /** A run from {@code params} and the optimizer state in {@code updater}, whole. */
    Run(JavaRDD<ExampleShard> shards, JavaRDD<ExampleShard> valShards, Params params,
        Updater updater, StepPlan plan, Cadence cadence, Map<String, String> provenance,
        Map<Long, double[]> carried, Progress progress, MetricsLog metrics,
        AllReduce.Endpoint exchange) {
      this.shards = shards;
      this.valShards = valShards;
      this.params = params;
      this.updater = updater;
      this.plan = plan;
      this.cadence = cadence;
      this.totalSteps = cadence.totalSteps();
      this.provenance = provenance;
      this.carried = carried;
      this.progress = progress;
      this.metrics = metrics;
      this.exchange = exchange;
      this.barrier = exchange != null;
    }

    /** Every step of the plan, in barrier segments where they run so, else as jobs. */
    void all() throws IOException {
      while (true) {
        if (pending.isEmpty()) {
          if (!plan.hasNext()) {
            return;
          }
          pending.add(plan.next());
        }
        if (barrier && !cadence.diagnose(pending.peekFirst().index())) {
          barrierSegment();
        } else {
          jobStep(pending.pollFirst());
        }
      }
    }

    /** One step as one Spark job; the driver updates. */
    void jobStep(StepPlan.Step step) throws IOException {
      long t0 = System.nanoTime();
      sc.setJobDescription("spark-rnn step " + (step.index() + 1) + "/" + totalSteps
          + ", epoch " + (step.epoch() + 1));
      boolean diagnose = cadence.diagnose(step.index());
      GradientSum sum = distributedGradient(shards, params, step, step.startFrom(carried), diagnose);
      Spectral spectral = diagnose ? diagnostics.spectral(params) : null;
      StepStats stats = updater.apply(params, sum, step.index(), step.epoch());
      StepDiagnostics diag = diagnostics.step(step.index(), spectral, sum.diagnostics, sum.items,
          stats.gradNorm(), stats.skipped() && stats.items() > 0 ? stats.problem() : null,
          updater.badInARow());
      carried = step.carryAfter(sum.states);
      long wall = System.nanoTime() - t0;
      finish(step, stats, wall, sum.maxComputeNanos, sum.meanComputeNanos(), sum.examples,
          sum.wireBytes, updater.badSteps(), diag, "job", -1, pending.isEmpty() && !plan.hasNext());
    }

    /**
     * The pending steps, extended up to the next validation or checkpoint, diagnosed step or end
     * of the plan, as one barrier job; then the driver takes over the tasks' final state and logs
     * the steps that ran. The job's own latency is added to the first step's wall time, so the
     * step times still add up to the run's.
     */
    void barrierSegment() throws IOException {
      while (!cadence.segmentEndsAfter(pending.peekLast().index()) && plan.hasNext()) {
        pending.add(plan.next());
      }
      long t0 = System.nanoTime();
      List<StepPlan.Step> steps = new ArrayList<>(pending);
      sc.setJobDescription("spark-rnn steps " + (steps.get(0).index() + 1) + "-"
          + (steps.get(steps.size() - 1).index() + 1) + "/" + totalSteps + " (barrier)");
      Optimizer optimizer = updater.optimizer();
      Broadcast<SegmentStart> from = sc.broadcast(new SegmentStart(params.data(),
          optimizer.state(), optimizer.steps(), updater.badSteps(), updater.badInARow(), carried,
          steps));
      List<SegmentResult> replicas;
      try {
        RDD<SegmentResult> segment = shards.rdd().barrier().mapPartitions(
            new BarrierSegment(model, train, from, exchange.name(), segmentLength,
                sc.isLocal() && !bytesInLocalMode), false,
            scala.reflect.ClassTag$.MODULE$.apply(SegmentResult.class));
        replicas = PerPartition.run(segment, new FirstResult<>(), SegmentResult.class);
      } catch (Exception e) {
        // Spark does not retry a failed barrier result stage (a lost executor aborts the job);
        // the driver still holds the segment's start, so its steps run again, as jobs
        if (!(e instanceof SparkException) || ++failedSegments > MAX_FAILED_SEGMENTS) {
          throw e;
        }
        barrier = failedSegments < MAX_FAILED_SEGMENTS;
        String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        LOG.warn("barrier segment of steps {}-{} failed; running them as one job per step{}: {}",
            steps.get(0).index() + 1, steps.get(steps.size() - 1).index() + 1,
            barrier ? "" : " from now on", reason);
        while (!pending.isEmpty()) {
          jobStep(pending.pollFirst());
        }
        return;
      } finally {
        from.destroy();
      }
      failedSegments = 0;
      SegmentResult r = replicas.get(0);
      checkReplicas(replicas, steps);
      System.arraycopy(r.params, 0, params.data(), 0, params.data().length);
      optimizer.restore(r.optimizerState, r.optimizerSteps);
      updater.restoreCounters(r.badSteps, r.badInARow);
      carried = r.carried;
      long inTasks = 0;
      for (SegmentResult.Step s : r.steps) {
        inTasks += s.wallNanos();
      }
      long latency = System.nanoTime() - t0 - inTasks;
      if (segmentNanos < 0) {
        segmentLength = BarrierSegment.lengthAfter(latency);
      }
      for (int i = 0; i < r.steps.size(); i++) {
        SegmentResult.Step s = r.steps.get(i);
        StepPlan.Step step = pending.pollFirst();
        StepStats stats = s.stats();
        StepDiagnostics diag = diagnostics.step(step.index(), null, null, stats.items(),
            stats.gradNorm(), stats.skipped() && stats.items() > 0 ? stats.problem() : null,
            s.badInARow());
        finish(step, stats, s.wallNanos() + (i == 0 ? latency : 0), s.maxComputeNanos(),
            s.meanComputeNanos(), s.examples(), s.wireBytes(), s.badSteps(), diag, "barrier",
            i == 0 ? latency : -1, pending.isEmpty() && !plan.hasNext());
      }
      if (r.diverged != null) {
        throw new TrainingDivergedException(r.diverged);
      }
    }

    /**
     * Every task's replica ended the segment in partition 0's state, and partition 0's state
     * arrived as it was: else training stops here, before the driver takes the state over.
     */
    private void checkReplicas(List<SegmentResult> replicas, List<StepPlan.Step> steps) {
      SegmentResult first = replicas.get(0);
      long received = StateDigest.of(first.params, first.optimizerState, first.optimizerSteps,
          first.badSteps, first.badInARow);
      String where = "barrier segment of steps " + (steps.get(0).index() + 1) + "-"
          + (steps.get(steps.size() - 1).index() + 1);
      if (received != first.digest) {
        throw new IllegalStateException(where + ": partition 0's state changed on its way to the "
            + "driver (digest " + Long.toHexString(first.digest) + " sent, "
            + Long.toHexString(received) + " received)");
      }
      for (SegmentResult other : replicas) {
        if (other.digest != first.digest) {
          throw new IllegalStateException(where + ": the replica of partition " + other.partition
              + " ended in another state than partition 0's (digest "
              + Long.toHexString(other.digest) + " vs " + Long.toHexString(first.digest)
              + "); the replicas must stay identical, so training stops here");
        }
      }
    }

    /**
     * Logs a step that ran ({@code sync}: job or barrier; {@code wireBytes}: what its partitions'
     * gradient sums took on the wire; {@code segmentNanos}: on a barrier segment's first step, the
     * segment job's time outside its steps, its start and end, else −1); validates and
     * checkpoints when due.
     */
    private void finish(StepPlan.Step step, StepStats stats, long wall, long maxComputeNanos,
        long meanComputeNanos, long examples, long wireBytes, long badSteps,
        StepDiagnostics diag, String sync, long segmentNanos, boolean last) throws IOException {
      history.add(stats);
      timings.add(new Timing(wall, maxComputeNanos, meanComputeNanos, sync));
      ObjectNode record = metricsRecord(metrics, stats, wall, maxComputeNanos, meanComputeNanos,
          examples);
      record.put("bad_steps", badSteps);
      record.put("exchange_bytes", wireBytes);
      record.put("sync", sync);
      if (segmentNanos >= 0) {
        record.put("segment_ms", segmentNanos / 1e6);
      }
      MetricsLog.putDiagnostics(record, diag);
      long done = step.index() + 1;
      if (cadence.validateAfter(done)) {
        validate(valShards, params, record);
      }
      metrics.write(record);
      progress.step(stats, wall, record);
      progress.warnings(diag);
      if (cadence.checkpointAfter(done, last)) {
        checkpoints.save(done, model, train, params, updater, carried, provenance);
      }
    }
  }

  private GradientSum distributedGradient(JavaRDD<ExampleShard> shards, Params params,
      StepPlan.Step step, Map<Long, double[]> carried, boolean diagnose) {
    Broadcast<double[]> weights = sc.broadcast(params.data().clone());
    Broadcast<Map<Long, double[]>> state = carried == null ? null : sc.broadcast(carried);
    try {
      StepTask task = new StepTask(model, train.precision(), step, weights, state, diagnose);
      return OrderedSum.sum(shards, task, options.fanIn());
    } finally {
      weights.destroy();
      if (state != null) {
        state.destroy();
      }
    }
  }

  private void validate(JavaRDD<ExampleShard> valShards, Params params, ObjectNode record) {
    sc.setJobDescription("spark-rnn validation");
    int window = train.window(); // long sequences (streams) window by window, state carried
    Evaluator.Sum total = Inference.sum(valShards.flatMap(shard -> List.of(shard.all()).iterator()),
        model, params.data().clone(), train.batchSize(), Evaluator.Sum::new,
        (sum, net, p, batch) -> Evaluator.evaluate(net, p, batch, batch.size(), sum, window),
        Evaluator.Sum::add);
    double units = (double) total.items * model.loss().unitsPerItem(model.outputSize());
    double loss = total.loss / Math.max(units, 1);
    record.put("val_loss", loss);
    record.put("val_bits", loss / Math.log(2));
    if (model.loss().classTargets) {
      record.put("val_accuracy", total.correct / (double) Math.max(total.items, 1));
      record.put("val_perplexity", Math.exp(loss));
    }
  }

  private static ObjectNode metricsRecord(MetricsLog metrics, StepStats s, long wallNanos,
      long maxComputeNanos, long meanComputeNanos, long examples) {
    ObjectNode r = metrics.newRecord();
    double seconds = wallNanos / 1e9;
    r.put("step", s.step());
    r.put("epoch", s.epoch());
    r.put("loss", s.loss());
    if (s.penalty() != 0) {
      r.put("penalty", s.penalty());
    }
    r.put("grad_norm", s.gradNorm());
    r.put("clipped", s.clipped());
    r.put("clip_coef", s.clipCoef());
    r.put("lr", s.lr());
    r.put("items", s.items());
    r.put("tokens", s.steps());
    r.put("tokens_per_s", s.steps() / seconds);
    r.put("examples", examples);
    r.put("examples_per_s", examples / seconds);
    r.put("step_ms", wallNanos / 1e6);
    r.put("max_task_compute_ms", maxComputeNanos / 1e6);
    r.put("mean_task_compute_ms", meanComputeNanos / 1e6);
    r.put("skipped", s.skipped());
    if (s.problem() != null) {
      r.put("problem", s.problem());
    }
    r.put("wall_time", System.currentTimeMillis() / 1000.0);
    return r;
  }

  private static int[] lengthsById(JavaRDD<ExampleShard> shards) {
    List<long[]> pairs = shards.flatMap(s -> {
      List<long[]> out = new ArrayList<>(s.size());
      for (Example e : s.all()) {
        out.add(new long[] {e.id(), e.length()});
      }
      return out.iterator();
    }).collect();
    int[] lengths = new int[pairs.size()];
    boolean[] seen = new boolean[pairs.size()];
    for (long[] p : pairs) {
      if (p[0] < 0 || p[0] >= lengths.length || seen[(int) p[0]]) {
        throw new IllegalArgumentException("example ids must be 0.." + (lengths.length - 1)
            + " without repeats; found " + p[0]);
      }
      seen[(int) p[0]] = true;
      lengths[(int) p[0]] = (int) p[1];
    }
    return lengths;
  }

  private long countSteps(int[] lengths) {
    StepPlan counter = new StepPlan(lengths, train);
    long n = 0;
    while (counter.hasNext()) {
      counter.next();
      n++;
    }
    return n;
  }
}
