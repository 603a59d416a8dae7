package org.sparkrnn.ml;

import java.util.Arrays;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.sparkrnn.data.DataSpec;
import org.sparkrnn.io.ModelBundle;

/** A fitted {@link RnnRegressor}: transform adds {@code prediction} (double). */
public final class RnnRegressionModel extends RnnModel<RnnRegressionModel>
    implements HasSequenceColumns {
  private static final long serialVersionUID = 1L;

  RnnRegressionModel(String uid, ModelBundle bundle, DataSpec spec) {
    super(uid, bundle, spec, RnnParams.Group.TRAINING, RnnParams.Group.SEQUENCE_COLUMNS);
  }

  public RnnRegressionModel setFeaturesCol(String v) {
    set(featuresCol(), v);
    return this;
  }

  public RnnRegressionModel setPredictionCol(String v) {
    set(predictionCol(), v);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    InputColumns.requireKind(schema, getFeaturesCol(), "featuresCol",
        spec.chars() != null ? InputColumns.Kind.TEXT : InputColumns.Kind.DENSE);
    return OutputColumns.regressor(this, schema);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    String col = getFeaturesCol();
    SequenceScorer scorer = new SequenceScorer(bundle.model(), getBatchSize(),
        InvalidRows.of(getHandleInvalid(), spec.chars(), dataset.schema(), getIdCol()),
        Arrays.asList(dataset.schema().fieldNames()).indexOf(col), col, spec.chars(),
        false, false, !getPredictionCol().isEmpty());
    return scorer.transform(dataset, out, bundle.params().data());
  }

  @Override
  public RnnRegressionModel copy(ParamMap extra) {
    RnnRegressionModel copy = copyValues(new RnnRegressionModel(uid(), bundle, spec), extra);
    return withLosses(copy).setParent(parent());
  }

  public static MLReader<RnnRegressionModel> read() {
    return new RnnModelReader<>(RnnRegressionModel.class, RnnRegressionModel::new);
  }

  public static RnnRegressionModel load(String path) {
    return read().load(path);
  }
}
