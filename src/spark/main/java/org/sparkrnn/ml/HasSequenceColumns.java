package org.sparkrnn.ml;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** Input, label and prediction columns of the sequence classifier and regressor. */
public interface HasSequenceColumns extends Params {

  RnnParams rnnParams();

  default Param<String> featuresCol() {
    return rnnParams().featuresCol;
  }

  default Param<String> labelCol() {
    return rnnParams().labelCol;
  }

  default Param<String> predictionCol() {
    return rnnParams().predictionCol;
  }

  default String getFeaturesCol() {
    return $(featuresCol());
  }

  default String getLabelCol() {
    return $(labelCol());
  }

  default String getPredictionCol() {
    return $(predictionCol());
  }
}
