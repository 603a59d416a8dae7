package org.sparkrnn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.Example;
import org.sparkrnn.model.InitConfig;
import org.sparkrnn.model.Initializer;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.OutputMode;
import org.sparkrnn.model.Params;
import org.sparkrnn.train.LocalTrainer;
import org.sparkrnn.train.StepStats;
import org.sparkrnn.train.TrainConfig;
import org.sparkrnn.train.TrainingDivergedException;
import scala.Tuple2;

/** The distributed trainer against LocalTrainer, in a real local[2] SparkSession. */
class SparkTrainerTest {
  @RegisterExtension
  static final LocalSpark SPARK = new LocalSpark("local[2]");

  static ModelConfig model(CellType cell) {
    return ModelConfig.builder().cell(cell).vocabSize(7).hiddenSize(12).outputSize(7).build();
  }

  /** Token sequences of varied lengths (3..16), next-token targets. */
  static List<Example> corpus(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int len = 3 + r.nextInt(14);
      int[] tokens = new int[len];
      int[] next = new int[len];
      for (int t = 0; t < len; t++) {
        tokens[t] = r.nextInt(7);
      }
      for (int t = 0; t < len; t++) {
        next[t] = t + 1 < len ? tokens[t + 1] : (tokens[t] + 1) % 7;
      }
      out.add(Example.ofTokens(i, tokens, next));
    }
    return out;
  }

  static TrainConfig.Builder train() {
    // clip at 0.05: active on most of the 20 steps, so clipping is part of what is compared
    return TrainConfig.builder().batchSize(10).maxSteps(20).epochs(0).clip("norm", 0.05)
        .learningRate(0.01).seed(5);
  }

  static double relativeError(double[] a, double[] b) {
    return org.sparkrnn.train.GradientCheck.relativeError(a, b);
  }

  @ParameterizedTest
  @EnumSource(value = CellType.class, names = {"ELMAN", "LSTM", "GRU"})
  void sameModelForAnyPartitionCountAsLocalTrainer(CellType cell) {
    ModelConfig model = model(cell);
    TrainConfig train = train().build();
    List<Example> data = corpus(57, 1);
    Params init = Initializer.initialize(model, InitConfig.defaults(), 9);
    Params local = init.copy();
    List<StepStats> localHistory = new LocalTrainer(model, train).train(data, local, null);
    assertTrue(localHistory.stream().filter(StepStats::clipped).count() >= 10,
        "clipping should be active on most steps");
    for (int n : new int[] {1, 2, 3, 7}) {
      SparkTrainer.Result r = new SparkTrainer(SPARK.context(), model, train, SparkRunOptions.of(n))
          .train(SPARK.context().parallelize(data, 4), null, init);
      assertEquals(20, r.stepsRun());
      double err = relativeError(r.params().data(), local.data());
      assertTrue(err <= 1e-9, cell + " with " + n + " partitions differs from LocalTrainer by " + err);
    }
  }

  @Test
  void gradientSumTreeOfSeveralLevelsGivesTheSameModel() {
    ModelConfig model = model(CellType.GRU);
    TrainConfig train = train().build();
    List<Example> data = corpus(57, 1);
    Params init = Initializer.initialize(model, InitConfig.defaults(), 9);
    Params local = init.copy();
    new LocalTrainer(model, train).train(data, local, null);
    // 7 partitions with fan-in 2: two shuffle levels (7 -> 4 -> 2) before the driver adds
    SparkTrainer.Result r = new SparkTrainer(SPARK.context(), model, train, SparkRunOptions.of(7).withFanIn(2))
        .train(SPARK.context().parallelize(data, 4), null, init);
    assertEquals(20, r.stepsRun());
    double err = relativeError(r.params().data(), local.data());
    assertTrue(err <= 1e-9, "a fan-in 2 tree differs from LocalTrainer by " + err);
    assertTrue(relativeError(r.params().data(), init.data()) > 1e-6, "the model did not train");
  }

  @Test
  void emptyAndVeryUnequalPartitions() {
    ModelConfig model = model(CellType.LSTM);
    TrainConfig train = train().build();
    List<Example> data = corpus(40, 2);
    Params init = Initializer.initialize(model, InitConfig.defaults(), 3);
    Params local = init.copy();
    new LocalTrainer(model, train).train(data, local, null);
    // partition 0 gets 36 examples, partition 3 four, partitions 1, 2 and 4 nothing
    JavaRDD<Example> skewed = SPARK.context().parallelize(data, 3)
        .mapToPair(e -> new Tuple2<>(e.id(), e))
        .partitionBy(new Skewed())
        .values();
    List<Integer> sizes = skewed.glom().map(List::size).collect();
    assertEquals(List.of(36, 0, 0, 4, 0), sizes);
    SparkTrainer.Result r = new SparkTrainer(SPARK.context(), model, train, SparkRunOptions.of(5))
        .train(skewed, null, init);
    assertTrue(relativeError(r.params().data(), local.data()) <= 1e-9);
  }

  static final class Skewed extends Partitioner {
    @Override
    public int numPartitions() {
      return 5;
    }

    @Override
    public int getPartition(Object key) {
      return (Long) key % 10 == 9 ? 3 : 0;
    }
  }

  @Test
  void truncatedBpttWithCarriedStateMatchesLocalTrainer() {
    ModelConfig model = ModelConfig.builder().cell(CellType.GRU).vocabSize(7).hiddenSize(10)
        .outputSize(7).truncateSteps(3).build();
    TrainConfig train = train().window(5).maxSteps(0).epochs(2).build();
    List<Example> data = corpus(23, 4);
    Params init = Initializer.initialize(model, InitConfig.defaults(), 4);
    Params local = init.copy();
    List<StepStats> h = new LocalTrainer(model, train).train(data, local, null);
    SparkTrainer.Result r = new SparkTrainer(SPARK.context(), model, train, SparkRunOptions.of(3))
        .train(SPARK.context().parallelize(data, 2), null, init);
    assertEquals(h.size(), r.stepsRun());
    assertTrue(relativeError(r.params().data(), local.data()) <= 1e-9);
  }

  @Test
  void manyToOneWithValidationAndMetrics(@TempDir Path out) throws IOException {
    ModelConfig model = ModelConfig.builder().cell(CellType.LSTM).vocabSize(7).hiddenSize(8)
        .outputSize(3).mode(OutputMode.MANY_TO_ONE).build();
    List<Example> data = new ArrayList<>();
    for (Example e : corpus(60, 6)) {
      data.add(Example.ofTokens(e.id(), e.tokens(), new int[] {e.tokens()[0] % 3}));
    }
    TrainConfig train = train().maxSteps(12).build();
    Params init = Initializer.initialize(model, InitConfig.defaults(), 1);
    SparkRunOptions opts = SparkRunOptions.of(2).withOutput(out.toString(), 5, 2).withValidation(4);
    new SparkTrainer(SPARK.context(), model, train, opts).train(SPARK.context().parallelize(data), SPARK.context().parallelize(data.subList(0, 20)), init);
    List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
    assertEquals(13, lines.size(), "a validation before training, then 12 steps");
    ObjectMapper json = new ObjectMapper();
    JsonNode before = json.readTree(lines.get(0));
    assertEquals(-1, before.get("step").asInt());
    assertTrue(before.has("val_loss"), lines.get(0));
    lines = lines.subList(1, lines.size());
    JsonNode first = json.readTree(lines.get(0));
    for (String key : new String[] {"step", "epoch", "loss", "grad_norm", "clipped", "lr",
        "tokens_per_s", "examples_per_s", "step_ms", "max_task_compute_ms",
        "mean_task_compute_ms"}) {
      assertTrue(first.has(key), "metrics lack " + key + ": " + lines.get(0));
    }
    for (String line : lines) {
      JsonNode step = json.readTree(line);
      double mean = step.get("mean_task_compute_ms").asDouble();
      assertTrue(mean > 0 && mean <= step.get("max_task_compute_ms").asDouble(), line);
    }
    JsonNode fourth = json.readTree(lines.get(3));
    assertTrue(fourth.has("val_loss") && fourth.has("val_accuracy"), lines.get(3));
    // checkpoints at 5, 10 and the end (12); two kept
    try (var dirs = Files.list(out.resolve("checkpoints"))) {
      assertEquals(List.of("step-00000010", "step-00000012"),
          dirs.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void resumedRunIsBitIdenticalToUninterruptedRun(@TempDir Path a, @TempDir Path b) {
    ModelConfig model = model(CellType.LSTM);
    List<Example> data = corpus(31, 8);
    Params init = Initializer.initialize(model, InitConfig.defaults(), 2);
    TrainConfig full = train().maxSteps(30).build();
    SparkTrainer.Result straight = new SparkTrainer(SPARK.context(), model, full,
        SparkRunOptions.of(3).withOutput(a.toString(), 10, 3)).train(SPARK.context().parallelize(data), null, init);
    // first half stops at 15; the second run resumes from checkpoint 15 and goes to 30
    new SparkTrainer(SPARK.context(), model, train().maxSteps(15).build(),
        SparkRunOptions.of(3).withOutput(b.toString(), 10, 3)).train(SPARK.context().parallelize(data), null, init);
    SparkTrainer.Result resumed = new SparkTrainer(SPARK.context(), model, full,
        SparkRunOptions.of(3).withOutput(b.toString(), 10, 3).withResume(true))
        .train(SPARK.context().parallelize(data), null, init);
    assertEquals(15, resumed.stepsRun());
    assertArrayEquals(straight.params().data(), resumed.params().data());
  }

  @Test
  void nonFiniteGradientsAreSkippedThenStopTraining() {
    ModelConfig model = ModelConfig.builder().cell(CellType.ELMAN).inputSize(2).hiddenSize(4)
        .outputSize(2).build();
    List<Example> data = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      double v = i == 3 ? Double.NaN : 0.5;
      data.add(Example.ofFeatures(i, 2, new double[] {v, 1, 0, v}, new int[] {0, 1}, null));
    }
    Params init = Initializer.initialize(model, InitConfig.defaults(), 2);
    // batches of 2: one of the four batches per epoch holds the NaN example
    SparkTrainer.Result r = new SparkTrainer(SPARK.context(), model, train().batchSize(2).maxSteps(4).maxBadSteps(2).build(),
        SparkRunOptions.of(2)).train(SPARK.context().parallelize(data), null, init);
    assertEquals(1, r.history().stream().filter(StepStats::skipped).count());
    for (double p : r.params().data()) {
      assertTrue(Double.isFinite(p));
    }
    List<Example> allBad = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      allBad.add(Example.ofFeatures(i, 1, new double[] {Double.NaN, 1}, new int[] {0}, null));
    }
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> new SparkTrainer(SPARK.context(), model, train().batchSize(1).maxSteps(4).maxBadSteps(3).build(),
            SparkRunOptions.of(2)).train(SPARK.context().parallelize(allBad), null, init));
    assertTrue(e.getMessage().contains("3 steps in a row"), e.getMessage());
  }
}
