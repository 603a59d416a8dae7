package org.sparkrnn.ml;

import java.util.Arrays;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.sparkrnn.data.DataSpec;
import org.sparkrnn.io.ModelBundle;

/**
 * A fitted {@link RnnClassifier}. transform adds {@code rawPrediction} (vector of the K logits),
 * {@code probability} (vector, their softmax) and {@code prediction} (double, the arg-max class
 * index, with nominal ML metadata of K values); an output column set to "" is left out. Rows
 * are scored where they are, a batch of {@code batchSize} per forward pass.
 */
public final class RnnClassificationModel extends RnnModel<RnnClassificationModel>
    implements RnnClassifierColumns {
  private static final long serialVersionUID = 1L;

  RnnClassificationModel(String uid, ModelBundle bundle, DataSpec spec) {
    super(uid, bundle, spec, RnnParams.Group.TRAINING, RnnParams.Group.SEQUENCE_COLUMNS,
        RnnParams.Group.CLASSIFIER_COLUMNS);
  }

  /** K, the number of classes. */
  public int numClasses() {
    return bundle.model().outputSize();
  }

  public RnnClassificationModel setFeaturesCol(String v) {
    set(featuresCol(), v);
    return this;
  }

  public RnnClassificationModel setPredictionCol(String v) {
    set(predictionCol(), v);
    return this;
  }

  public RnnClassificationModel setProbabilityCol(String v) {
    set(probabilityCol(), v);
    return this;
  }

  public RnnClassificationModel setRawPredictionCol(String v) {
    set(rawPredictionCol(), v);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    InputColumns.requireKind(schema, getFeaturesCol(), "featuresCol",
        spec.chars() != null ? InputColumns.Kind.TEXT : InputColumns.Kind.DENSE);
    return OutputColumns.classifier(this, schema, numClasses());
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    String col = getFeaturesCol();
    SequenceScorer scorer = new SequenceScorer(bundle.model(), getBatchSize(),
        InvalidRows.of(getHandleInvalid(), spec.chars(), dataset.schema(), getIdCol()),
        Arrays.asList(dataset.schema().fieldNames()).indexOf(col), col, spec.chars(),
        !getRawPredictionCol().isEmpty(),
        !getProbabilityCol().isEmpty(), !getPredictionCol().isEmpty());
    return scorer.transform(dataset, out, bundle.params().data());
  }

  @Override
  public RnnClassificationModel copy(ParamMap extra) {
    RnnClassificationModel copy =
        copyValues(new RnnClassificationModel(uid(), bundle, spec), extra);
    return withLosses(copy).setParent(parent());
  }

  public static MLReader<RnnClassificationModel> read() {
    return new RnnModelReader<>(RnnClassificationModel.class, RnnClassificationModel::new);
  }

  public static RnnClassificationModel load(String path) {
    return read().load(path);
  }
}
