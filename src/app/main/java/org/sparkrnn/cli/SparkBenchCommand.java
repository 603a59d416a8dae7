package org.sparkrnn.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.Example;
import org.sparkrnn.model.InitConfig;
import org.sparkrnn.model.Initializer;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Params;
import org.sparkrnn.spark.SparkRunOptions;
import org.sparkrnn.spark.SyncMode;
import org.sparkrnn.spark.SparkTrainer;
import org.sparkrnn.spark.Sparks;
import org.sparkrnn.train.LocalTrainer;
import org.sparkrnn.train.TrainConfig;

/**
 * {@code bench-spark}: the same character model trained by LocalTrainer in one thread and by the
 * Spark trainer on a master (default local[2]), same data, seed and global batch; prints tokens/s
 * of both, the speed-up, and the share of a Spark step that is not task compute.
 */
public final class SparkBenchCommand implements Command {
  private static final List<Options.Spec> OPTIONS = List.of(
      Options.valued("--master", "URL", "local[2]", "Spark master"),
      Options.valued("--partitions", "N[,N…]", "2", "partitions of the examples; several: one "
          + "run each, and each count's tokens/s against the first's"),
      Options.valued("--rounds", "R", "1", "with several partition counts, R rounds of one run "
          + "each, in turns (the order reversed every other round); prints the median ratio"),
      Options.valued("--model", "elman|lstm|gru", "lstm", "recurrent cell"),
      Options.valued("--hidden", "H", "256", "hidden size"),
      Options.valued("--seq", "T", "64", "steps per sequence"),
      Options.valued("--batch", "B", "64", "global batch (sequences per step)"),
      Options.valued("--vocab", "V", "65", "vocabulary"),
      Options.valued("--steps", "N", "20", "timed steps"),
      Options.valued("--warmup", "N", "3", "untimed steps first (the first caches the data)"),
      Options.valued("--precision", "f64|f32", "f64", "precision of the dense products (train.precision)"),
      Options.valued("--sync", "auto|jobs|barrier", "auto", "how steps synchronize (spark.sync)"),
      Options.flag("--no-local", "skip the LocalTrainer run (on a cluster, the driver's own speed"
          + " is not the question)"));

  @Override
  public String name() {
    return "bench-spark";
  }

  @Override
  public String summary() {
    return "Spark trainer vs LocalTrainer tokens/s, and the Spark overhead share of a step";
  }

