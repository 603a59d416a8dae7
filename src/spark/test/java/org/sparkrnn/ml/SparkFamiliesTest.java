package org.sparkrnn.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.classification.OneVsRest;
import org.apache.spark.ml.classification.OneVsRestModel;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sparkrnn.data.DataException;
import org.sparkrnn.spark.LocalSpark;

/**
 * The stages in Spark's families: the classifier is a ProbabilisticClassifier (OneVsRest wraps
 * it, thresholds decide its predictions as Spark's classifiers do, one sequence can be scored
 * alone), the regressor a Regressor.
 */
class SparkFamiliesTest {
  @RegisterExtension
  static final LocalSpark SPARK = new LocalSpark("local[2]");

  static Dataset<Row> classes(int n, long seed) {
    return MlData.frame(SPARK.session(), MlData.classes(n, seed), MlData.DENSE);
  }

  static RnnClassifier classifier() {
    return new RnnClassifier().setHiddenSize(8).setEpochs(12).setBatchSize(16).setStepSize(0.03)
        .setNumPartitions(2).setSeed(3);
  }

  @Test
  void oneVsRestWrapsTheClassifier() {
    ProbabilisticClassifier<Object, RnnClassifier, RnnClassificationModel> rnn = classifier();
    OneVsRestModel ovr = new OneVsRest().setClassifier(rnn).fit(classes(240, 1));
    assertEquals(3, ovr.models().length);
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
        .evaluate(ovr.transform(classes(90, 2)));
    System.out.printf("ml: OneVsRest of 3 binary RNN classifiers, held-out accuracy %.3f%n",
        accuracy);
    assertTrue(accuracy > 0.6, "accuracy " + accuracy + " (chance 0.333)");
  }

  @Test
  void oneSequenceScoresAsInTransformAndThresholdsDecide() {
    RnnClassificationModel model = classifier().fit(classes(240, 1));
    Dataset<Row> test = classes(30, 5);
    List<Row> rows = model.transform(test).collectAsList();
    for (Row r : rows) {
      Object features = r.get(r.fieldIndex("features"));
      assertVectorEquals((Vector) r.getAs("rawPrediction"), model.predictRaw(features));
      assertVectorEquals((Vector) r.getAs("probability"), model.predictProbability(features));
      assertEquals(r.getDouble(r.fieldIndex("prediction")), model.predict(features));
    }

    // a tiny threshold for class 2 makes it win wherever its probability is not negligible
    double[] thresholds = {1, 1, 1e-6};
    List<Row> shifted = model.setThresholds(thresholds).transform(test).collectAsList();
    int changed = 0;
    for (int i = 0; i < rows.size(); i++) {
      Vector p = (Vector) shifted.get(i).getAs("probability");
      int best = 0;
      for (int k = 1; k < 3; k++) {
        if (p.apply(k) / thresholds[k] > p.apply(best) / thresholds[best]) {
          best = k;
        }
      }
      double prediction = shifted.get(i).getDouble(shifted.get(i).fieldIndex("prediction"));
      assertEquals(best, prediction, "row " + i);
      assertEquals(prediction, model.predict(shifted.get(i).get(shifted.get(i).fieldIndex(
          "features"))), "row " + i);
      if (prediction != rows.get(i).getDouble(rows.get(i).fieldIndex("prediction"))) {
        changed++;
      }
    }
    assertNotEquals(0, changed, "the thresholds changed no prediction");
    // thresholds that did not pass the model's setter (from the estimator, or a ParamMap)
    RnnClassificationModel twoThresholds =
        model.copy(new ParamMap().put(model.thresholds(), new double[] {1, 1}));
    assertEquals("param thresholds: 2 values, but the model has 3 classes",
        assertThrows(IllegalArgumentException.class, () -> twoThresholds.transform(test))
            .getMessage());
  }

  @Test
  void regressorIsASparkRegressorAndPredictsOneSequence() {
    Regressor<Object, RnnRegressor, RnnRegressionModel> reg = new RnnRegressor().setHiddenSize(6)
        .setEpochs(3).setBatchSize(16).setNumPartitions(2).setSeed(3);
    RnnRegressionModel model = reg.fit(MlData.frame(SPARK.session(), MlData.means(60, 3),
        MlData.DENSE));
    for (Row r : model.transform(MlData.frame(SPARK.session(), MlData.means(10, 4),
        MlData.DENSE)).collectAsList()) {
      assertEquals(r.getDouble(r.fieldIndex("prediction")),
          model.predict(r.get(r.fieldIndex("features"))), 1e-12);
    }
  }

  /**
   * weightCol: a row of weight 2 trains as that row twice. One full batch per step (batch ≥ rows)
   * and plain SGD (Adam's first steps hide a gradient's scale), so the two fits see the same sums,
   * added in another order.
   */
  @Test
  void aRowOfWeightTwoTrainsAsTwoCopies() {
    List<Row> rows = MlData.classes(30, 7);
    List<Row> weighted = new ArrayList<>();
    List<Row> duplicated = new ArrayList<>(rows);
    for (Row r : rows) {
      boolean twice = r.getLong(0) % 3 == 0;
      weighted.add(RowFactory.create(r.get(0), r.get(1), r.get(2), twice ? 2.0 : 1.0));
      if (twice) {
        duplicated.add(RowFactory.create(1000 + r.getLong(0), r.get(1), r.get(2)));
      }
    }
    StructType withWeight = MlData.DENSE.add("w", DataTypes.DoubleType, false);
    RnnClassifier c = new RnnClassifier().setHiddenSize(5).setEpochs(3).setBatchSize(64)
        .setOptimizer("sgd").setStepSize(0.5).setNumPartitions(2).setSeed(3);
    double[] byWeight = c.copy(new ParamMap()).setWeightCol("w")
        .fit(SPARK.session().createDataFrame(weighted, withWeight)).weights();
    double[] byCopies = c.fit(MlData.frame(SPARK.session(), duplicated, MlData.DENSE)).weights();
    double[] once = c.fit(MlData.frame(SPARK.session(), rows, MlData.DENSE)).weights();
    double err = relativeError(byWeight, byCopies);
    System.out.printf("ml: weight 2 against two copies: max relative difference %.2e; against "
        + "weight 1: %.2e%n", err, relativeError(byWeight, once));
    assertTrue(err <= 1e-9, "weighted and duplicated fits differ by " + err);
    assertTrue(relativeError(byWeight, once) > 1e-6, "the weights changed nothing");

    List<Row> negative = new ArrayList<>(weighted);
    negative.set(4, RowFactory.create(4L, rows.get(4).get(1), rows.get(4).get(2), -1.0));
    Exception e = assertThrows(Exception.class, () -> c.copy(new ParamMap()).setWeightCol("w")
        .fit(SPARK.session().createDataFrame(negative, withWeight)));
    assertEquals("weightCol 'w', row 4: weight -1.0; it must be finite and ≥ 0",
        DataException.find(e).getMessage());
  }

  private static double relativeError(double[] a, double[] b) {
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < a.length; i++) {
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
      scale = Math.max(scale, Math.abs(b[i]));
    }
    return diff / scale;
  }

  /** A batch's products may group rows differently from one row's: equal to 1e-12 relative. */
  private static void assertVectorEquals(Vector expected, Vector actual) {
    assertEquals(expected.size(), actual.size());
    for (int k = 0; k < expected.size(); k++) {
      assertEquals(expected.apply(k), actual.apply(k),
          1e-12 * Math.max(1, Math.abs(expected.apply(k))));
    }
  }
}
