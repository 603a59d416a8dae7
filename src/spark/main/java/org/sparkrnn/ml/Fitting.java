package org.sparkrnn.ml;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.sparkrnn.config.ConfigException;
import org.sparkrnn.config.Settings;
import org.sparkrnn.io.ModelBundle;
import org.sparkrnn.model.InitConfig;
import org.sparkrnn.model.Initializer;
import org.sparkrnn.model.ModelConfig;
import org.sparkrnn.spark.SparkRunOptions;
import org.sparkrnn.spark.SyncMode;
import org.sparkrnn.spark.SparkTrainer;
import org.sparkrnn.train.TrainConfig;

/**
 * Training for the Spark ML stages: the CLI's {@code train} path minus files — settings plus the
 * data's shape give the model, train and init configs, {@link Initializer} the start from the
 * seed, and {@link SparkTrainer} the steps. Same settings and data in the same order give the
 * same parameters as {@code spark-rnn train}.
 */
final class Fitting {
  private Fitting() {}

  /** Reads the training Dataset for a stage. */
  interface Reader {
    TrainingSet read(Dataset<?> dataset);
  }

  /**
   * A stage's fit: its params as settings (checked before any data is read), the Dataset read,
   * trained, and the read data released.
   */
  static TrainedState fit(HasTrainingParams stage, Dataset<?> dataset, Reader reader) {
    Settings settings = RnnSettings.of(stage);
    TrainingSet data = reader.read(dataset);
    try {
      String name = stage.getClass().getSimpleName() + " " + stage.uid();
      Fitted fitted = train(dataset.sparkSession(), settings, data, name);
      return new TrainedState(fitted.bundle(), data.spec, fitted.losses(), name);
    } finally {
      data.release();
    }
  }

  /** The trained model and the training loss of every step (NaN for a skipped step). */
  record Fitted(ModelBundle bundle, double[] losses) {}

  static Fitted train(SparkSession spark, Settings settings, TrainingSet data, String stage) {
    Settings full = RnnSettings.withDataShape(settings, data.spec);
    ModelConfig model;
    TrainConfig train;
    InitConfig init;
    try {
      model = full.toModelConfig();
      train = full.toTrainConfig();
      init = full.toInitConfig();
    } catch (ConfigException e) {
      throw RnnSettings.invalid(e);
    }
    data.spec.check(model);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int partitions = full.getInt("spark.partitions");
    SparkRunOptions run = SparkRunOptions.builder(partitions > 0 ? partitions : sc.defaultParallelism())
        .fanIn(full.getInt("spark.fan_in")).sync(SyncMode.parse(full.getString("spark.sync")))
        .build();
    Map<String, String> provenance = new LinkedHashMap<>(data.spec.toMap());
    provenance.put("source", "Spark ML " + stage + ", " + data.count + " examples");
    SparkTrainer.Result result;
    try {
      result = new SparkTrainer(sc, model, train, run).train(data.examples, null,
          Initializer.initialize(model, init, train.seed()), provenance);
    } catch (Exception e) { // Spark's checked SparkException arrives here too
      throw TrainingSet.dataProblem(e);
    }
    provenance.put("created", Instant.now().toString());
    provenance.put("steps", Long.toString(result.stepsRun()));
    double[] losses = result.history().stream()
        .mapToDouble(h -> h.skipped() ? Double.NaN : h.loss()).toArray();
    return new Fitted(ModelBundle.of(model, result.params()).withConfigs(train, init)
        .withProvenance(provenance), losses);
  }
}