  @Override
  public String usage() {
    return Options.usage("spark-rnn bench-spark [options]", """
        Trains one character model twice on the same random tokens, seed and global batch:
        LocalTrainer in this thread, then the Spark trainer on --master with --partitions.
        Prints tokens/s of both, their ratio, and for Spark the share of a step's wall time
        that is not the slowest task's compute (scheduling, broadcast, serialization,
        aggregation, the driver's update) and the share spent waiting for the slowest task.
        With several partition counts (e.g. --partitions 1,2 --rounds 3 on a cluster of two
        one-core executors) the runs take turns, so a machine whose speed drifts over minutes
        compares runs that were next to each other.
        """, OPTIONS);
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Options o = Options.parse(name(), OPTIONS, args);
    HeapPeak.watch();
    List<Integer> partitionCounts = o.integers("--partitions", 1, 1 << 16);
    int rounds = o.integer("--rounds", 1, 1000);
    int hidden = o.integer("--hidden", 1, 1 << 14);
    int seq = o.integer("--seq", 1, 1 << 16);
    int batch = o.integer("--batch", 1, 1 << 16);
    int vocab = o.integer("--vocab", 2, 1 << 20);
    int steps = o.integer("--steps", 1, 1 << 20);
    int warmup = o.integer("--warmup", 0, 1 << 20);
    String sync = o.choice("--sync", "auto", "jobs", "barrier");
    ModelConfig model = ModelConfig.builder().cell(CellType.parse(o.choice("--model", "elman", "lstm", "gru")))
        .vocabSize(vocab).hiddenSize(hidden).outputSize(vocab).build();
    long count = (long) (steps + warmup) * batch;
    Params init = Initializer.initialize(model, InitConfig.defaults(), 1);

    TrainConfig train = TrainConfig.builder().batchSize(batch).epochs(0).maxSteps(warmup + steps)
        .seed(1).precision(o.choice("--precision", "f64", "f32")).build();
    double localTps = o.flag("--no-local") ? Double.NaN : localTokensPerSecond(model, train,
        randomTokens(0, count, seq, vocab), init, warmup, steps, batch, seq);

    SparkSession spark = Sparks.session(o.require("--master"), "spark-rnn bench-spark");
    try {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      out.printf("model %s V=%d H=%d T=%d, global batch %d, %d timed steps (+%d warm-up)%n",
          model.cell().key(), vocab, hidden, seq, batch, steps, warmup);
      if (!Double.isNaN(localTps)) {
        out.printf("LocalTrainer, 1 thread:           %,10.0f tokens/s%n", localTps);
      }
      int runs = partitionCounts.size() > 1 ? rounds : 1;
      if (partitionCounts.size() > 1 && warmup > 0) {
        // a round's first count would otherwise meet executors the JIT has not compiled for yet
        int most = Collections.max(partitionCounts);
        TrainConfig warm = TrainConfig.builder().batchSize(batch).epochs(0).maxSteps(warmup)
            .seed(1).precision(train.precision()).build();
        new SparkTrainer(sc, model, warm, SparkRunOptions.of(most).withSync(SyncMode.parse(sync)))
            .train(generated(sc, (long) warmup * batch, most, seq, vocab), null, init.copy());
        out.printf("warm-up: %d untimed steps on %d partitions, so every executor has run the "
            + "code%n", warmup, most);
      }
      List<Map<Integer, RunTiming>> timings = new ArrayList<>();
      for (int round = 0; round < runs; round++) {
        List<Integer> order = new ArrayList<>(partitionCounts);
        if (round % 2 == 1) {
          Collections.reverse(order);
        }
        if (runs > 1) {
          out.printf("round %d of %d:%n", round + 1, runs);
        }
        Map<Integer, RunTiming> tps = new HashMap<>();
        for (int partitions : order) {
          SparkTrainer.Result r = new SparkTrainer(sc, model, train,
              SparkRunOptions.of(partitions).withSync(SyncMode.parse(sync)))
              .train(generated(sc, count, partitions, seq, vocab), null, init.copy());
          tps.put(partitions, report(out, sc, r, partitions, sync, warmup, steps, batch, seq,
              localTps));
        }
        timings.add(tps);
      }
      printRatios(out, partitionCounts, timings);
      out.println(HeapPeak.describe(sc.isLocal()));
      return 0;
    } finally {
      spark.stop();
    }
  }

  /**
   * One run's timed steps: tokens/s and the sums of the steps' wall time, slowest task's compute
   * and the tasks' mean compute, nanoseconds.
   */
  private record RunTiming(double tokensPerSecond, long wall, long slowest, long mean) {}

  /** Prints one Spark run's lines; returns its timed steps' figures. */
  private static RunTiming report(PrintStream out, JavaSparkContext sc, SparkTrainer.Result r,
      int partitions, String sync, int warmup, int steps, int batch, int seq, double localTps) {
    long wall = 0;
    long compute = 0;
    long meanCompute = 0;
    Set<String> ran = new TreeSet<>();
    for (SparkTrainer.Timing t : r.timings().subList(warmup, r.timings().size())) {
      wall += t.wallNanos();
      compute += t.maxTaskComputeNanos();
      meanCompute += t.meanTaskComputeNanos();
      ran.add(t.sync().equals("job") ? "jobs" : t.sync());
    }
    String how = sync.equals("auto") ? "auto: " + String.join("+", ran) : sync;
    double sparkTps = (double) steps * batch * seq / (wall / 1e9);
    if (Double.isNaN(localTps)) {
      out.printf("Spark %s, %d partitions: %,10.0f tokens/s%n", sc.master(), partitions, sparkTps);
    } else {
      out.printf("Spark %s, %d partitions: %,10.0f tokens/s  (%.2fx LocalTrainer)%n", sc.master(),
          partitions, sparkTps, sparkTps / localTps);
    }
    out.printf("Spark step (spark.sync=%s): %.1f ms wall, %.1f ms slowest task compute "
        + "(tasks' mean %.1f ms), overhead %.1f%% of the step, waiting for the slowest task "
        + "%.1f%%%n", how, wall / 1e6 / steps, compute / 1e6 / steps,
        meanCompute / 1e6 / steps, 100.0 * (wall - compute) / wall,
        100.0 * (compute - meanCompute) / wall);
    return new RunTiming(sparkTps, wall, compute, meanCompute);
  }

