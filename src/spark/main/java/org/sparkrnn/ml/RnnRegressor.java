package org.sparkrnn.ml;

import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.sparkrnn.data.DataSpec;
import org.sparkrnn.io.ModelBundle;

/**
 * A recurrent sequence regressor as a Spark ML estimator: {@code featuresCol} as for
 * {@link RnnClassifier}, {@code labelCol} a real number per row. Trains a many-to-one network
 * with an identity output and mean squared error (another output/loss through
 * {@code settings}, e.g. "model.output_function=sigmoid", "model.loss=mse"); the model adds
 * {@code prediction}.
 */
public final class RnnRegressor extends RnnEstimator<RnnRegressionModel, RnnRegressor>
    implements HasSequenceColumns {
  private static final long serialVersionUID = 1L;

  public RnnRegressor() {
    this(Identifiable.randomUID("rnnRegressor"));
  }

  public RnnRegressor(String uid) {
    super(uid, RnnParams.Group.TRAINING, RnnParams.Group.SEQUENCE_COLUMNS);
  }

  public RnnRegressor setFeaturesCol(String v) {
    set(featuresCol(), v);
    return this;
  }

  public RnnRegressor setLabelCol(String v) {
    set(labelCol(), v);
    return this;
  }

  public RnnRegressor setPredictionCol(String v) {
    set(predictionCol(), v);
    return this;
  }

  @Override
  TrainingSet read(Dataset<?> dataset) {
    return TrainingSet.labelled(dataset, getFeaturesCol(), getLabelCol(), false, getMaxLength(),
        getHandleInvalid().equals("keep"));
  }

  @Override
  RnnRegressionModel model(ModelBundle bundle, DataSpec spec) {
    return new RnnRegressionModel(uid(), bundle, spec);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    InputColumns.requireNumeric(schema, getLabelCol(), "labelCol");
    return OutputColumns.regressor(this, schema);
  }

  @Override
  public RnnRegressor copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<RnnRegressor> read() {
    return new DefaultParamsReader<>();
  }

  public static RnnRegressor load(String path) {
    return read().load(path);
  }
}
