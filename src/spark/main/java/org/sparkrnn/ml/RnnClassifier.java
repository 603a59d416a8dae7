package org.sparkrnn.ml;

import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.sparkrnn.data.DataSpec;
import org.sparkrnn.io.ModelBundle;

/**
 * A recurrent sequence classifier as a Spark ML estimator. Input: {@code featuresCol}, a sequence
 * per row — array&lt;array&lt;double&gt;&gt; (or array&lt;vector&gt;) of feature vectors, or a
 * string of characters (vocabulary learned from the training rows) — and {@code labelCol}, the
 * class index 0..K−1 as a number (as StringIndexer makes it; K from the column's ML attribute, else
 * the largest label + 1). Trains a many-to-one softmax network with cross-entropy through the
 * CLI's distributed trainer; the model adds rawPrediction, probability and prediction.
 */
public final class RnnClassifier extends RnnEstimator<RnnClassificationModel, RnnClassifier>
    implements RnnClassifierColumns {
  private static final long serialVersionUID = 1L;

  public RnnClassifier() {
    this(Identifiable.randomUID("rnnClassifier"));
  }

  public RnnClassifier(String uid) {
    super(uid, RnnParams.Group.TRAINING, RnnParams.Group.SEQUENCE_COLUMNS,
        RnnParams.Group.CLASSIFIER_COLUMNS);
  }

  public RnnClassifier setFeaturesCol(String v) {
    set(featuresCol(), v);
    return this;
  }

  public RnnClassifier setLabelCol(String v) {
    set(labelCol(), v);
    return this;
  }

  public RnnClassifier setPredictionCol(String v) {
    set(predictionCol(), v);
    return this;
  }

  public RnnClassifier setProbabilityCol(String v) {
    set(probabilityCol(), v);
    return this;
  }

  public RnnClassifier setRawPredictionCol(String v) {
    set(rawPredictionCol(), v);
    return this;
  }

  @Override
  TrainingSet read(Dataset<?> dataset) {
    return TrainingSet.labelled(dataset, getFeaturesCol(), getLabelCol(), true, getMaxLength(),
        getHandleInvalid().equals("keep"));
  }

  @Override
  RnnClassificationModel model(ModelBundle bundle, DataSpec spec) {
    return new RnnClassificationModel(uid(), bundle, spec);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    InputColumns.requireNumeric(schema, getLabelCol(), "labelCol");
    return OutputColumns.classifier(this, schema, -1);
  }

  @Override
  public RnnClassifier copy(org.apache.spark.ml.param.ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<RnnClassifier> read() {
    return new DefaultParamsReader<>();
  }

  public static RnnClassifier load(String path) {
    return read().load(path);
  }
}
