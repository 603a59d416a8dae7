package org.sparkrnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.Example;
import org.sparkrnn.model.InitConfig;
import org.sparkrnn.model.Initializer;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Normalization;
import org.sparkrnn.model.Params;
import org.sparkrnn.train.LocalTrainer;
import org.sparkrnn.train.TrainConfig;

/**
 * The remedies under the distributed trainer: dropout masks (with residual links and layer norm)
 * do not depend on the partition count, so Spark with 1 and 3 partitions equals LocalTrainer;
 * batch norm's training statistics are per partition, so it equals LocalTrainer with one
 * partition and — as the README says — not with three.
 */
class RemediesSparkTest {
  @RegisterExtension
  static final LocalSpark SPARK = new LocalSpark("local[2]");

  private static ModelConfig.Builder model(CellType cell) {
    return ModelConfig.builder().cell(cell).vocabSize(7).hiddenSize(12).outputSize(7).layers(2);
  }

  private static Params train(ModelConfig model, TrainConfig train, List<Example> data,
      Params init, int partitions) {
    if (partitions == 0) {
      Params local = init.copy();
      new LocalTrainer(model, train).train(data, local, null);
      return local;
    }
    SparkTrainer.Result r = new SparkTrainer(SPARK.context(), model, train, SparkRunOptions.of(partitions))
        .train(SPARK.context().parallelize(data, 4), null, init);
    return r.params();
  }

  @ParameterizedTest
  @EnumSource(value = CellType.class, names = {"ELMAN", "LSTM", "GRU"})
  void dropoutResidualLayerNormSameForAnyPartitionCount(CellType cell) {
    ModelConfig model = model(cell).dropout(0.3).residual(true).norm(Normalization.LAYER).build();
    TrainConfig train = SparkTrainerTest.train().window(6).build();
    List<Example> data = SparkTrainerTest.corpus(57, 1);
    Params init = Initializer.initialize(model, InitConfig.defaults(), 9);
    Params local = train(model, train, data, init, 0);
    Params again = train(model, train, data, init, 0);
    assertEquals(0, SparkTrainerTest.relativeError(again.data(), local.data()), "bit-identical rerun");
    Params noDropout = train(model.toBuilder().dropout(0).build(), train, data, init, 0);
    assertTrue(SparkTrainerTest.relativeError(noDropout.data(), local.data()) > 1e-4,
        "dropout changes the result");
    for (int n : new int[] {1, 3}) {
      double err = SparkTrainerTest.relativeError(train(model, train, data, init, n).data(), local.data());
      System.out.printf("remedies %s, %d partitions: relative difference to LocalTrainer %.2e%n", cell, n, err);
      assertTrue(err <= 1e-9, cell + " with " + n + " partitions differs from LocalTrainer by " + err);
    }
  }

  @Test
  void batchNormStatisticsArePerPartition() {
    ModelConfig model = model(CellType.LSTM).norm(Normalization.BATCH).dropout(0.2).build();
    TrainConfig train = SparkTrainerTest.train().build();
    List<Example> data = SparkTrainerTest.corpus(57, 2);
    Params init = Initializer.initialize(model, InitConfig.defaults(), 4);
    Params local = train(model, train, data, init, 0);
    double one = SparkTrainerTest.relativeError(train(model, train, data, init, 1).data(), local.data());
    assertTrue(one <= 1e-9, "1 partition differs from LocalTrainer by " + one);
    double three = SparkTrainerTest.relativeError(train(model, train, data, init, 3).data(), local.data());
    System.out.printf("batch norm: 1 partition %.2e, 3 partitions %.2e relative to LocalTrainer%n", one, three);
    assertTrue(three > 1e-6, "3 partitions normalize over their own members: " + three);
  }
}
