package org.sparkrnn.ml;

import java.util.Arrays;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted {@link RnnRegressor}, one of Spark's regression models: transform adds
 * {@code prediction} (double), rows scored where they are; {@code predict} scores one sequence.
 */
public final class RnnRegressionModel extends RegressionModel<Object, RnnRegressionModel>
    implements TrainedRnn, TransformSetters<RnnRegressionModel>, HasSequenceColumns {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final RnnParams rnnParams;
  private final TrainedState trained;

  RnnRegressionModel(String uid, TrainedState trained) {
    this(uid, trained, PendingUid.set(uid));
  }

  private RnnRegressionModel(String uid, TrainedState trained, Void pending) {
    this.uid = uid;
    PendingUid.clear();
    this.trained = trained;
    this.rnnParams = new RnnParams(this, RnnParams.Group.TRAINING);
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

  @Override
  public TrainedState trained() {
    return trained;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    InputColumns.requireKind(schema, getFeaturesCol(), "featuresCol",
        dataSpec().chars() != null ? InputColumns.Kind.TEXT : InputColumns.Kind.DENSE);
    return OutputColumns.regressor(this, schema);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    SequenceScorer scorer = scorer(InvalidRows.of(getHandleInvalid(), dataSpec().chars(),
        dataset.schema(), getIdCol()),
        Arrays.asList(dataset.schema().fieldNames()).indexOf(getFeaturesCol()),
        !getPredictionCol().isEmpty());
    return scorer.transform(dataset, out, bundle().params().data());
  }

  /** The prediction for one sequence (a featuresCol value). */
  @Override
  public double predict(Object features) {
    SequenceScorer scorer = scorer(InvalidRows.of(getHandleInvalid(), dataSpec().chars(),
        new StructType(), ""), 0, true);
    return scorer.one(features, bundle().params().data()).getDouble(1);
  }

  private SequenceScorer scorer(InvalidRows invalid, int column, boolean prediction) {
    return new SequenceScorer(modelConfig(), getBatchSize(), invalid, column, getFeaturesCol(),
        dataSpec().chars(), false, false, prediction, null);
  }

  @Override
  public RnnRegressionModel copy(ParamMap extra) {
    return copyValues(new RnnRegressionModel(uid, trained), extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new RnnModelWriter(this);
  }

  public static MLReader<RnnRegressionModel> read() {
    return new RnnModelReader<>(RnnRegressionModel.class, RnnRegressionModel::new);
  }

  public static RnnRegressionModel load(String path) {
    return read().load(path);
  }
}
