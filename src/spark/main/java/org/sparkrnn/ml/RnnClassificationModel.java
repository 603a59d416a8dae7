package org.sparkrnn.ml;

import java.util.Arrays;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted {@link RnnClassifier}, one of Spark's probabilistic classification models.
 * transform adds {@code rawPrediction} (vector of the K logits), {@code probability} (vector,
 * their softmax) and {@code prediction} (double: the arg-max class index, or with
 * {@code thresholds} the arg-max of probability/threshold as Spark's classifiers do; nominal ML
 * metadata of K values); an output column set to "" is left out. Rows are scored where they
 * are, a batch of {@code batchSize} per forward pass; {@code predict}, {@code predictRaw} and
 * {@code predictProbability} score one sequence (a featuresCol value).
 */
public final class RnnClassificationModel
    extends ProbabilisticClassificationModel<Object, RnnClassificationModel>
    implements TrainedRnn, TransformSetters<RnnClassificationModel>, RnnClassifierColumns {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final RnnParams rnnParams;
  private final TrainedState trained;

  RnnClassificationModel(String uid, TrainedState trained) {
    this(uid, trained, PendingUid.set(uid));
  }

  private RnnClassificationModel(String uid, TrainedState trained, Void pending) {
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

  /** K, the number of classes. */
  @Override
  public int numClasses() {
    return modelConfig().outputSize();
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
    InputColumns.requireKind(schema, getFeaturesCol(), "featuresCol",
        dataSpec().chars() != null ? InputColumns.Kind.TEXT : InputColumns.Kind.DENSE);
    return OutputColumns.classifier(this, schema, numClasses());
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    String col = getFeaturesCol();
    SequenceScorer scorer = scorer(InvalidRows.of(getHandleInvalid(), dataSpec().chars(),
            dataset.schema(), getIdCol()), Arrays.asList(dataset.schema().fieldNames()).indexOf(col),
        !getRawPredictionCol().isEmpty(), !getProbabilityCol().isEmpty(),
        !getPredictionCol().isEmpty());
    return scorer.transform(dataset, out, bundle().params().data());
  }

  /** The K logits of one sequence (a featuresCol value). */
  @Override
  public Vector predictRaw(Object features) {
    SequenceScorer scorer = scorer(InvalidRows.of(getHandleInvalid(), dataSpec().chars(),
        new StructType(), ""), 0, true, false, false);
    return (Vector) scorer.one(features, bundle().params().data()).get(1);
  }

  /** The softmax of the logits, in place. */
  @Override
  public Vector raw2probabilityInPlace(Vector raw) {
    double[] v = ((DenseVector) raw).values();
    double max = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      max = Math.max(max, x);
    }
    double sum = 0;
    for (int k = 0; k < v.length; k++) {
      v[k] = Math.exp(v[k] - max);
      sum += v[k];
    }
    for (int k = 0; k < v.length; k++) {
      v[k] /= sum;
    }
    return raw;
  }

  private SequenceScorer scorer(InvalidRows invalid, int column, boolean raw, boolean probability,
      boolean prediction) {
    double[] thresholds = isDefined(thresholds()) ? getThresholds() : null;
    if (thresholds != null && thresholds.length != numClasses()) {
      throw new IllegalArgumentException("param thresholds: " + thresholds.length
          + " values, but the model has " + numClasses() + " classes");
    }
    return new SequenceScorer(modelConfig(), getBatchSize(), invalid, column, getFeaturesCol(),
        dataSpec().chars(), raw, probability, prediction, thresholds);
  }

  /**
   * Spark's; declared here because Scala's covariant return types reach Java as two clashing
   * signatures, which only a raw type satisfies.
   */
  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  @Override
  public RnnClassificationModel copy(ParamMap extra) {
    return copyValues(new RnnClassificationModel(uid, trained), extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new RnnModelWriter(this);
  }

  public static MLReader<RnnClassificationModel> read() {
    return new RnnModelReader<>(RnnClassificationModel.class, RnnClassificationModel::new);
  }

  public static RnnClassificationModel load(String path) {
    return read().load(path);
  }
}
