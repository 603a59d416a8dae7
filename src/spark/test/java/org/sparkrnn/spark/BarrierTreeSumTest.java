package org.sparkrnn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.Example;
import org.sparkrnn.model.InitConfig;
import org.sparkrnn.model.Initializer;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Params;
import org.sparkrnn.train.TrainConfig;

/**
 * More partitions than the fan-in, in a real local[8] SparkSession (a task slot for each of 7
 * barrier tasks): the driver's exchange adds the barrier tasks' sums with the jobs path's tree
 * (7 -> 4 -> 2 -> total with fan-in 2), not left to right, so the models agree bit for bit.
 */
class BarrierTreeSumTest {
  @RegisterExtension
  static final LocalSpark SPARK = new LocalSpark("local[8]");

  @Test
  void barrierRunAddsLikeTheJobsTree() {
    ModelConfig model = SparkTrainerTest.model(CellType.GRU);
    TrainConfig train = SparkTrainerTest.train().build();
    List<Example> data = SparkTrainerTest.corpus(57, 1);
    Params init = Initializer.initialize(model, InitConfig.defaults(), 9);
    SparkTrainer.Result jobs = new SparkTrainer(SPARK.context(), model, train,
        SparkRunOptions.of(7).withFanIn(2).withSync(SyncMode.JOBS)).train(SPARK.context().parallelize(data, 4), null, init);
    SparkTrainer.Result barrier = new SparkTrainer(SPARK.context(), model, train,
        SparkRunOptions.of(7).withFanIn(2).withSync(SyncMode.BARRIER)).train(SPARK.context().parallelize(data, 4), null, init);
    assertEquals(20, barrier.stepsRun());
    assertArrayEquals(jobs.params().data(), barrier.params().data());
    assertEquals(jobs.history(), barrier.history());
    // with a flat left-to-right sum the result would differ in the last bits
    SparkTrainer.Result flat = new SparkTrainer(SPARK.context(), model, train,
        SparkRunOptions.of(7).withFanIn(8).withSync(SyncMode.BARRIER)).train(SPARK.context().parallelize(data, 4), null, init);
    assertTrue(!Arrays.equals(jobs.params().data(), flat.params().data()),
        "fan-in 8 and fan-in 2 gave the same bits: the test cannot tell the orders apart");
  }
}
