package org.sparkrnn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
import org.sparkrnn.train.TrainConfig;

/**
 * Bidirectional models under the distributed trainer, on sequences of different lengths: the
 * same model for any partition count as LocalTrainer, and a resumed run bit-identical to an
 * uninterrupted one.
 */
class BidirectionalSparkTest {
  @RegisterExtension
  static final LocalSpark SPARK = new LocalSpark("local[2]");

  /** A 2-layer bidirectional many-to-one classifier of 3-feature sequences. */
  private static ModelConfig model(CellType cell) {
    return ModelConfig.builder().cell(cell).inputSize(3).hiddenSize(8).outputSize(3).layers(2)
        .mode(OutputMode.MANY_TO_ONE).bidirectional(true).build();
  }

  /** Sequences of 2..12 steps; the class is where the largest first feature sits (early, middle, late). */
  private static List<Example> sequences(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int len = 2 + r.nextInt(11);
      double[] x = new double[len * 3];
      int argmax = 0;
      for (int t = 0; t < len; t++) {
        for (int j = 0; j < 3; j++) {
          x[t * 3 + j] = r.nextGaussian();
        }
        if (x[t * 3] > x[argmax * 3]) {
          argmax = t;
        }
      }
      out.add(Example.ofFeatures(i, len, x, new int[] {3 * argmax / len}, null));
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(value = CellType.class, names = {"ELMAN", "LSTM", "GRU"})
  void sameModelForAnyPartitionCountAsLocalTrainer(CellType cell) {
    ModelConfig model = model(cell);
    TrainConfig train = SparkTrainerTest.train().build();
    List<Example> data = sequences(57, 1);
    Params init = Initializer.initialize(model, InitConfig.defaults(), 9);
    Params local = init.copy();
    new LocalTrainer(model, train).train(data, local, null);
    assertTrue(SparkTrainerTest.relativeError(local.data(), init.data()) > 1e-3, "training moved");
    for (int n : new int[] {1, 3}) {
      SparkTrainer.Result r = new SparkTrainer(SPARK.context(), model, train, SparkRunOptions.of(n))
          .train(SPARK.context().parallelize(data, 4), null, init);
      assertEquals(20, r.stepsRun());
      double err = SparkTrainerTest.relativeError(r.params().data(), local.data());
      assertTrue(err <= 1e-9, cell + " with " + n + " partitions differs from LocalTrainer by " + err);
    }
  }

  @Test
  void resumedRunIsBitIdenticalToUninterruptedRun(@TempDir Path a, @TempDir Path b) {
    ModelConfig model = model(CellType.LSTM);
    List<Example> data = sequences(31, 8);
    Params init = Initializer.initialize(model, InitConfig.defaults(), 2);
    TrainConfig full = SparkTrainerTest.train().maxSteps(30).build();
    SparkTrainer.Result straight = new SparkTrainer(SPARK.context(), model, full,
        SparkRunOptions.of(3).withOutput(a.toString(), 10, 3))
        .train(SPARK.context().parallelize(data), null, init);
    new SparkTrainer(SPARK.context(), model, SparkTrainerTest.train().maxSteps(15).build(),
        SparkRunOptions.of(3).withOutput(b.toString(), 10, 3))
        .train(SPARK.context().parallelize(data), null, init);
    SparkTrainer.Result resumed = new SparkTrainer(SPARK.context(), model, full,
        SparkRunOptions.of(3).withOutput(b.toString(), 10, 3).withResume(true))
        .train(SPARK.context().parallelize(data), null, init);
    assertEquals(15, resumed.stepsRun());
    assertArrayEquals(straight.params().data(), resumed.params().data());
  }
}
