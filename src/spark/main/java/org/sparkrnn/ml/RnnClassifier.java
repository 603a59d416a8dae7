package org.sparkrnn.ml;

import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A recurrent sequence classifier, one of Spark's probabilistic classifiers (so OneVsRest,
 * thresholds and Spark's classifier tooling take it). Input: {@code featuresCol}, a sequence per
 * row — array&lt;array&lt;double&gt;&gt; (or array&lt;vector&gt;) of feature vectors, or a string
 * of characters (vocabulary learned from the training rows) — and {@code labelCol}, the class
 * index 0..K−1 as a number (as StringIndexer makes it; K from the column's ML attribute, else the
 * largest label + 1). Trains a many-to-one softmax network with cross-entropy through the CLI's
 * distributed trainer; the model adds rawPrediction, probability and prediction.
 */
public final class RnnClassifier
    extends ProbabilisticClassifier<Object, RnnClassifier, RnnClassificationModel>
    implements TrainingSetters<RnnClassifier>, HasWeightColumn<RnnClassifier>, RnnClassifierColumns,
    DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final RnnParams rnnParams;

  public RnnClassifier() {
    this(Identifiable.randomUID("rnnClassifier"));
  }

  public RnnClassifier(String uid) {
    this(uid, PendingUid.set(uid));
  }

  private RnnClassifier(String uid, Void pending) {
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
  public RnnClassificationModel train(Dataset<?> dataset) {
    TrainedState trained = Fitting.fit(this, dataset, ds -> TrainingSet.labelled(ds,
        getFeaturesCol(), getLabelCol(), getWeightCol(), true, getMaxLength(),
        getHandleInvalid().equals("keep")));
    return new RnnClassificationModel(uid, trained);
  }

  /**
   * The features type Spark's meta-estimators (OneVsRest) check the input against: a sequence of
   * feature vectors; this stage's own schema check also takes array&lt;vector&gt; and text.
   */
  @Override
  public DataType featuresDataType() {
    return DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    InputColumns.requireNumeric(schema, getLabelCol(), "labelCol");
    return OutputColumns.classifier(this, schema, -1);
  }

  @Override
  public RnnClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<RnnClassifier> read() {
    return new DefaultParamsReader<>();
  }

  public static RnnClassifier load(String path) {
    return read().load(path);
  }
}
