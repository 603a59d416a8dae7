package org.sparkrnn.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.ml.classification.OneVsRest;
import org.apache.spark.ml.classification.OneVsRestModel;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

  /** A batch's products may group rows differently from one row's: equal to 1e-12 relative. */
  private static void assertVectorEquals(Vector expected, Vector actual) {
    assertEquals(expected.size(), actual.size());
    for (int k = 0; k < expected.size(); k++) {
      assertEquals(expected.apply(k), actual.apply(k),
          1e-12 * Math.max(1, Math.abs(expected.apply(k))));
    }
  }
}
