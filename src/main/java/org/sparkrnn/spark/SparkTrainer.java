package org.sparkrnn.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.sparkrnn.diag.Diagnostics;
import org.sparkrnn.diag.Spectral;
import org.sparkrnn.diag.StepDiagnostics;
import org.sparkrnn.model.Example;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Network;
import org.sparkrnn.model.ParamLayout;
import org.sparkrnn.model.Params;
import org.sparkrnn.train.Evaluator;
import org.sparkrnn.train.GradientSum;
import org.sparkrnn.train.StepPlan;
import org.sparkrnn.train.StepStats;
import org.sparkrnn.train.TrainConfig;
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

  /** A step's wall time on the driver and the compute time of its slowest task, nanoseconds. */
  public record Timing(long wallNanos, long maxTaskComputeNanos) {}

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

  private JavaRDD<ExampleShard> shard(JavaRDD<Example> data) {
    JavaRDD<Example> parts = data.getNumPartitions() == options.partitions()
        ? data : data.repartition(options.partitions());
    JavaRDD<ExampleShard> shards = parts
        .mapPartitions(it -> List.of(new ExampleShard(it)).iterator(), true)
        .setName("spark-rnn examples");
    shards.persist(options.storage());
    return shards;
  }

  /** The provenance stored with the newest checkpoint under {@code outputDir}, or null. */
  public static Map<String, String> checkpointProvenance(JavaSparkContext sc, String outputDir)
      throws IOException {
    return new Checkpoints(outputDir, sc.hadoopConfiguration(), 1).latestProvenance();
  }

  private Result run(JavaRDD<ExampleShard> shards, JavaRDD<ExampleShard> valShards, Params initial,
      Map<String, String> provenance) throws IOException {
    int[] lengths = lengthsById(shards);
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
    List<StepStats> history = new ArrayList<>();
    List<Timing> timings = new ArrayList<>();
    Progress progress = new Progress(options.progress(), totalSteps, start);
    Diagnostics diagnostics = new Diagnostics(train.diagnostics(), model);
    long ran = 0;
    try (MetricsLog metrics = MetricsLog.open(options.outputDir(), sc.hadoopConfiguration(), start)) {
      if (valShards != null && start == 0) {
        ObjectNode before = metrics.newRecord();
        before.put("step", -1);
        validate(valShards, params, before);
        metrics.write(before);
        progress.initial(before);
      }
      while (plan.hasNext()) {
        StepPlan.Step step = plan.next();
        long t0 = System.nanoTime();
        sc.setJobDescription("spark-rnn step " + (step.index() + 1) + "/" + totalSteps
            + ", epoch " + (step.epoch() + 1));
        boolean diagnose = diagnostics.due(step.index());
        GradientSum sum = distributedGradient(shards, params, step, carried, diagnose);
        Spectral spectral = diagnose ? diagnostics.spectral(params) : null;
        StepStats stats = updater.apply(params, sum, step.index(), step.epoch());
        StepDiagnostics diag = diagnostics.step(step.index(), spectral, sum.diagnostics, sum.items,
            stats.gradNorm(), stats.skipped() && stats.items() > 0 ? stats.problem() : null,
            updater.badInARow());
        carried = step.lastWindow() ? null : sum.states;
        long wall = System.nanoTime() - t0;
        history.add(stats);
        timings.add(new Timing(wall, sum.maxComputeNanos));
        ran++;
        ObjectNode record = metricsRecord(metrics, stats, wall, sum);
        record.put("bad_steps", updater.badSteps());
        MetricsLog.putDiagnostics(record, diag);
        long done = step.index() + 1;
        if (valShards != null && (done == totalSteps
            || options.validateEvery() > 0 && done % options.validateEvery() == 0)) {
          validate(valShards, params, record);
        }
        metrics.write(record);
        progress.step(stats, wall, record);
        progress.warnings(diag);
        if (checkpoints != null && (done == totalSteps || !plan.hasNext()
            || options.checkpointEvery() > 0 && done % options.checkpointEvery() == 0)) {
          checkpoints.save(done, model, train, params, updater, carried, provenance);
        }
      }
    }
    sc.setJobDescription(null);
    progress.finish();
    return new Result(params, history, ran, timings);
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
    Broadcast<double[]> weights = sc.broadcast(params.data().clone());
    ModelConfig cfg = model;
    int batch = train.batchSize();
    try {
      sc.setJobDescription("spark-rnn validation");
      List<Evaluator.Sum> parts = valShards.map(shard -> {
        Network net = NetworkCache.get(cfg);
        return Evaluator.evaluate(net, new Params(net.layout(), weights.value()),
            List.of(shard.all()), batch);
      }).collect();
      Evaluator.Sum total = new Evaluator.Sum();
      parts.forEach(total::add);
      double units = (double) total.items * model.loss().unitsPerItem(model.outputSize());
      double loss = total.loss / Math.max(units, 1);
      record.put("val_loss", loss);
      if (model.loss().classTargets) {
        record.put("val_accuracy", total.correct / (double) Math.max(total.items, 1));
        record.put("val_perplexity", Math.exp(loss));
      }
    } finally {
      weights.destroy();
    }
  }

  private ObjectNode metricsRecord(MetricsLog metrics, StepStats s, long wallNanos, GradientSum sum) {
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
    r.put("examples", sum.examples);
    r.put("examples_per_s", sum.examples / seconds);
    r.put("step_ms", wallNanos / 1e6);
    r.put("max_task_compute_ms", sum.maxComputeNanos / 1e6);
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
