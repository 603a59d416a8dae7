package org.sparkrnn.ml;

import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * A recurrent sequence regressor, one of Spark's regressors: {@code featuresCol} as for
 * {@link RnnClassifier}, {@code labelCol} a real number per row. Trains a many-to-one network
 * with an identity output and mean squared error (another output/loss through
 * {@code settings}, e.g. "model.output_function=sigmoid", "model.loss=mse"); the model adds
 * {@code prediction}.
 */
public final class RnnRegressor extends Regressor<Object, RnnRegressor, RnnRegressionModel>
    implements TrainingSetters<RnnRegressor>, HasWeightColumn<RnnRegressor>, HasSequenceColumns,
    DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final RnnParams rnnParams;

  public RnnRegressor() {
    this(Identifiable.randomUID("rnnRegressor"));
  }

  public RnnRegressor(String uid) {
    this(uid, PendingUid.set(uid));
  }

  private RnnRegressor(String uid, Void pending) {
    this.uid = uid;
    PendingUid.clear();
    this.rnnParams = new RnnParams(this, RnnParams.Group.TRAINING, RnnParams.Group.WEIGHTS);
    rnnParams.setDefaults();
  }

  @Override
  public String uid() {
    return uid != null ? uid : PendingUid.get();
  }

  @Override
  public RnnParams rnnParams() {
    return rnnParams;
  }

  /** Spark's fit has cast the label to double and checked the schema with ours. */
  @Override
  public RnnRegressionModel train(Dataset<?> dataset) {
    TrainedState trained = Fitting.fit(this, dataset, ds -> TrainingSet.labelled(ds,
        getFeaturesCol(), getLabelCol(), getWeightCol(), false, getMaxLength(),
        getHandleInvalid().equals("keep")));
    return new RnnRegressionModel(uid, trained);
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
