package org.sparkrnn.ml;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * An estimator outside Spark's predictor families (the character language model): the training
 * params with their setters, persistence of the params (Spark's DefaultParamsWriter metadata),
 * and fit through {@link Fitting#fit}, the model getting this estimator's param values. The
 * classifier and regressor are Spark's own kinds of estimator and share the rest.
 */
public abstract class RnnEstimator<M extends RnnModel<M>, E extends RnnEstimator<M, E>>
    extends Estimator<M> implements TrainingSetters<E>, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final RnnParams rnnParams;

  protected RnnEstimator(String uid, RnnParams.Group... groups) {
    this.uid = uid;
    this.rnnParams = new RnnParams(this, groups);
    rnnParams.setDefaults();
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public RnnParams rnnParams() {
    return rnnParams;
  }

  /** The Dataset read for training. */
  abstract TrainingSet read(Dataset<?> dataset);

  /** The model of a trained state (params are copied over by {@link #fit}). */
  abstract M model(TrainedState trained);

  @Override
  public M fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    TrainedState trained = Fitting.fit(this, dataset, this::read);
    return copyValues(model(trained), new ParamMap()).setParent(this);
  }

  /** Output schema of the fitted model's transform (checks the input columns). */
  @Override
  public abstract StructType transformSchema(StructType schema);
}
