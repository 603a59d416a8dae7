package org.sparkrnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sparkrnn.model.CellType;
import org.sparkrnn.model.Example;
import org.sparkrnn.model.InitConfig;
import org.sparkrnn.model.Initializer;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.model.Params;
import org.sparkrnn.train.LocalTrainer;
import org.sparkrnn.train.StepStats;
import org.sparkrnn.train.TrainConfig;

/**
 * train.precision=f32: the products really run in single precision (the model differs from the
 * f64 one, by about float rounding), training follows the f64 run closely, and the Spark trainer
 * with one partition does exactly what LocalTrainer does.
 */
class SinglePrecisionTest {
  @RegisterExtension
  static final LocalSpark SPARK = new LocalSpark("local[2]");

  @Test
  void singlePrecisionTrainsLikeDoubleAndSparkMatchesLocal() {
    ModelConfig model = SparkTrainerTest.model(CellType.LSTM);
    List<Example> data = SparkTrainerTest.corpus(57, 1);
    Params init = Initializer.initialize(model, InitConfig.defaults(), 9);
    TrainConfig f64 = SparkTrainerTest.train().build();
    TrainConfig f32 = SparkTrainerTest.train().precision("f32").build();

    Params double64 = init.copy();
    List<StepStats> h64 = new LocalTrainer(model, f64).train(data, double64, null);
    Params single = init.copy();
    List<StepStats> h32 = new LocalTrainer(model, f32).train(data, single, null);

    double err = SparkTrainerTest.relativeError(single.data(), double64.data());
    assertTrue(err > 1e-12, "f32 gave the f64 model bit for bit: the products were not in float");
    assertTrue(err < 1e-4, "f32 drifted from f64 by " + err);
    for (int s = 0; s < h64.size(); s++) {
      double a = h64.get(s).loss();
      double b = h32.get(s).loss();
      assertEquals(a, b, 1e-5 * Math.abs(a), "loss at step " + s);
    }

    SparkTrainer.Result r = new SparkTrainer(SPARK.context(), model, f32, SparkRunOptions.of(1))
        .train(SPARK.context().parallelize(data, 3), null, init);
    assertEquals(0.0, SparkTrainerTest.relativeError(r.params().data(), single.data()),
        "Spark with one partition must do exactly LocalTrainer's float products");
  }
}