  /**
   * Each partition count's tokens/s against the first count's (b), per round and their median,
   * and the ratio's parts: N/b times the compute's own scaling (b·mean compute at b over N·mean
   * compute at N, 1 when every task computes as fast as at b), the balance (mean over slowest
   * task) and the overhead's (compute share of the step at N over that at b). Their product is
   * the ratio exactly when b's tasks are balanced (b = 1).
   */
  private static void printRatios(PrintStream out, List<Integer> counts,
      List<Map<Integer, RunTiming>> rounds) {
    int base = counts.get(0);
    for (int partitions : counts.subList(1, counts.size())) {
      int n = rounds.size();
      double[][] parts = new double[4][n];
      for (int i = 0; i < n; i++) {
        RunTiming b = rounds.get(i).get(base);
        RunTiming m = rounds.get(i).get(partitions);
        parts[0][i] = m.tokensPerSecond() / b.tokensPerSecond();
        parts[1][i] = (double) base * b.mean() / ((double) partitions * m.mean());
        parts[2][i] = (double) m.mean() / m.slowest();
        parts[3][i] = ((double) m.slowest() / m.wall()) / ((double) b.slowest() / b.wall());
        out.printf("scaling round %d: %d partitions give %.2fx the tokens/s of %d%s%n", i + 1,
            partitions, parts[0][i], base, factors(partitions, base, parts, i));
      }
      double[] median = new double[4];
      double[] min = new double[4];
      double[] max = new double[4];
      for (int k = 0; k < 4; k++) {
        double[] sorted = parts[k].clone();
        Arrays.sort(sorted);
        median[k] = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        min[k] = sorted[0];
        max[k] = sorted[n - 1];
      }
      out.printf("scaling: %d partitions give %.2fx the tokens/s of %d, median of %d round%s "
          + "(%.2f-%.2f)%n", partitions, median[0], base, n, n == 1 ? "" : "s", min[0], max[0]);
      out.printf("scaling parts, medians: compute %.2f (%.2f-%.2f), balance %.2f (%.2f-%.2f), "
          + "overhead %.2f (%.2f-%.2f)%n", median[1], min[1], max[1], median[2], min[2], max[2],
          median[3], min[3], max[3]);
    }
  }

  /** " = N/b x compute x balance x overhead" for round {@code i}. */
  private static String factors(int partitions, int base, double[][] parts, int i) {
    return String.format(" = %s x %.2f compute x %.2f balance x %.2f overhead",
        partitions % base == 0 ? String.valueOf(partitions / base)
            : String.format("%.2f", (double) partitions / base),
        parts[1][i], parts[2][i], parts[3][i]);
  }

  /** LocalTrainer's timed steps: from the end of the last warm-up step to the end of the last. */
  private static double localTokensPerSecond(ModelConfig model, TrainConfig train,
      List<Example> data, Params init, int warmup, int steps, int batch, int seq) {
    List<Long> ends = new ArrayList<>();
    long start = System.nanoTime();
    new LocalTrainer(model, train).train(data, init.copy(), s -> ends.add(System.nanoTime()));
    long from = warmup == 0 ? start : ends.get(warmup - 1);
    return (double) steps * batch * seq / ((ends.get(ends.size() - 1) - from) / 1e9);
  }

  /**
   * The examples made on the executors, each partition its own range of ids: a parallelized list
   * of examples would travel inside every task of every step (its partitions carry the data).
   */
  private static org.apache.spark.api.java.JavaRDD<Example> generated(JavaSparkContext sc, long n,
      int partitions, int seq, int vocab) {
    List<Integer> parts = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      parts.add(p);
    }
    return sc.parallelize(parts, partitions).flatMap(p -> {
      long from = n * p / partitions;
      long to = n * (p + 1) / partitions;
      return randomTokens(from, to, seq, vocab).iterator();
    });
  }

  /** Examples {@code from..to-1}: random tokens from each id's own stream, next-token targets. */
  private static List<Example> randomTokens(long from, long to, int seq, int vocab) {
    List<Example> out = new ArrayList<>();
    for (long i = from; i < to; i++) {
      SplittableRandom r = new SplittableRandom(Initializer.mix(3, i));
      int[] x = new int[seq + 1];
      for (int t = 0; t <= seq; t++) {
        x[t] = r.nextInt(vocab);
      }
      out.add(Example.ofTokens(i, Arrays.copyOf(x, seq), Arrays.copyOfRange(x, 1, seq + 1)));
    }
    return out;
  }
}
