package org.sparkrnn.ml;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.sparkrnn.io.ModelBundle;

/**
 * What the three estimators share: the training params with their setters, persistence of the
 * params (Spark's DefaultParamsWriter metadata), and fit: read the Dataset
 * ({@link TrainingSet}), train with the CLI's trainer ({@link Fitting}), and hand the result to
 * the model with this estimator's param values.
 */
public abstract class RnnEstimator<M extends RnnModel<M>, E extends RnnEstimator<M, E>>
    extends Estimator<M> implements HasTrainingParams, DefaultParamsWritable {
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

  @SuppressWarnings("unchecked")
  protected final E self() {
    return (E) this;
  }

  /** The Dataset read for training. */
  abstract TrainingSet read(Dataset<?> dataset);

  /** The model of a trained bundle (params are copied over by {@link #fit}). */
  abstract M model(ModelBundle bundle, org.sparkrnn.data.DataSpec spec);

  @Override
  public M fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    org.sparkrnn.config.Settings settings = RnnSettings.of(this);
    TrainingSet data = read(dataset);
    try {
      Fitting.Fitted fitted = Fitting.train(dataset.sparkSession(), settings, data,
          getClass().getSimpleName() + " " + uid);
      M model = copyValues(model(fitted.bundle(), data.spec),
          new org.apache.spark.ml.param.ParamMap());
      model.losses = fitted.losses();
      return model.setParent(this);
    } finally {
      data.release();
    }
  }

  /** Output schema of the fitted model's transform (checks the input columns). */
  @Override
  public abstract StructType transformSchema(StructType schema);

  public E setCellType(String v) {
    set(cellType(), v);
    return self();
  }

  public E setHiddenSize(int v) {
    set(hiddenSize(), v);
    return self();
  }

  public E setNumLayers(int v) {
    set(numLayers(), v);
    return self();
  }

  public E setActivation(String v) {
    set(activation(), v);
    return self();
  }

  public E setBatchSize(int v) {
    set(batchSize(), v);
    return self();
  }

  public E setEpochs(int v) {
    set(epochs(), v);
    return self();
  }

  public E setMaxIter(int v) {
    set(maxIter(), v);
    return self();
  }

  public E setStepSize(double v) {
    set(stepSize(), v);
    return self();
  }

  public E setOptimizer(String v) {
    set(optimizer(), v);
    return self();
  }

  public E setClipNorm(double v) {
    set(clipNorm(), v);
    return self();
  }

  public E setL1(double v) {
    set(l1(), v);
    return self();
  }

  public E setL2(double v) {
    set(l2(), v);
    return self();
  }

  public E setSeed(long v) {
    set(seed(), v);
    return self();
  }

  public E setBpttWindow(int v) {
    set(bpttWindow(), v);
    return self();
  }

  public E setMaxLength(int v) {
    set(maxLength(), v);
    return self();
  }

  public E setNumPartitions(int v) {
    set(numPartitions(), v);
    return self();
  }

  /**
   * Further configuration keys, each "key=value" (model.*, train.*, init.*, spark.fan_in,
   * spark.sync).
   */
  public E setSettings(String... v) {
    set(settings(), v);
    return self();
  }

  public E setIdCol(String v) {
    set(idCol(), v);
    return self();
  }

  public E setHandleInvalid(String v) {
    set(handleInvalid(), v);
    return self();
  }
}
